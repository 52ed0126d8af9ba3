import { sortLabels, withoutMetricName } from '../labels/labels';
import { Labels, METRIC_NAME_LABEL, VectorElement } from '../model';
import { SelectorData, evaluatePromql } from '../promql/evaluate-promql';
import { PromqlExpr } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { SelectorRequest, selectorsOf } from '../promql/selectors-of';
import { RecordingRule, RuleGroup } from '../rules/rule-file.schema';

export interface CompiledRecordingRule {
  readonly kind: 'recording';
  readonly group: RuleGroup;
  readonly rule: RecordingRule;
  readonly expr: PromqlExpr;
  readonly selectors: readonly SelectorRequest[];
}

/** A series to write: its full label set (with `__name__`) and the value at the evaluation time. */
export interface RecordedSample {
  readonly labels: Labels;
  readonly value: number;
}

export function compileRecordingRule(group: RuleGroup, rule: RecordingRule): CompiledRecordingRule {
  const expr = parsePromql(rule.expr);
  return { kind: 'recording', group, rule, expr, selectors: selectorsOf(expr) };
}

/** Labels of a recorded series: the result's labels, group labels over them, rule labels over those, and the new name. */
export function recordedLabels(compiled: CompiledRecordingRule, element: VectorElement): Labels {
  return sortLabels({
    ...withoutMetricName(element.labels),
    ...compiled.group.labels,
    ...compiled.rule.labels,
    [METRIC_NAME_LABEL]: compiled.rule.name,
  });
}

/**
 * Evaluates a recording rule at `nowMs`: every element of the result becomes one sample of the series named by
 * `record`. A scalar result records nothing (the loader rejects scalar expressions).
 */
export function evaluateRecordingRule(
  compiled: CompiledRecordingRule,
  data: SelectorData,
  nowMs: number,
): RecordedSample[] {
  const result = evaluatePromql(compiled.expr, data, nowMs);
  return recordedSamples(compiled, result.type === 'vector' ? result.elements : []);
}

/** The samples a recording rule writes for the instant vector its expression gave (wherever it was evaluated). */
export function recordedSamples(
  compiled: CompiledRecordingRule,
  elements: readonly VectorElement[],
): RecordedSample[] {
  return elements.map((element) => ({
    labels: recordedLabels(compiled, element),
    value: element.value,
  }));
}
