import { Sample } from 'src/core/forecast/forecast-model';
import {
  Incident,
  diskFilling,
  errorRateStep,
  latencyCreep,
  memoryLeak,
  seasonalShift,
  sensorStuck,
  slowSloBurn,
  trafficDrop,
} from './incidents';
import {
  METRIC_FAMILIES,
  MetricFamily,
  cpu,
  disk,
  errorRatio,
  latency,
  memory,
  sensor,
  sloBudget,
  traffic,
} from './metric-families';
import { seededRandom } from './prng';
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS } from './time-shapes';

/** Clean data for tuning static thresholds and counting false alerts: 4 weeks from Monday 2026-01-05. */
export const CLEAN_START_MS = Date.parse('2026-01-05T00:00:00Z');
export const CLEAN_WEEKS = 4;

/** Every scenario starts on Monday 2026-03-02 and has two clean weeks before its incident to learn from. */
const HISTORY_START_MS = Date.parse('2026-03-02T00:00:00Z');

export interface ScenarioSpec {
  family: MetricFamily;
  incident: Incident;
  /** Seeds the clean part; different from the family's clean weeks, so thresholds are not tuned on it. */
  seed: number;
  startMs: number;
  /** How long the series goes on after the start. */
  afterMs: number;
}

export interface Scenario extends ScenarioSpec {
  points: Sample[];
}

/** Day `day` (0 = the first Monday) of the scenario history, at `hour`. */
function at(day: number, hour: number): number {
  return HISTORY_START_MS + day * DAY_MS + hour * HOUR_MS;
}

export const SCENARIOS: readonly ScenarioSpec[] = [
  { family: memory, incident: memoryLeak, seed: 101, startMs: at(15, 9), afterMs: DAY_MS },
  { family: disk, incident: diskFilling, seed: 102, startMs: at(16, 13), afterMs: DAY_MS },
  { family: latency, incident: latencyCreep, seed: 103, startMs: at(14, 10), afterMs: DAY_MS },
  { family: errorRatio, incident: errorRateStep, seed: 104, startMs: at(17, 11), afterMs: 12 * HOUR_MS },
  // Half the daytime traffic is still above the weekly trough: the static threshold waits for the night.
  { family: traffic, incident: trafficDrop, seed: 105, startMs: at(15, 10), afterMs: 36 * HOUR_MS },
  { family: sloBudget, incident: slowSloBurn, seed: 106, startMs: at(14, 8), afterMs: 3 * DAY_MS },
  { family: cpu, incident: seasonalShift, seed: 107, startMs: at(16, 19), afterMs: DAY_MS },
  // A stuck value never crosses the overheat threshold: only a detector can notice.
  { family: sensor, incident: sensorStuck, seed: 108, startMs: at(18, 2.5), afterMs: DAY_MS },
];

/** One point a minute over [fromMs, toMs). */
export function generate(family: MetricFamily, seed: number, fromMs: number, toMs: number): Sample[] {
  const next = family.clean(seededRandom(seed));
  const points: Sample[] = [];
  for (let tsMs = fromMs; tsMs < toMs; tsMs += MINUTE_MS) {
    points.push([tsMs, next(tsMs)]);
  }
  return points;
}

/** Series are deterministic, so each is built once per process and shared (callers only read them). */
const built = new Map<string, Sample[]>();

function once(key: string, build: () => Sample[]): Sample[] {
  const cached = built.get(key) ?? build();
  built.set(key, cached);
  return cached;
}

/** A family's clean weeks; their seed is the family's position in METRIC_FAMILIES, plus 1. */
export function cleanWeeks(family: MetricFamily): Sample[] {
  const seed = METRIC_FAMILIES.indexOf(family) + 1;
  return once(`clean ${family.name}`, () =>
    generate(family, seed, CLEAN_START_MS, CLEAN_START_MS + CLEAN_WEEKS * WEEK_MS),
  );
}

/** The clean series of a scenario: its history and what would have followed without the incident. */
export function scenarioBaseline(spec: ScenarioSpec): Sample[] {
  return once(`baseline ${spec.family.name} ${spec.seed} ${spec.startMs + spec.afterMs}`, () =>
    generate(spec.family, spec.seed, HISTORY_START_MS, spec.startMs + spec.afterMs),
  );
}

export function buildScenario(spec: ScenarioSpec): Scenario {
  const points = once(`${spec.incident.name} ${spec.family.name} ${spec.seed} ${spec.startMs}`, () =>
    spec.incident.apply(scenarioBaseline(spec), spec.startMs),
  );
  return { ...spec, points };
}
