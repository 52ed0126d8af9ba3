import { Sample } from 'src/core/forecast/forecast-model';
import { alertOnsets } from './alert-onsets';
import { METRIC_FAMILIES, memory } from './metric-families';
import { ScenarioReport, runScenarios } from './run-scenarios';
import { SCENARIOS, buildScenario, cleanWeeks, generate, scenarioBaseline } from './scenarios';
import { staticAlerts, tuneStaticThreshold } from './static-threshold';
import { MINUTE_MS } from './time-shapes';

const T0 = Date.parse('2026-01-05T00:00:00Z');

/** Values one minute apart from T0. */
function minutes(...values: number[]): Sample[] {
  return values.map((value, index) => [T0 + index * MINUTE_MS, value]);
}

describe(alertOnsets.name, () => {
  it.each<[string, boolean[], number, number[]]>([
    ['fires once the condition has held for `for`', [false, true, true, true, true], 2, [3]],
    ['with for 0, fires on the first active point', [true, true, false, true], 0, [0, 3]],
    ['restarts the wait after the condition clears', [true, true, false, true, true, true], 2, [5]],
    ['never fires on a shorter run', [true, true, false, true, false], 2, []],
  ])('%s', (_name, active, forMinutes, expected) => {
    const times = active.map((_, index) => T0 + index * MINUTE_MS);
    expect(alertOnsets(times, active, forMinutes * MINUTE_MS)).toEqual(expected.map((index) => times[index]));
  });
});

describe(tuneStaticThreshold.name, () => {
  // for: 1m → windows of 2 points. Minima: 1 5 2 2 6 6 1 → 6. Maxima: 5 5 5 6 6 6 6 → 5.
  const points = minutes(1, 5, 5, 2, 6, 6, 6, 1);

  it.each([
    ['above', 6],
    ['below', 5],
  ] as const)('finds the tightest silent threshold %s', (direction, threshold) => {
    expect(tuneStaticThreshold(points, { direction, forMs: MINUTE_MS })).toEqual({
      direction,
      forMs: MINUTE_MS,
      threshold,
    });
  });

  it.each(METRIC_FAMILIES.map((family) => family.name))(
    'is silent on, and only just, the clean %s weeks',
    (name) => {
      const family = METRIC_FAMILIES.find((candidate) => candidate.name === name) ?? memory;
      const clean = cleanWeeks(family);
      const tuned = tuneStaticThreshold(clean, family.staticRule);
      const tighter = tuned.threshold + (tuned.direction === 'above' ? -1e-9 : 1e-9);
      expect(staticAlerts(clean, tuned)).toEqual([]);
      expect(staticAlerts(clean, { ...tuned, threshold: tighter }).length).toBeGreaterThan(0);
    },
  );
});

describe('scenario series', () => {
  it('are the same for the same seed and differ for another', () => {
    const from = T0;
    const to = T0 + 600 * MINUTE_MS;
    expect(generate(memory, 7, from, to)).toEqual(generate(memory, 7, from, to));
    expect(generate(memory, 8, from, to)).not.toEqual(generate(memory, 7, from, to));
  });

  it.each(SCENARIOS.map((spec) => [spec.incident.name, spec]))(
    '%s changes the series from its start on',
    (_name, spec) => {
      const baseline = scenarioBaseline(spec);
      const changed = buildScenario(spec).points.filter(([, value], index) => value !== baseline[index]?.[1]);
      expect(changed.length).toBeGreaterThan(0);
      expect(changed[0]?.[0]).toBeGreaterThanOrEqual(spec.startMs);
    },
  );
});

describe(runScenarios.name, () => {
  let report: ScenarioReport;

  beforeAll(() => {
    // The static threshold as the detector: it is its own impact, so every lead is 0 and clean weeks stay silent.
    report = runScenarios((points, { staticThreshold }) => staticAlerts(points, staticThreshold));
  });

  it('gives the static threshold itself no lead', () => {
    const fired = report.scenarios.filter((outcome) => outcome.impactMs !== null);
    expect(fired.map((outcome) => [outcome.scenario, outcome.leadMs])).toEqual(
      fired.map((outcome) => [outcome.scenario, 0]),
    );
  });

  it('has an impact time for every scenario but the stuck sensor', () => {
    expect(
      report.scenarios.filter((outcome) => outcome.impactMs === null).map((outcome) => outcome.scenario),
    ).toEqual(['sensor stuck']);
  });

  it('counts no false alerts for the tuned static thresholds', () => {
    expect(report.families.map((outcome) => outcome.falseAlertsPerWeek)).toEqual(
      METRIC_FAMILIES.map(() => 0),
    );
  });

  it('counts a missed incident as missed', () => {
    const silent = runScenarios(() => []);
    expect(silent.scenarios.every((outcome) => !outcome.detected && outcome.leadMs === -Infinity)).toBe(true);
    expect(silent.medianLeadMs).toBe(-Infinity);
  });
});
