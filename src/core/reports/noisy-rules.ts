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
  const episodes = new Map<string, { groupName: string; ruleName: string; acknowledged: boolean }>();
  for (const alert of alerts) {
    const incident = incidents.get(alert.incidentId);
    if (incident === undefined) {
      continue;
    }
    const key = JSON.stringify([alert.groupName, alert.ruleName, alert.fingerprint, alert.firedAtMs]);
    const acknowledged = incident.acknowledgedAtMs !== null || episodes.get(key)?.acknowledged === true;
    episodes.set(key, { groupName: alert.groupName, ruleName: alert.ruleName, acknowledged });
  }
  const rules = new Map<string, { groupName: string; ruleName: string; alerts: number; never: number }>();
  for (const episode of episodes.values()) {
    const key = JSON.stringify([episode.groupName, episode.ruleName]);
    const rule = rules.get(key) ?? {
      groupName: episode.groupName,
      ruleName: episode.ruleName,
      alerts: 0,
      never: 0,
    };
    rule.alerts += 1;
    rule.never += episode.acknowledged ? 0 : 1;
    rules.set(key, rule);
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
