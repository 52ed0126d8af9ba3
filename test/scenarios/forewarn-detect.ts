import { anomalyAlerts } from './anomaly-alerts';
import { forecastAlerts } from './forecast-alerts';
import { Detect } from './run-scenarios';

/** forewarn's own rules on each family: the family's anomaly rule, or its forecast of the static threshold. */
export const forewarnDetect: Detect = (points, { family, staticThreshold }) => {
  switch (family.rule.kind) {
    case 'anomaly':
      return anomalyAlerts(points, family.rule);
    case 'forecast':
      return forecastAlerts(points, family.rule, staticThreshold);
  }
};
