import { formatDuration } from '../time/duration';
import { formatMatchers, formatSignedDuration } from './format-promql';
import { LabelMatcher, PromqlExpr, VectorSelector } from './promql-ast';

/**
 * What an evaluation at one time needs of each series of a selector, when less than all its samples:
 * - `last`: its newest sample in the window (every use is an instant selector, `last_over_time`,
 *   `present_over_time` or `absent_over_time`);
 * - `summary`: a `RangeSummary` of its samples in `(end - rangeMs, end]` exactly, not widened to the lookback (every
 *   use is `rate`, `increase` or `delta`), passed as `SelectedSeries.summary` with its first and last sample.
 * A reader may ignore it and return all samples: the result is the same.
 */
export type SelectorReduction = 'last' | 'summary';

/** One selector the I/O adapter must fetch before evaluation. */
export interface SelectorRequest {
  /** Canonical text of the selector; the same selector written twice yields one request. */
  key: string;
  matchers: LabelMatcher[];
  /** Range of a range selector (`x[5m]` → 300000); 0 for an instant selector. */
  rangeMs: number;
  offsetMs: number;
  /**
   * Set only by `instantSelectorsOf`, for an evaluation at the read time alone: a request widened to evaluate at
   * many steps must not carry it.
   */
  reduce?: SelectorReduction;
}

/** Functions whose range vector a `summary` answers (`extrapolateSummary`). */
const SUMMARY_FUNCTIONS: ReadonlySet<string> = new Set(['rate', 'increase', 'delta']);
/** Functions whose range vector its newest sample answers (selected again from the window, so it may drop out). */
const LAST_FUNCTIONS: ReadonlySet<string> = new Set([
  'last_over_time',
  'present_over_time',
  'absent_over_time',
]);

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

/** What one use of a selector allows a reader to reduce its samples to; undefined: all samples are needed. */
type Use = SelectorReduction | undefined;

/** Every selector of the expression with how each use of it reads it. */
function selectorUses(expr: PromqlExpr): Map<string, { request: SelectorRequest; uses: Use[] }> {
  const requests = new Map<string, { request: SelectorRequest; uses: Use[] }>();
  const add = (selector: VectorSelector, rangeMs: number, use: Use): void => {
    const key = selectorKey(selector, rangeMs);
    const known = requests.get(key);
    if (known !== undefined) {
      known.uses.push(use);
      return;
    }
    const request = {
      key,
      matchers: canonicalMatchers(selector.matchers),
      rangeMs,
      offsetMs: selector.offsetMs,
    };
    requests.set(key, { request, uses: [use] });
  };
  /** `func`: the function whose argument `node` is (through parentheses), if any. */
  const visit = (node: PromqlExpr, func?: string): void => {
    switch (node.type) {
      case 'NumberLiteral':
        return;
      case 'VectorSelector':
        return add(node, 0, 'last');
      case 'MatrixSelector': {
        const use = LAST_FUNCTIONS.has(func ?? '')
          ? 'last'
          : SUMMARY_FUNCTIONS.has(func ?? '')
            ? 'summary'
            : undefined;
        return add(node.selector, node.rangeMs, use);
      }
      case 'Call':
        return node.args.forEach((arg) => visit(arg, node.func));
      case 'Aggregation':
        if (node.param !== undefined) {
          visit(node.param);
        }
        return visit(node.expr);
      case 'Paren':
        return visit(node.expr, func);
      case 'Unary':
        return visit(node.expr);
      case 'Binary':
        visit(node.lhs);
        return visit(node.rhs);
    }
  };
  visit(expr);
  return requests;
}

/**
 * Every selector the expression reads, deduplicated by key. For each request the adapter fetches all series
 * matching `matchers` with their samples in `(now - offsetMs - max(rangeMs, LOOKBACK_MS), now - offsetMs]`.
 */
export function selectorsOf(expr: PromqlExpr): SelectorRequest[] {
  return [...selectorUses(expr).values()].map(({ request }) => request);
}

/**
 * `selectorsOf` for an evaluation at the read time only, with the reduction every use of a selector allows (see
 * `SelectorReduction`), so that a store can send a sample or a summary per series instead of the whole window.
 */
export function instantSelectorsOf(expr: PromqlExpr): SelectorRequest[] {
  return [...selectorUses(expr).values()].map(({ request, uses }) => {
    const [first] = uses;
    return first !== undefined && uses.every((use) => use === first)
      ? { ...request, reduce: first }
      : request;
  });
}
