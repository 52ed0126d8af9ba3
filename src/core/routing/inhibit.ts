import { fingerprint } from '../labels/labels';
import { Labels } from '../model';
import { matchersMatch } from './label-matchers';
import { InhibitRule } from './load-routing-config';

/**
 * Inhibition, as Alertmanager's `inhibit/inhibit.go`: a firing source alert mutes a target alert when every `equal`
 * label has the same value on both (a label missing on both sides, or empty, counts as equal). An alert never
 * inhibits itself: when the target also matches the source side, sources that also match the target side are
 * disregarded. Silences play no part: pass every firing alert, silenced or not, since a silenced source still inhibits.
 */

/** The firing alerts that inhibit `alert` under `rules`, first rule first; empty when it is not inhibited. */
export function inhibitingAlerts(
  alert: Labels,
  firingAlerts: readonly Labels[],
  rules: readonly InhibitRule[],
): Labels[] {
  const self = fingerprint(alert);
  const found: Labels[] = [];
  for (const rule of rules) {
    if (!matchersMatch(rule.targetMatchers, alert)) {
      continue;
    }
    const excludeTwoSided = matchersMatch(rule.sourceMatchers, alert);
    for (const source of firingAlerts) {
      if (!matchersMatch(rule.sourceMatchers, source) || fingerprint(source) === self) {
        continue;
      }
      if (!rule.equal.every((name) => (source[name] ?? '') === (alert[name] ?? ''))) {
        continue;
      }
      if (excludeTwoSided && matchersMatch(rule.targetMatchers, source)) {
        continue;
      }
      if (!found.includes(source)) {
        found.push(source);
      }
    }
  }
  return found;
}

/** Whether any firing alert inhibits `alert` (Alertmanager's `Inhibitor.Mutes`). */
export function isInhibited(
  alert: Labels,
  firingAlerts: readonly Labels[],
  rules: readonly InhibitRule[],
): boolean {
  return inhibitingAlerts(alert, firingAlerts, rules).length > 0;
}
