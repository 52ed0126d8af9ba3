import { VectorElement } from '../model';
import { withoutMetricName } from '../labels/labels';
import { absentLabels } from './absent-labels';
import { assertUniqueLabelSets } from './label-set-key';
import { Call, PromqlExpr, unwrapParens } from './promql-ast';
import { formatPromql } from './format-promql';
import { PromqlEvalError } from './promql-eval-error';
import type { PromqlValue } from './evaluate-promql';
import { histogramQuantile } from './histogram-quantile';
import { FUNCTION_SIGNATURES } from './promql-function-signatures';
import { NAME_PRESERVING_RANGE_FUNCTIONS, RANGE_REDUCERS, SUMMARY_REDUCERS } from './range-functions';
import { SelectorData, selectRange } from './select-series';

/** Evaluates a sub-expression; passed in to keep this module free of a cycle with the evaluator. */
export type Evaluate = (expr: PromqlExpr) => PromqlValue;

export interface CallContext {
  readonly data: SelectorData;
  readonly nowMs: number;
  readonly evaluate: Evaluate;
}

/** Prometheus `round`: ties round up, to the nearest multiple of `toNearest`. */
function round(value: number, toNearest: number): number {
  const inverse = 1 / toNearest;
  return Math.floor(value * inverse + 0.5) / inverse;
}

const ELEMENTWISE: Readonly<Record<string, (value: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  sgn: (value) => (value > 0 ? 1 : value < 0 ? -1 : value),
};

function mapValues(
  call: Call,
  vector: readonly VectorElement[],
  map: (value: number) => number,
): PromqlValue {
  const elements = vector.map((element) => ({
    labels: withoutMetricName(element.labels),
    value: map(element.value),
  }));
  assertUniqueLabelSets(elements, `${call.func}()`);
  return { type: 'vector', elements };
}

function argAt(call: Call, index: number): PromqlExpr {
  const arg = call.args[index];
  if (arg === undefined) {
    throw new PromqlEvalError(`function "${call.func}" is missing argument ${index + 1}`);
  }
  return arg;
}

function scalarArg(call: Call, index: number, context: CallContext): number {
  const value = context.evaluate(argAt(call, index));
  if (value.type !== 'scalar') {
    throw new PromqlEvalError(`function "${call.func}" expects a scalar as argument ${index + 1}`);
  }
  return value.value;
}

function vectorArg(call: Call, index: number, context: CallContext): VectorElement[] {
  const value = context.evaluate(argAt(call, index));
  if (value.type !== 'vector') {
    throw new PromqlEvalError(`function "${call.func}" expects an instant vector as argument ${index + 1}`);
  }
  return value.elements;
}

/** Position of the range vector argument: 0, or 1 for quantile_over_time. */
function matrixIndex(call: Call): number {
  return Math.max(0, FUNCTION_SIGNATURES.get(call.func)?.argTypes.indexOf('matrix') ?? 0);
}

function matrixArg(call: Call, context: CallContext) {
  const arg = unwrapParens(argAt(call, matrixIndex(call)));
  if (arg.type !== 'MatrixSelector') {
    throw new PromqlEvalError(`function "${call.func}" expects a range vector selector such as x[5m]`);
  }
  return { matrix: arg, series: selectRange(arg, context.data, context.nowMs) };
}

function evaluateRangeFunction(call: Call, context: CallContext): PromqlValue {
  const reducer = RANGE_REDUCERS[call.func as keyof typeof RANGE_REDUCERS];
  const { matrix, series } = matrixArg(call, context);
  const endMs = context.nowMs - matrix.selector.offsetMs;
  const scalarArgs = call.args.flatMap((_, index) =>
    index === matrixIndex(call) ? [] : [scalarArg(call, index, context)],
  );
  const window = { startMs: endMs - matrix.rangeMs, endMs, evalMs: context.nowMs, scalarArgs };
  const keepName = NAME_PRESERVING_RANGE_FUNCTIONS.has(call.func);
  const fromSummary = SUMMARY_REDUCERS[call.func];
  const elements: VectorElement[] = [];
  for (const { labels, samples, summary } of series) {
    if (summary !== undefined && fromSummary === undefined) {
      throw new PromqlEvalError(
        `function "${call.func}" needs the samples of ${formatPromql(matrix)}, not a summary`,
      );
    }
    const value =
      summary !== undefined && fromSummary !== undefined
        ? fromSummary(summary, window)
        : reducer(samples, window);
    if (value !== undefined) {
      elements.push({ labels: keepName ? labels : withoutMetricName(labels), value });
    }
  }
  assertUniqueLabelSets(elements, `${call.func}()`);
  return { type: 'vector', elements };
}

/** Evaluates a function call whose name and argument types the parser has checked. */
export function evaluateCall(call: Call, context: CallContext): PromqlValue {
  if (call.func in RANGE_REDUCERS) {
    return evaluateRangeFunction(call, context);
  }
  const elementwise = ELEMENTWISE[call.func];
  if (elementwise !== undefined) {
    return mapValues(call, vectorArg(call, 0, context), elementwise);
  }
  switch (call.func) {
    case 'time':
      return { type: 'scalar', value: context.nowMs / 1000 };
    case 'vector':
      return { type: 'vector', elements: [{ labels: {}, value: scalarArg(call, 0, context) }] };
    case 'scalar': {
      const [only, ...rest] = vectorArg(call, 0, context);
      return { type: 'scalar', value: only !== undefined && rest.length === 0 ? only.value : NaN };
    }
    case 'clamp':
    case 'clamp_min':
    case 'clamp_max': {
      const vector = vectorArg(call, 0, context);
      const min = call.func === 'clamp_max' ? -Infinity : scalarArg(call, 1, context);
      const max =
        call.func === 'clamp'
          ? scalarArg(call, 2, context)
          : call.func === 'clamp_max'
            ? scalarArg(call, 1, context)
            : Infinity;
      if (max < min) {
        return { type: 'vector', elements: [] };
      }
      return mapValues(call, vector, (value) => Math.max(min, Math.min(max, value)));
    }
    case 'round': {
      const vector = vectorArg(call, 0, context);
      const toNearest = call.args.length > 1 ? scalarArg(call, 1, context) : 1;
      return mapValues(call, vector, (value) => round(value, toNearest));
    }
    case 'histogram_quantile': {
      const elements = histogramQuantile(scalarArg(call, 0, context), vectorArg(call, 1, context));
      assertUniqueLabelSets(elements, 'histogram_quantile()');
      return { type: 'vector', elements };
    }
    case 'absent': {
      const present = vectorArg(call, 0, context).length > 0;
      return {
        type: 'vector',
        elements: present ? [] : [{ labels: absentLabels(argAt(call, 0)), value: 1 }],
      };
    }
    case 'absent_over_time': {
      const present = matrixArg(call, context).series.length > 0;
      return {
        type: 'vector',
        elements: present ? [] : [{ labels: absentLabels(argAt(call, 0)), value: 1 }],
      };
    }
    default:
      throw new PromqlEvalError(`function "${call.func}" is not supported`);
  }
}
