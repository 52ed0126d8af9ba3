export * from './promql-ast';
export { parsePromql, PromqlParseError } from './parse-promql';
export { matchesAll } from './label-matcher';
export { selectorsOf, selectorKey } from './selectors-of';
export type { SelectorRequest } from './selectors-of';
export { evaluatePromql, LOOKBACK_MS, PromqlEvalError } from './evaluate-promql';
export type { PromqlValue, SelectorData } from './evaluate-promql';
export { splitAlertComparison } from './alert-expression';
