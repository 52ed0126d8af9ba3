import { ReportAlert, ReportIncident } from './report-incident';

const WEEK_MS = 7 * 86_400_000;

/** A rule ranked by how many alerts it raised. */
export interface NoisyRule {
  readonly groupName: string;
  readonly ruleName: string;
  /** Alert episodes: one per series and firing (an alert routed into several incidents counts once). */
  readonly alerts: number;
  /** alerts ÷ the weeks of the period elapsed so far. */
  readonly alertsPerWeek: number;
  /** Episodes none of whose incidents was ever acknowledged. */
  readonly neverAcknowledged: number;
  /** neverAcknowledged ÷ alerts. */
  readonly neverAcknowledgedShare: number;
}

/**
 * The rules with the most alert episodes among `alerts` (those of the report's incidents), most first; ties by the
 * share never acknowledged, then by name. `elapsedMs` is the length of the period up to now (a week-long period
 * gives alerts per week = alerts).
 */
export function noisyRules(
  alerts: readonly ReportAlert[],
  incidents: ReadonlyMap<string, ReportIncident>,
  elapsedMs: number,
  limit = 10,
): NoisyRule[] {
  // Keys joined with NUL, which label values and rule names do not contain (cheaper than JSON for 10k+ alerts).
  const episodes = new Map<string, { groupName: string; ruleName: string; acknowledged: boolean }>();
  for (const alert of alerts) {
    const incident = incidents.get(alert.incidentId);
    if (incident === undefined) {
      continue;
    }
    const key = `${alert.groupName}\0${alert.ruleName}\0${alert.fingerprint}\0${alert.firedAtMs}`;
    const episode = episodes.get(key);
    if (episode === undefined) {
      episodes.set(key, {
        groupName: alert.groupName,
        ruleName: alert.ruleName,
        acknowledged: incident.acknowledgedAtMs !== null,
      });
    } else if (incident.acknowledgedAtMs !== null) {
      episode.acknowledged = true;
    }
  }
  const rules = new Map<string, { groupName: string; ruleName: string; alerts: number; never: number }>();
  for (const episode of episodes.values()) {
    const key = `${episode.groupName}\0${episode.ruleName}`;
    let rule = rules.get(key);
    if (rule === undefined) {
      rule = { groupName: episode.groupName, ruleName: episode.ruleName, alerts: 0, never: 0 };
      rules.set(key, rule);
    }
    rule.alerts += 1;
    rule.never += episode.acknowledged ? 0 : 1;
  }
  const weeks = elapsedMs / WEEK_MS;
  return [...rules.values()]
    .map((rule) => ({
      groupName: rule.groupName,
      ruleName: rule.ruleName,
      alerts: rule.alerts,
      alertsPerWeek: weeks > 0 ? rule.alerts / weeks : 0,
      neverAcknowledged: rule.never,
      neverAcknowledgedShare: rule.never / rule.alerts,
    }))
    .sort(
      (a, b) =>
        b.alerts - a.alerts ||
        b.neverAcknowledgedShare - a.neverAcknowledgedShare ||
        a.ruleName.localeCompare(b.ruleName) ||
        a.groupName.localeCompare(b.groupName),
    )
    .slice(0, limit);
}
