import { LabelMatcher, VectorSelector } from '../promql/promql-ast';
import { parsePromql } from '../promql/parse-promql';
import { SloIndicator } from '../rules/rule-file.schema';

/**
 * The counter selectors an SLI reads, as label matchers: `total` and either `good` or `bad`. A latency SLI reads its
 * histogram: total is `<metric>_count`, good is the `<metric>_bucket` series whose `le` is the threshold bound.
 */
export type SliSelectors =
  | { readonly total: readonly LabelMatcher[]; readonly good: readonly LabelMatcher[] }
  | { readonly total: readonly LabelMatcher[]; readonly bad: readonly LabelMatcher[] };

/** The matchers of a plain selector; the rule loader already rejected anything else. */
function matchersOf(text: string): LabelMatcher[] {
  const expr = parsePromql(text);
  if (expr.type !== 'VectorSelector') {
    throw new Error(`expected a selector, got ${expr.type}: ${text}`);
  }
  return expr.matchers;
}

function renamed(selector: VectorSelector, name: string): LabelMatcher[] {
  return [
    ...selector.matchers.filter((matcher) => matcher.name !== '__name__'),
    { name: '__name__', op: '=', value: name },
  ];
}

/**
 * A regex matching the ways clients write a bucket bound: Go and most clients write `0.3` and `1`, Python's writes
 * `1.0`, some pad with zeros (`0.30`). Exponent forms are not matched.
 */
export function bucketBoundPattern(le: number): string {
  const text = String(le).replace(/\./g, '\\.');
  return Number.isInteger(le) ? `${text}(\\.0*)?` : `${text}0*`;
}

export function sliSelectors(sli: SloIndicator): SliSelectors {
  if (sli.type === 'latency') {
    const histogram = parsePromql(sli.metric);
    if (histogram.type !== 'VectorSelector' || histogram.name === undefined) {
      throw new Error(`expected a histogram selector, got ${sli.metric}`);
    }
    return {
      total: renamed(histogram, `${histogram.name}_count`),
      good: [
        ...renamed(histogram, `${histogram.name}_bucket`),
        { name: 'le', op: '=~', value: bucketBoundPattern(sli.le) },
      ],
    };
  }
  const total = matchersOf(sli.total);
  if (sli.good !== undefined) {
    return { total, good: matchersOf(sli.good) };
  }
  return { total, bad: matchersOf(sli.bad ?? '') };
}
