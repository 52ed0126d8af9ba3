/** A rule group whose one alert, QueueStuck (service orders, critical), fires once `queue_depth` passes 100. */
export const QUEUE_STUCK_RULES = `groups:
  - name: queue
    interval: 1s
    rules:
      - alert: QueueStuck
        expr: queue_depth > 100
        labels: { severity: critical, service: orders }
`;
