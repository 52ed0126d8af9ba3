export * from './promql-ast';
export { parsePromql, PromqlParseError } from './parse-promql';
export { matchesAll } from './label-matcher';
export { selectorsOf, instantSelectorsOf, selectorKey } from './selectors-of';
export type { SelectorRequest, SelectorReduction } from './selectors-of';
export { evaluatePromql, LOOKBACK_MS, PromqlEvalError } from './evaluate-promql';
export type { PromqlValue, SelectorData, SelectedSeries } from './evaluate-promql';
export { splitAlertComparison } from './alert-expression';
