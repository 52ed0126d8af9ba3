import { anomalyAlerts } from './anomaly-alerts';
import { forecastAlerts } from './forecast-alerts';
import { Detect } from './run-scenarios';

/**
 * forewarn's own rules on each family: anomaly rules, and forecasts of the static threshold. The alerts of all of a
 * family's rules count, in time order.
 */
export const forewarnDetect: Detect = (points, { family, staticThreshold }) =>
  family.rules
    .flatMap((rule) => {
      switch (rule.kind) {
        case 'anomaly':
          return anomalyAlerts(points, rule);
        case 'forecast':
          return forecastAlerts(points, rule, staticThreshold);
      }
    })
    .sort((a, b) => a - b);
