import { AlertRuleEvaluation, evaluateAlertRule } from '../alerts/evaluate-alert-rule';
import { AlertState } from '../alerts/alert-state';
import { Labels } from '../model';
import { RuleGroup, SloRule } from '../rules/rule-file.schema';
import { SLO_ALERT_LABEL, SloData, SloEvaluation, evaluateSlo } from '../slo/evaluate-slo';
import { SliSelectors, sliSelectors } from '../slo/sli-selectors';
import { formatDuration } from '../time/duration';
import { AnnotationRenderer, compileAnnotations } from './compile-annotations';
import { generatedAnnotationsSpec } from './generated-annotations-spec';

/** An SLO rule ready to evaluate: its counter selectors, the window lengths it reads, its annotation templates. */
export interface CompiledSloRule {
  readonly kind: 'slo';
  readonly group: RuleGroup;
  readonly rule: SloRule;
  readonly selectors: SliSelectors;
  /** Distinct window lengths of the burn-rate table, shortest first. */
  readonly windowsMs: readonly number[];
  /** Labels every alert of the SLO carries: group labels, `slo`, `service`, `team`, then the rule's own labels. */
  readonly labels: Labels;
  readonly renderUserAnnotations: AnnotationRenderer;
}

export function compileSloRule(group: RuleGroup, rule: SloRule): CompiledSloRule {
  return {
    kind: 'slo',
    group,
    rule,
    selectors: sliSelectors(rule.sli),
    windowsMs: [...new Set(rule.burnRates.flatMap((row) => [row.longWindowMs, row.shortWindowMs]))].sort(
      (a, b) => a - b,
    ),
    labels: {
      ...group.labels,
      slo: rule.name,
      ...(rule.service === undefined ? {} : { service: rule.service }),
      ...(rule.team === undefined ? {} : { team: rule.team }),
      ...rule.labels,
    },
    renderUserAnnotations: compileAnnotations(group, rule.name, rule.annotations),
  };
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
const times = (burnRate: number): string => `${burnRate.toFixed(1)}×`;

/** The annotations forewarn writes for an SLO alert; the rule's own annotations override them key by key. */
export function sloAnnotations(rule: SloRule, slo: SloEvaluation, labels: Labels): Labels {
  const budget = slo.budget.kind === 'budget' ? slo.budget : undefined;
  const left =
    budget === undefined ? 'budget unknown' : `${percent(budget.remainingRatio)} of the error budget left`;
  const common: Labels = {
    objective: `${rule.objective}%`,
    ...(budget === undefined
      ? {}
      : {
          budget_remaining: percent(budget.remainingRatio),
          budget_remaining_minutes: budget.remainingMinutes.toFixed(1),
        }),
    ...(slo.exhaustion.status === 'decreasing'
      ? { exhaustion_at: new Date(slo.exhaustion.exhaustionMs).toISOString() }
      : {}),
    ...(rule.description === undefined ? {} : { description: rule.description }),
  };
  if (labels[SLO_ALERT_LABEL] === 'exhaustion') {
    const when =
      slo.exhaustion.status === 'decreasing'
        ? `in ${formatDuration(Math.round(slo.exhaustion.timeToExhaustionMs / 60_000) * 60_000)} (${common.exhaustion_at})`
        : 'now';
    return {
      ...common,
      summary: `SLO ${rule.name}: error budget exhausted ${when} at the current burn trend; ${left}`,
    };
  }
  const pair = slo.burn.alerts.find(
    (alert) =>
      alert.labels.severity === labels.severity &&
      alert.labels.long_window === labels.long_window &&
      alert.labels.short_window === labels.short_window,
  );
  if (pair === undefined) {
    return { ...common, summary: `SLO ${rule.name}: ${left}` };
  }
  return {
    ...common,
    burn_rate_long: pair.longBurnRate.toPrecision(4),
    burn_rate_short: pair.shortBurnRate.toPrecision(4),
    summary:
      `SLO ${rule.name} (${rule.objective}%) is burning its error budget ${times(pair.longBurnRate)} over ` +
      `${labels.long_window} and ${times(pair.shortBurnRate)} over ${labels.short_window} ` +
      `(threshold ${pair.threshold}×); ${left}`,
  };
}

export interface SloRuleEvaluation {
  readonly alerts: AlertRuleEvaluation;
  readonly slo: SloEvaluation;
}

/** `(rule, previous alerts, counts, now) → (alerts, transitions, SLO status)`; as `evaluateRule` for threshold rules. */
export function evaluateSloRule(
  compiled: CompiledSloRule,
  previous: readonly AlertState[],
  data: SloData,
  nowMs: number,
): SloRuleEvaluation {
  const { rule } = compiled;
  const slo = evaluateSlo(rule, data, nowMs);
  const spec = generatedAnnotationsSpec(
    rule,
    compiled.labels,
    (labels) => sloAnnotations(rule, slo, labels),
    compiled.renderUserAnnotations,
  );
  return {
    alerts: evaluateAlertRule(spec, previous, { breaching: slo.breaching, present: slo.present }, nowMs),
    slo,
  };
}
