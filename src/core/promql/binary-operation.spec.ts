import { VectorElement } from '../model';
import { applyOperator, scalarBinary, vectorScalarBinary, vectorVectorBinary } from './binary-operation';
import { ArithmeticOp, ComparisonOp } from './promql-ast';
import { PromqlEvalError } from './promql-eval-error';

describe('applyOperator', () => {
  it.each<[ArithmeticOp | ComparisonOp, number, number, number]>([
    ['+', 1, 2, 3],
    ['-', 1, 2, -1],
    ['*', 3, 4, 12],
    ['/', 1, 4, 0.25],
    ['/', 1, 0, Infinity],
    ['/', 0, 0, NaN],
    ['%', 7, 4, 3],
    ['%', -7, 4, -3], // Go math.Mod: sign of the dividend
    ['%', 5, 0, NaN],
    ['^', 2, 10, 1024],
    ['^', 1, NaN, 1], // Go math.Pow(1, NaN) = 1 (JavaScript gives NaN)
    ['^', -1, Infinity, 1], // Go math.Pow(-1, ±Inf) = 1
    ['^', NaN, 0, 1],
    ['^', -8, 1 / 3, NaN],
    ['==', 1, 1, 1],
    ['==', NaN, NaN, 0],
    ['!=', NaN, NaN, 1],
    ['>', 2, 1, 1],
    ['<', 2, 1, 0],
    ['>=', 1, 1, 1],
    ['<=', 2, 1, 0],
  ])('%d %s %d = %d', (op, lhs, rhs, expected) => {
    expect(applyOperator(op, lhs, rhs)).toBe(expected);
  });
});

describe('scalarBinary', () => {
  it('needs bool for comparisons', () => {
    expect(scalarBinary('>', 2, 1, true)).toBe(1);
    expect(() => scalarBinary('>', 2, 1, false)).toThrow(PromqlEvalError);
  });
});

const cpu: VectorElement[] = [
  { labels: { __name__: 'cpu', host: 'a' }, value: 0.2 },
  { labels: { __name__: 'cpu', host: 'b' }, value: 0.9 },
];

describe('vectorScalarBinary', () => {
  it('arithmetic maps values and drops __name__', () => {
    expect(vectorScalarBinary('*', cpu, 100, false, false)).toEqual([
      { labels: { host: 'a' }, value: 20 },
      { labels: { host: 'b' }, value: 90 },
    ]);
    expect(vectorScalarBinary('-', cpu, 1, true, false)).toEqual([
      { labels: { host: 'a' }, value: 0.8 },
      { labels: { host: 'b' }, value: 1 - 0.9 },
    ]);
  });

  it('a comparison filters and keeps value and labels, __name__ included', () => {
    expect(vectorScalarBinary('>', cpu, 0.5, false, false)).toEqual([cpu[1]]);
    // scalar on the left: 0.5 < cpu keeps the vector's value, not the scalar
    expect(vectorScalarBinary('<', cpu, 0.5, true, false)).toEqual([cpu[1]]);
  });

  it('bool keeps every element as 0/1 without __name__', () => {
    expect(vectorScalarBinary('>', cpu, 0.5, false, true)).toEqual([
      { labels: { host: 'a' }, value: 0 },
      { labels: { host: 'b' }, value: 1 },
    ]);
  });

  it('refuses results with duplicate label sets', () => {
    const twoNames = [
      { labels: { __name__: 'a', host: 'x' }, value: 1 },
      { labels: { __name__: 'b', host: 'x' }, value: 2 },
    ];
    expect(() => vectorScalarBinary('+', twoNames, 1, false, false)).toThrow(
      'vector cannot contain metrics with the same labelset: {host="x"} appears twice in the result of operator "+"',
    );
    expect(vectorScalarBinary('>', twoNames, 1, false, false)).toEqual([twoNames[1]]);
  });
});

describe('vectorVectorBinary', () => {
  const errors: VectorElement[] = [
    { labels: { __name__: 'errors', job: 'api' }, value: 5 },
    { labels: { __name__: 'errors', job: 'web' }, value: 1 },
    { labels: { __name__: 'errors', job: 'db' }, value: 3 },
  ];
  const requests: VectorElement[] = [
    { labels: { __name__: 'requests', job: 'api' }, value: 50 },
    { labels: { __name__: 'requests', job: 'web' }, value: 100 },
    { labels: { __name__: 'requests', job: 'batch' }, value: 7 },
  ];

  it('matches identical labels apart from __name__; unmatched elements drop out', () => {
    expect(vectorVectorBinary('/', errors, requests, false)).toEqual([
      { labels: { job: 'api' }, value: 0.1 },
      { labels: { job: 'web' }, value: 0.01 },
    ]);
  });

  it('a comparison keeps the left element as it is', () => {
    const limits = [
      { labels: { __name__: 'limit', job: 'api' }, value: 4 },
      { labels: { __name__: 'limit', job: 'web' }, value: 4 },
    ];
    expect(vectorVectorBinary('>', errors, limits, false)).toEqual([errors[0]]);
    expect(vectorVectorBinary('>', errors, limits, true)).toEqual([
      { labels: { job: 'api' }, value: 1 },
      { labels: { job: 'web' }, value: 0 },
    ]);
  });

  it('refuses duplicates on the right', () => {
    const right = [
      { labels: { __name__: 'a', job: 'api' }, value: 1 },
      { labels: { __name__: 'b', job: 'api' }, value: 2 },
    ];
    expect(() => vectorVectorBinary('+', errors, right, false)).toThrow(
      'found duplicate series for the match group {job="api"} on the right hand-side of the operation: ' +
        '[b{job="api"}, a{job="api"}]; many-to-many matching not allowed: matching labels must be unique on one side',
    );
  });

  it('refuses two left elements matching one right element', () => {
    const left = [
      { labels: { __name__: 'a', job: 'api' }, value: 1 },
      { labels: { __name__: 'b', job: 'api' }, value: 2 },
    ];
    expect(() => vectorVectorBinary('+', left, requests, false)).toThrow(
      'multiple matches for labels {job="api"}: many-to-one matching must be explicit (group_left/group_right)',
    );
  });
});
