import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** forewarn's own Prometheus metrics, on a registry per application (served at `/metrics`). */
@Injectable()
export class TelemetryService {
  readonly registry = new Registry();

  readonly rulesLastReloadSuccess = new Gauge({
    name: 'forewarn_rules_last_reload_success',
    help: 'Whether the last rule reload succeeded (1) or kept the previous rules because of errors (0).',
    registers: [this.registry],
  });

  readonly rulesLastReloadTimestamp = new Gauge({
    name: 'forewarn_rules_last_reload_timestamp_seconds',
    help: 'Time of the last rule reload attempt.',
    registers: [this.registry],
  });

  readonly rulesLoaded = new Gauge({
    name: 'forewarn_rules_loaded',
    help: 'Rules in the running rule set.',
    registers: [this.registry],
  });

  readonly ingestedSamples = new Counter({
    name: 'forewarn_ingested_samples_total',
    help: 'Samples committed through the write API.',
    registers: [this.registry],
  });

  readonly groupEvaluationSeconds = new Histogram({
    name: 'forewarn_rule_group_evaluation_duration_seconds',
    help: 'Time to evaluate one rule group at one slot.',
    labelNames: ['group'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly notificationsSent = new Counter({
    name: 'forewarn_notifications_sent_total',
    help: 'Notifications delivered, by channel.',
    labelNames: ['channel'],
    registers: [this.registry],
  });

  readonly notificationFailures = new Counter({
    name: 'forewarn_notification_failures_total',
    help: 'Failed delivery attempts, by channel and whether they will be retried.',
    labelNames: ['channel', 'retryable'],
    registers: [this.registry],
  });

  readonly notificationsFailed = new Counter({
    name: 'forewarn_notifications_failed_total',
    help: 'Notifications given up on (a permanent refusal, or retries exhausted), by channel.',
    labelNames: ['channel'],
    registers: [this.registry],
  });

  readonly notificationDecisions = new Counter({
    name: 'forewarn_notification_decisions_total',
    help: 'Dedup decisions of incident flushes per integration, by reason (first notification, no change, ...).',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'forewarn_' });
  }
}
