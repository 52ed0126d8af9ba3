import { fingerprint, sortLabels, withoutMetricName } from '../labels/labels';
import { Labels, VectorElement } from '../model';
import { AlertState, AlertTransition, RESOLVED_RETENTION_MS } from './alert-state';

/** What to do with an alert whose series has no data: fire on it, keep the last state, or treat it as resolved. */
export type NoDataPolicy = 'alert' | 'keep' | 'resolve';

/** Label set on the alert a `no_data: alert` rule raises when its expression returns no series at all. */
export const NO_DATA_LABEL = 'nodata';

/** What the state machine needs to know about a rule. */
export interface AlertRuleSpec {
  readonly name: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  /** A firing alert stays firing at least this long (flap control). */
  readonly minFiringMs: number;
  readonly noData: NoDataPolicy;
  /** Whether the rule has a `resolve_when` condition; then a firing alert resolves only when it holds. */
  readonly hasResolveCondition: boolean;
  /** Group labels merged under rule labels. */
  readonly labels: Labels;
  /** Renders the rule's annotations for one alert; templating lives outside the state machine. */
  readonly renderAnnotations: (context: { value: number; labels: Labels }) => Labels;
}

/** One evaluation's view of the data. */
export interface AlertRuleInput {
  /** Series that breach now (the rule's condition holds), with the value to show. */
  readonly breaching: readonly VectorElement[];
  /**
   * Series that have data now, breaching or not. Undefined when the expression cannot tell (then a missing series
   * counts as not breaching, which is the `resolve` policy).
   */
  readonly present?: readonly VectorElement[];
  /** Series whose `resolve_when` condition holds (only read when the rule has one). */
  readonly resolvable?: readonly VectorElement[];
}

export interface AlertRuleEvaluation {
  /** Every alert the rule still tracks, to be persisted as is. Alerts not in this list are forgotten. */
  readonly alerts: AlertState[];
  readonly transitions: AlertTransition[];
}

/** The alert labels for one result element: series labels without `__name__`, rule labels over them, and `alertname`. */
export function alertLabels(rule: Pick<AlertRuleSpec, 'name' | 'labels'>, seriesLabels: Labels): Labels {
  return sortLabels({ ...withoutMetricName(seriesLabels), ...rule.labels, alertname: rule.name });
}

function fingerprintsOf(
  rule: AlertRuleSpec,
  elements: readonly VectorElement[] | undefined,
): Set<string> | undefined {
  return elements && new Set(elements.map((element) => fingerprint(alertLabels(rule, element.labels))));
}

/**
 * One evaluation of an alerting rule at `nowMs`: a pure transition from the previous alerts and the data to the next
 * alerts and the notifications owed. Follows Prometheus's `AlertingRule.Eval` (pending → firing after `for`;
 * `keep_firing_for`; resolved alerts kept 15 minutes; a breach after resolution is a new alert) and adds:
 * - `no_data`: `resolve` (Prometheus), `keep` (a series without data keeps its alert's state), or `alert` (it counts
 *   as breaching, and a rule whose expression returns no series at all raises one `nodata="true"` alert);
 * - `min_firing`: a firing alert does not resolve before it has fired this long;
 * - `resolve_when`: a firing alert that stopped breaching resolves only once this condition holds for its series.
 */
export function evaluateAlertRule(
  rule: AlertRuleSpec,
  previous: readonly AlertState[],
  input: AlertRuleInput,
  nowMs: number,
): AlertRuleEvaluation {
  const present = fingerprintsOf(rule, input.present);
  const resolvable = fingerprintsOf(rule, input.resolvable);
  const breaching = [...input.breaching];
  if (rule.noData === 'alert' && input.present !== undefined && input.present.length === 0) {
    breaching.push({ labels: { [NO_DATA_LABEL]: 'true' }, value: NaN });
  }

  const byFingerprint = new Map(previous.map((alert) => [alert.fingerprint, alert]));
  const seen = new Set<string>();
  const next: AlertState[] = [];
  const transitions: AlertTransition[] = [];

  const activate = (labels: Labels, value: number): void => {
    const id = fingerprint(labels);
    if (seen.has(id)) {
      return; // Prometheus fails the rule on duplicate label sets; keeping the first is the safer choice here.
    }
    seen.add(id);
    const annotations = rule.renderAnnotations({ value, labels });
    const prior = byFingerprint.get(id);
    let alert: AlertState =
      prior !== undefined && prior.status !== 'inactive'
        ? { ...prior, labels, annotations, value, keepFiringSinceMs: undefined, lastEvalMs: nowMs }
        : {
            fingerprint: id,
            labels,
            annotations,
            status: 'pending',
            value,
            activeAtMs: nowMs,
            lastEvalMs: nowMs,
          };
    if (alert.status === 'pending' && nowMs - alert.activeAtMs >= rule.forMs) {
      alert = { ...alert, status: 'firing', firedAtMs: nowMs };
      transitions.push({ kind: 'firing', alert });
    }
    next.push(alert);
  };

  for (const element of breaching) {
    activate(alertLabels(rule, element.labels), element.value);
  }

  for (const alert of previous) {
    if (seen.has(alert.fingerprint)) {
      continue;
    }
    const isNoDataAlert = alert.labels[NO_DATA_LABEL] === 'true';
    const hasData = isNoDataAlert
      ? (input.present?.length ?? 1) > 0
      : (present?.has(alert.fingerprint) ?? true);
    if (!hasData && alert.status !== 'inactive') {
      if (rule.noData === 'keep') {
        seen.add(alert.fingerprint);
        next.push({ ...alert, lastEvalMs: nowMs });
        continue;
      }
      if (rule.noData === 'alert') {
        activate(alert.labels, alert.value);
        continue;
      }
    }
    switch (alert.status) {
      case 'pending':
        break; // never fired: forget it silently
      case 'firing': {
        const keepSince = alert.keepFiringSinceMs ?? nowMs;
        const heldByKeepFiring = rule.keepFiringForMs > 0 && nowMs - keepSince < rule.keepFiringForMs;
        const heldByMinFiring = nowMs - (alert.firedAtMs ?? alert.activeAtMs) < rule.minFiringMs;
        const heldByResolveCondition =
          rule.hasResolveCondition && hasData && !(resolvable?.has(alert.fingerprint) ?? false);
        if (heldByKeepFiring || heldByMinFiring || heldByResolveCondition) {
          next.push({ ...alert, keepFiringSinceMs: keepSince, lastEvalMs: nowMs });
          break;
        }
        const resolved: AlertState = {
          ...alert,
          status: 'inactive',
          resolvedAtMs: nowMs,
          keepFiringSinceMs: undefined,
          lastEvalMs: nowMs,
        };
        transitions.push({ kind: 'resolved', alert: resolved });
        next.push(resolved);
        break;
      }
      case 'inactive':
        if (nowMs - (alert.resolvedAtMs ?? nowMs) < RESOLVED_RETENTION_MS) {
          next.push(alert);
        }
        break;
    }
  }
  return { alerts: next, transitions };
}
