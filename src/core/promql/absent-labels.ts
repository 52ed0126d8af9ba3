import { Labels, METRIC_NAME_LABEL } from '../model';
import { PromqlExpr, unwrapParens } from './promql-ast';

/**
 * Labels of absent()/absent_over_time()'s single output element, as Prometheus derives them: the `=` matchers
 * of a selector argument (not `__name__`); a label matched more than once, or by another operator, is left out.
 */
export function absentLabels(arg: PromqlExpr): Labels {
  const inner = unwrapParens(arg);
  const selector = inner.type === 'MatrixSelector' ? inner.selector : inner;
  if (selector.type !== 'VectorSelector') {
    return {};
  }
  const labels: Record<string, string> = {};
  const seen = new Set<string>();
  for (const matcher of selector.matchers) {
    if (matcher.name === METRIC_NAME_LABEL) {
      continue;
    }
    if (matcher.op === '=' && !seen.has(matcher.name)) {
      if (matcher.value !== '') {
        labels[matcher.name] = matcher.value;
      }
    } else {
      delete labels[matcher.name];
    }
    seen.add(matcher.name);
  }
  return labels;
}
