import { formatLabels } from 'src/core/labels/labels';
import { PromqlValue } from 'src/core/promql';
import { labelSetKey } from 'src/core/promql/label-set-key';
import { PrometheusQueryResult } from './prometheus-server';

/** One engine's answer in a comparable shape: a scalar, elements by label set, or an error. */
export type Answer =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'vector'; readonly elements: ReadonlyMap<string, { labels: string; value: number }> }
  | { readonly kind: 'error'; readonly message: string };

export const RELATIVE_TOLERANCE = 1e-9;

/** Prometheus's value strings: numbers, `NaN`, `+Inf`, `-Inf`. */
function parseValue(text: string): number {
  if (text === '+Inf') {
    return Infinity;
  }
  if (text === '-Inf') {
    return -Infinity;
  }
  return Number(text);
}

export function prometheusAnswer(result: PrometheusQueryResult): Answer {
  if (result.status === 'error') {
    return { kind: 'error', message: `${result.errorType}: ${result.error}` };
  }
  if (result.data.resultType === 'scalar') {
    return { kind: 'scalar', value: parseValue(result.data.result[1]) };
  }
  return {
    kind: 'vector',
    elements: new Map(
      result.data.result.map(({ metric, value }) => [
        labelSetKey(metric),
        { labels: formatLabels(metric), value: parseValue(value[1]) },
      ]),
    ),
  };
}

export function forewarnAnswer(evaluate: () => PromqlValue): Answer {
  let value: PromqlValue;
  try {
    value = evaluate();
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (value.type === 'scalar') {
    return { kind: 'scalar', value: value.value };
  }
  return {
    kind: 'vector',
    elements: new Map(
      value.elements.map(({ labels, value: number }) => [
        labelSetKey(labels),
        { labels: formatLabels(labels), value: number },
      ]),
    ),
  };
}

/** Equal within 1e-9 relative; NaN equals NaN, infinities must match exactly. */
export function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (a === b) {
    return true;
  }
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** Differences between the answers, one line each; empty when they agree. */
export function differences(expected: Answer, actual: Answer): string[] {
  if (expected.kind !== actual.kind) {
    return [`Prometheus gave ${describe(expected)}, forewarn ${describe(actual)}`];
  }
  if (expected.kind === 'error' || actual.kind === 'error') {
    return [];
  }
  if (expected.kind === 'scalar' || actual.kind === 'scalar') {
    const [a, b] = [expected, actual].map((answer) => (answer.kind === 'scalar' ? answer.value : NaN));
    return sameNumber(a ?? NaN, b ?? NaN) ? [] : [`scalar: Prometheus ${a}, forewarn ${b}`];
  }
  const lines: string[] = [];
  for (const [key, element] of expected.elements) {
    const other = actual.elements.get(key);
    if (other === undefined) {
      lines.push(`${element.labels} = ${element.value} missing in forewarn`);
    } else if (!sameNumber(element.value, other.value)) {
      lines.push(`${element.labels}: Prometheus ${element.value}, forewarn ${other.value}`);
    }
  }
  for (const [key, element] of actual.elements) {
    if (!expected.elements.has(key)) {
      lines.push(`${element.labels} = ${element.value} only in forewarn`);
    }
  }
  return lines;
}

function describe(answer: Answer): string {
  switch (answer.kind) {
    case 'error':
      return `an error (${answer.message})`;
    case 'scalar':
      return `the scalar ${answer.value}`;
    case 'vector':
      return `${answer.elements.size} elements`;
  }
}
