import { formatLabels, sortLabels } from '../labels/labels';
import { Labels } from '../model';
import { ExpectedAlert, ExpectedSample } from './load-rule-test-file';

/** A firing alert as the test sees it. */
export interface GotAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
}

export interface AnnotationDifference {
  readonly name: string;
  /** undefined: the annotation was not expected (the rule renders it) or was not rendered (the test expects it). */
  readonly expected: string | undefined;
  readonly got: string | undefined;
}

/** How one expected or fired alert came out: found, missing, not expected, or found with other annotations. */
export type AlertMatch =
  | { readonly kind: 'match'; readonly expected: ExpectedAlert; readonly got: GotAlert }
  | { readonly kind: 'missing'; readonly expected: ExpectedAlert }
  | { readonly kind: 'unexpected'; readonly got: GotAlert }
  | {
      readonly kind: 'annotations';
      readonly expected: ExpectedAlert;
      readonly got: GotAlert;
      readonly differences: readonly AnnotationDifference[];
    };

export interface GotSample {
  readonly labels: Labels;
  readonly value: number;
}

export type SampleMatch =
  | { readonly kind: 'match'; readonly expected: ExpectedSample; readonly got: GotSample }
  | { readonly kind: 'missing'; readonly expected: ExpectedSample }
  | { readonly kind: 'unexpected'; readonly got: GotSample }
  | { readonly kind: 'value'; readonly expected: ExpectedSample; readonly got: GotSample };

/**
 * Compares expected and firing alerts as multisets, order-insensitive: labels must be equal; annotations, when the
 * expectation gives them, must be equal too (the whole set, as in promtool). Alerts with equal labels but other
 * annotations pair up as `annotations`, so that the report can show both texts.
 */
export function matchAlerts(expected: readonly ExpectedAlert[], got: readonly GotAlert[]): AlertMatch[] {
  const sameAnnotations = (want: ExpectedAlert, have: GotAlert) =>
    want.annotations === undefined || annotationDifferences(want.annotations, have.annotations).length === 0;
  return pairUp(expected, got, sameAnnotations).map((pair): AlertMatch => {
    if (pair.got === undefined) {
      return { kind: 'missing', expected: pair.expected };
    }
    if (pair.expected === undefined) {
      return { kind: 'unexpected', got: pair.got };
    }
    if (pair.exact) {
      return { kind: 'match', expected: pair.expected, got: pair.got };
    }
    const differences = annotationDifferences(pair.expected.annotations ?? {}, pair.got.annotations);
    return { kind: 'annotations', expected: pair.expected, got: pair.got, differences };
  });
}

/** Compares expected and returned samples as multisets: labels equal, values equal (NaN equals NaN). */
export function matchSamples(
  expected: readonly ExpectedSample[],
  got: readonly GotSample[],
  fuzzyCompare: boolean,
): SampleMatch[] {
  const equal = (want: ExpectedSample, have: GotSample) => sameValue(want.value, have.value, fuzzyCompare);
  return pairUp(expected, got, equal).map((pair): SampleMatch => {
    if (pair.got === undefined) {
      return { kind: 'missing', expected: pair.expected };
    }
    if (pair.expected === undefined) {
      return { kind: 'unexpected', got: pair.got };
    }
    return { kind: pair.exact ? 'match' : 'value', expected: pair.expected, got: pair.got };
  });
}

/**
 * Equal values. With `fuzzyCompare` (promtool's option of that name) values may differ in the last bits of the
 * mantissa, e.g. 0.30000000000000004 equals 0.3.
 */
export function sameValue(a: number, b: number, fuzzyCompare: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (a === b) {
    return true;
  }
  return fuzzyCompare && Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

function annotationDifferences(expected: Labels, got: Labels): AnnotationDifference[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(got)])].sort();
  return names
    .filter((name) => expected[name] !== got[name])
    .map((name) => ({ name, expected: expected[name], got: got[name] }));
}

type Pair<E, G> =
  | { readonly expected: E; readonly got: G; readonly exact: boolean }
  | { readonly expected: E; readonly got?: undefined }
  | { readonly expected?: undefined; readonly got: G };

/**
 * Pairs expected with actual items of equal labels: exact pairs first (`same`), then pairs of equal labels that
 * differ in something else; what is left over is missing (expected only) or unexpected (got only).
 */
function pairUp<E extends { readonly labels: Labels }, G extends { readonly labels: Labels }>(
  expected: readonly E[],
  got: readonly G[],
  same: (want: E, have: G) => boolean,
): Array<Pair<E, G>> {
  const key = (labels: Labels) => formatLabels(sortLabels(labels));
  const unmatched = new Map(got.map((have, index) => [index, have]));
  const take = (want: E, exact: boolean): G | undefined => {
    for (const [index, have] of unmatched) {
      if (key(have.labels) === key(want.labels) && (!exact || same(want, have))) {
        unmatched.delete(index);
        return have;
      }
    }
    return undefined;
  };
  const pairs: Array<Pair<E, G>> = [];
  const leftover: E[] = [];
  for (const want of expected) {
    const have = take(want, true);
    if (have === undefined) {
      leftover.push(want);
    } else {
      pairs.push({ expected: want, got: have, exact: true });
    }
  }
  for (const want of leftover) {
    const have = take(want, false);
    pairs.push(have === undefined ? { expected: want } : { expected: want, got: have, exact: false });
  }
  for (const have of unmatched.values()) {
    pairs.push({ got: have });
  }
  return pairs;
}
