import { fingerprint, sortLabels, withoutMetricName } from '../labels/labels';
import { Labels, VectorElement } from '../model';
import { AlertState, AlertTransition, RESOLVED_RETENTION_MS } from './alert-state';

/** What the state machine needs to know about a rule. */
export interface AlertRuleSpec {
  readonly name: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  /** Group labels merged under rule labels. */
  readonly labels: Labels;
  /** Renders the rule's annotations for one alert; templating lives outside the state machine. */
  readonly renderAnnotations: (context: { value: number; labels: Labels }) => Labels;
}

export interface AlertRuleEvaluation {
  /** Every alert the rule still tracks, to be persisted as is. Alerts not in this list are forgotten. */
  readonly alerts: AlertState[];
  readonly transitions: AlertTransition[];
}

/** The alert labels for one result element: series labels without `__name__`, rule labels over them, and `alertname`. */
export function alertLabels(rule: AlertRuleSpec, seriesLabels: Labels): Labels {
  return sortLabels({ ...withoutMetricName(seriesLabels), ...rule.labels, alertname: rule.name });
}

/**
 * One evaluation of an alerting rule at `nowMs`: a pure transition from the previous alerts and the expression's
 * result (the elements that currently breach) to the next alerts and the notifications owed. Follows Prometheus's
 * `AlertingRule.Eval`: pending → firing after `for`; a firing alert that stops breaching stays firing for
 * `keep_firing_for`, then resolves; resolved alerts are kept for 15 minutes; a breach after resolution is a new alert.
 */
export function evaluateAlertRule(
  rule: AlertRuleSpec,
  previous: readonly AlertState[],
  breaching: readonly VectorElement[],
  nowMs: number,
): AlertRuleEvaluation {
  const byFingerprint = new Map(previous.map((alert) => [alert.fingerprint, alert]));
  const seen = new Set<string>();
  const next: AlertState[] = [];
  const transitions: AlertTransition[] = [];

  for (const element of breaching) {
    const labels = alertLabels(rule, element.labels);
    const id = fingerprint(labels);
    if (seen.has(id)) {
      continue; // Prometheus fails the rule on duplicate label sets; keeping the first is the safer choice here.
    }
    seen.add(id);
    const annotations = rule.renderAnnotations({ value: element.value, labels });
    const prior = byFingerprint.get(id);
    const ongoing = prior !== undefined && prior.status !== 'inactive';
    let alert: AlertState = ongoing
      ? {
          ...prior,
          labels,
          annotations,
          value: element.value,
          keepFiringSinceMs: undefined,
          lastEvalMs: nowMs,
        }
      : {
          fingerprint: id,
          labels,
          annotations,
          status: 'pending',
          value: element.value,
          activeAtMs: nowMs,
          lastEvalMs: nowMs,
        };
    if (alert.status === 'pending' && nowMs - alert.activeAtMs >= rule.forMs) {
      alert = { ...alert, status: 'firing', firedAtMs: nowMs };
      transitions.push({ kind: 'firing', alert });
    }
    next.push(alert);
  }

  for (const alert of previous) {
    if (seen.has(alert.fingerprint)) {
      continue;
    }
    switch (alert.status) {
      case 'pending':
        break; // never fired: forget it silently
      case 'firing': {
        const keepSince = alert.keepFiringSinceMs ?? nowMs;
        if (rule.keepFiringForMs > 0 && nowMs - keepSince < rule.keepFiringForMs) {
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
