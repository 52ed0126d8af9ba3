import { splitAlertComparison } from './alert-expression';
import { formatPromql } from './format-promql';
import { parsePromql } from './parse-promql';

describe('splitAlertComparison', () => {
  it.each([
    ['avg by (service) (rate(errors[5m])) > 0.5', 'avg by (service) (rate(errors[5m]))', '>', 0.5],
    ['up == 0', 'up', '==', 0],
    ['(x - y) <= -1', '(x - y)', '<=', -1],
    ['(up != 1)', 'up', '!=', 1],
    ['x > (5)', 'x', '>', 5],
    ['5 < x', 'x', '>', 5],
    ['0.9 >= sum(x)', 'sum(x)', '<=', 0.9],
  ])('%s', (input, lhs, op, threshold) => {
    const split = splitAlertComparison(parsePromql(input));
    expect(split && { lhs: formatPromql(split.lhs), op: split.op, threshold: split.threshold }).toEqual({
      lhs,
      op,
      threshold,
    });
  });

  it.each(['up', 'x > bool 1', 'x > y', 'x + 1', '1 > bool 2', 'x > 1 + 1', 'vector(1) > time()'])(
    'is undefined for %s',
    (input) => {
      expect(splitAlertComparison(parsePromql(input))).toBeUndefined();
    },
  );
});
