import type { PromqlValueType } from './promql-value-type';

/** Argument and result types of a supported function. */
export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly PromqlValueType[];
  /** Arguments that must be given; the rest of `argTypes` are optional. */
  readonly minArgs: number;
  readonly returnType: 'scalar' | 'vector';
}

function signature(
  name: string,
  argTypes: readonly PromqlValueType[],
  returnType: 'scalar' | 'vector' = 'vector',
  minArgs = argTypes.length,
): FunctionSignature {
  return { name, argTypes, minArgs, returnType };
}

/** Functions over a range vector, one result per series (argument 0 is the range vector). */
export const RANGE_FUNCTION_NAMES = [
  'rate',
  'increase',
  'delta',
  'irate',
  'idelta',
  'deriv',
  'changes',
  'resets',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'present_over_time',
  'stddev_over_time',
  'stdvar_over_time',
] as const;

/** Functions applying a number → number map to each element of an instant vector. */
export const ELEMENTWISE_FUNCTION_NAMES = [
  'abs',
  'ceil',
  'floor',
  'exp',
  'ln',
  'log2',
  'log10',
  'sqrt',
  'sgn',
] as const;

export const FUNCTION_SIGNATURES: ReadonlyMap<string, FunctionSignature> = new Map(
  [
    ...RANGE_FUNCTION_NAMES.map((name) => signature(name, ['matrix'])),
    ...ELEMENTWISE_FUNCTION_NAMES.map((name) => signature(name, ['vector'])),
    signature('predict_linear', ['matrix', 'scalar']),
    signature('quantile_over_time', ['scalar', 'matrix']),
    signature('histogram_quantile', ['scalar', 'vector']),
    signature('absent_over_time', ['matrix']),
    signature('absent', ['vector']),
    signature('clamp', ['vector', 'scalar', 'scalar']),
    signature('clamp_min', ['vector', 'scalar']),
    signature('clamp_max', ['vector', 'scalar']),
    signature('round', ['vector', 'scalar'], 'vector', 1),
    signature('time', [], 'scalar'),
    signature('vector', ['scalar']),
    signature('scalar', ['vector'], 'scalar'),
  ].map((entry) => [entry.name, entry]),
);

/** Prometheus functions this engine does not implement (reported as "not supported yet", not as unknown). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'histogram_count',
  'histogram_sum',
  'histogram_avg',
  'histogram_fraction',
  'histogram_stddev',
  'histogram_stdvar',
  'label_replace',
  'label_join',
  'mad_over_time',
  'first_over_time',
  'holt_winters',
  'double_exponential_smoothing',
  'sort',
  'sort_desc',
  'sort_by_label',
  'sort_by_label_desc',
  'timestamp',
  'info',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'cos',
  'cosh',
  'sin',
  'sinh',
  'tan',
  'tanh',
  'deg',
  'rad',
  'pi',
]);

/** Prometheus aggregation operators this engine does not implement. */
export const UNSUPPORTED_AGGREGATIONS: ReadonlySet<string> = new Set([
  'count_values',
  'limitk',
  'limit_ratio',
]);
