import { Sample } from 'src/core/forecast/forecast-model';
import { MetricFamily, METRIC_FAMILIES } from './metric-families';
import { CLEAN_WEEKS, SCENARIOS, buildScenario, cleanWeeks } from './scenarios';
import { StaticThreshold, staticAlerts, tuneStaticThreshold } from './static-threshold';

export interface DetectContext {
  family: MetricFamily;
  /** The family's static threshold, tuned on its clean weeks (a forecast rule predicts its crossing). */
  staticThreshold: StaticThreshold;
}

/** Replays a whole series through a rule and returns when its alerts fired (one time per alert). */
export type Detect = (points: readonly Sample[], context: DetectContext) => number[];

export interface FamilyOutcome {
  family: string;
  staticThreshold: StaticThreshold;
  /** Alerts on the family's clean weeks, per week. */
  falseAlertsPerWeek: number;
}

export interface ScenarioOutcome {
  scenario: string;
  family: string;
  startMs: number;
  /** When the static threshold first fires at or after the start; null if it never does. */
  impactMs: number | null;
  /** The first alert at or after the start; null if none. */
  detectedMs: number | null;
  detected: boolean;
  /**
   * How long before the static threshold the incident was detected (negative: after it). +Infinity when the static
   * threshold never fires but the incident was detected; −Infinity when it was not detected.
   */
  leadMs: number;
  /** Alerts in the clean history before the start. */
  alertsBeforeStart: number;
}

export interface ScenarioReport {
  families: FamilyOutcome[];
  scenarios: ScenarioOutcome[];
  medianLeadMs: number;
}

/**
 * Runs `detect` over every family's clean weeks (false alerts) and every incident scenario (detection and lead time
 * against the family's static threshold).
 */
export function runScenarios(detect: Detect): ScenarioReport {
  const families = METRIC_FAMILIES.map((family) => {
    const clean = cleanWeeks(family);
    const staticThreshold = tuneStaticThreshold(clean, family.staticRule);
    const alerts = detect(clean, { family, staticThreshold });
    return { family, staticThreshold, falseAlertsPerWeek: alerts.length / CLEAN_WEEKS };
  });
  const scenarios = SCENARIOS.map((spec): ScenarioOutcome => {
    const { points, family, incident, startMs } = buildScenario(spec);
    const tuned = families.find((outcome) => outcome.family === family);
    if (tuned === undefined) {
      throw new Error(`scenario ${incident.name}: family ${family.name} is not in METRIC_FAMILIES`);
    }
    const alerts = detect(points, { family, staticThreshold: tuned.staticThreshold });
    const impactMs = staticAlerts(points, tuned.staticThreshold).find((tsMs) => tsMs >= startMs) ?? null;
    const detectedMs = alerts.find((tsMs) => tsMs >= startMs) ?? null;
    return {
      scenario: incident.name,
      family: family.name,
      startMs,
      impactMs,
      detectedMs,
      detected: detectedMs !== null,
      leadMs: detectedMs === null ? -Infinity : impactMs === null ? Infinity : impactMs - detectedMs,
      alertsBeforeStart: alerts.filter((tsMs) => tsMs < startMs).length,
    };
  });
  return {
    families: families.map(({ family, staticThreshold, falseAlertsPerWeek }) => ({
      family: family.name,
      staticThreshold,
      falseAlertsPerWeek,
    })),
    scenarios,
    medianLeadMs: medianLead(scenarios.map((outcome) => outcome.leadMs)),
  };
}

/** The median, with ±Infinity (missed, or no static alert) taking part like any other lead. */
function medianLead(leads: readonly number[]): number {
  const sorted = [...leads].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const low = sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
  const high = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  return low === high ? low : (low + high) / 2;
}
