import { isReservedLabelName, isValidLabelName, isValidMetricName } from './label-syntax';

describe('isValidMetricName', () => {
  it.each(['up', 'http_requests_total', 'job:rate5m', ':x', '_', 'a1', 'A_Z:9'])('accepts %j', (name) => {
    expect(isValidMetricName(name)).toBe(true);
  });

  it.each(['', '1up', 'up-down', 'up.x', 'up down', 'ü', 'up{', 'a"b'])('rejects %j', (name) => {
    expect(isValidMetricName(name)).toBe(false);
  });
});

describe('isValidLabelName', () => {
  it.each(['job', '_x', 'a1', 'le', 'Z_9', '__name__'])('accepts %j', (name) => {
    expect(isValidLabelName(name)).toBe(true);
  });

  it.each(['', '1a', 'a-b', 'a:b', 'a b', 'é'])('rejects %j', (name) => {
    expect(isValidLabelName(name)).toBe(false);
  });
});

describe('isReservedLabelName', () => {
  it.each([
    ['__name__', true],
    ['__x', true],
    ['_x', false],
    ['x__', false],
    ['', false],
  ])('%j: %s', (name, reserved) => {
    expect(isReservedLabelName(name)).toBe(reserved);
  });
});
