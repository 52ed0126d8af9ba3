import { ApiReplyError, queryResultOf } from './prometheus-api-format';

describe(queryResultOf.name, () => {
  it('reads vectors, matrices and scalars of a Prometheus reply', () => {
    expect(
      queryResultOf({
        resultType: 'vector',
        result: [{ metric: { job: 'a' }, value: [1700000000.5, '+Inf'] }],
      }),
    ).toEqual({ resultType: 'vector', result: [{ labels: { job: 'a' }, value: Infinity }] });
    expect(
      queryResultOf({
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [10, '1'],
              [25, 'NaN'],
            ],
          },
        ],
      }),
    ).toEqual({
      resultType: 'matrix',
      result: [
        {
          labels: {},
          points: [
            [10_000, 1],
            [25_000, NaN],
          ],
        },
      ],
    });
    expect(queryResultOf({ resultType: 'scalar', result: [10, '-0.5'] })).toEqual({
      resultType: 'scalar',
      value: -0.5,
    });
  });

  it.each([
    [{}, 'reply has no data.result'],
    [{ resultType: 'string', result: [1, 'x'] }, 'unsupported resultType "string"'],
    [{ resultType: 'vector', result: [{ metric: { a: 1 }, value: [1, '1'] }] }, 'data.result[0].metric'],
    [{ resultType: 'vector', result: [{ metric: {}, value: [1, 'one'] }] }, 'data.result[0].value'],
    [
      { resultType: 'matrix', result: [{ metric: {}, values: 'x' }] },
      'data.result[0].values is not an array',
    ],
  ])('names what does not fit in %j', (data, message) => {
    expect(() => queryResultOf(data)).toThrow(ApiReplyError);
    expect(() => queryResultOf(data)).toThrow(message);
  });
});
