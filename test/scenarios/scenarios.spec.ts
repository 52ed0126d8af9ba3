import { forewarnDetect } from './forewarn-detect';
import { METRIC_FAMILIES } from './metric-families';
import { ScenarioReport, runScenarios } from './run-scenarios';
import { SCENARIOS } from './scenarios';

/**
 * The targets of the detection work (issue 6) on the synthetic incident suite, with forewarn's own rules: the ensemble
 * anomaly detector (alerting after 3 anomalous points in a row) and seasonal_linear forecasts of the static threshold.
 * `node -r @swc-node/register test/scenarios/report-scenarios.ts` prints the measured tables.
 */
describe('incident scenarios', () => {
  let report: ScenarioReport;

  beforeAll(() => {
    report = runScenarios(forewarnDetect);
  });

  it.each(SCENARIOS.map((spec) => [spec.incident.name, spec.family.name]))(
    'detects the %s (%s)',
    (scenario) => {
      expect(report.scenarios.find((outcome) => outcome.scenario === scenario)).toMatchObject({
        detected: true,
      });
    },
  );

  it('warns ahead of the static threshold, on median', () => {
    expect(report.medianLeadMs).toBeGreaterThan(0);
  });

  it.each(SCENARIOS.map((spec) => [spec.incident.name, spec.family.name]))(
    'warns about the %s (%s) before the static threshold fires',
    (scenario) => {
      expect(report.scenarios.find((outcome) => outcome.scenario === scenario)?.leadMs).toBeGreaterThan(0);
    },
  );

  const falseAlertsPerWeek = (name: string) =>
    report.families.find((outcome) => outcome.family === name)?.falseAlertsPerWeek;

  it.each(METRIC_FAMILIES.map((family) => family.name))(
    'raises at most 1 false alert a week on clean %s',
    (name) => {
      expect(falseAlertsPerWeek(name)).toBeLessThanOrEqual(1);
    },
  );
});
