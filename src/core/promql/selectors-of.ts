import { formatDuration } from '../time/duration';
import { formatMatchers, formatSignedDuration } from './format-promql';
import { LabelMatcher, PromqlExpr, VectorSelector } from './promql-ast';

/** One selector the I/O adapter must fetch before evaluation. */
export interface SelectorRequest {
  /** Canonical text of the selector; the same selector written twice yields one request. */
  key: string;
  matchers: LabelMatcher[];
  /** Range of a range selector (`x[5m]` → 300000); 0 for an instant selector. */
  rangeMs: number;
  offsetMs: number;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMatchers(a: LabelMatcher, b: LabelMatcher): number {
  return compareText(a.name, b.name) || compareText(a.op, b.op) || compareText(a.value, b.value);
}

/** Matchers sorted by name, operator and value, without exact duplicates. */
export function canonicalMatchers(matchers: readonly LabelMatcher[]): LabelMatcher[] {
  const sorted = [...matchers].sort(compareMatchers);
  return sorted
    .filter((matcher, index) => index === 0 || compareMatchers(matcher, sorted[index - 1] ?? matcher) !== 0)
    .map(({ name, op, value }) => ({ name, op, value }));
}

/**
 * Stable key of a selector: its canonical text, e.g. `http_requests_total{job="api"}[5m] offset 1h`. Matcher
 * order and duplicates, and how durations are written (`[300s]` vs `[5m]`), do not change it.
 */
export function selectorKey(selector: VectorSelector, rangeMs: number): string {
  const matchers = canonicalMatchers(selector.matchers);
  const names = matchers.filter((matcher) => matcher.name === '__name__' && matcher.op === '=');
  const name = names.length === 1 ? names[0]?.value : undefined;
  const range = rangeMs > 0 ? `[${formatDuration(rangeMs)}]` : '';
  const offset = selector.offsetMs === 0 ? '' : ` offset ${formatSignedDuration(selector.offsetMs)}`;
  return `${formatMatchers(matchers, name)}${range}${offset}`;
}

/**
 * Every selector the expression reads, deduplicated by key. For each request the adapter fetches all series
 * matching `matchers` with their samples in `(now - offsetMs - max(rangeMs, LOOKBACK_MS), now - offsetMs]`.
 */
export function selectorsOf(expr: PromqlExpr): SelectorRequest[] {
  const requests = new Map<string, SelectorRequest>();
  const add = (selector: VectorSelector, rangeMs: number): void => {
    const key = selectorKey(selector, rangeMs);
    if (!requests.has(key)) {
      requests.set(key, {
        key,
        matchers: canonicalMatchers(selector.matchers),
        rangeMs,
        offsetMs: selector.offsetMs,
      });
    }
  };
  const visit = (node: PromqlExpr): void => {
    switch (node.type) {
      case 'NumberLiteral':
        return;
      case 'VectorSelector':
        return add(node, 0);
      case 'MatrixSelector':
        return add(node.selector, node.rangeMs);
      case 'Call':
        return node.args.forEach(visit);
      case 'Aggregation':
        if (node.param !== undefined) {
          visit(node.param);
        }
        return visit(node.expr);
      case 'Paren':
      case 'Unary':
        return visit(node.expr);
      case 'Binary':
        visit(node.lhs);
        return visit(node.rhs);
    }
  };
  visit(expr);
  return [...requests.values()];
}
