import { fingerprint, formatLabels, sortLabels, withoutMetricName } from './labels';

describe('fingerprint', () => {
  it.each([
    [
      { __name__: 'up', job: 'api' },
      { job: 'api', __name__: 'up' },
    ],
    [
      { __name__: 'up', job: 'api', zone: '' },
      { __name__: 'up', job: 'api' },
    ],
  ])('is independent of key order and empty values (%j, %j)', (a, b) => {
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  it.each([
    [
      { __name__: 'up', job: 'api' },
      { __name__: 'up', job: 'web' },
    ],
    [
      { __name__: 'up', job: 'api' },
      { __name__: 'up', job: 'api', instance: 'a' },
    ],
    // Boundaries stay unambiguous whatever characters names and values hold.
    [{ ab: 'c' }, { a: 'bc' }],
    [{ a: 'x\xffb\xffy' }, { a: 'x', b: 'y' }],
    [{ a: 'x","b' }, { a: 'x', b: '' }],
  ])('differs for different label sets (%j, %j)', (a, b) => {
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });

  it('is 32 lowercase hex characters', () => {
    expect(fingerprint({ __name__: 'x' })).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('sortLabels', () => {
  it('orders keys and drops empty values', () => {
    expect(Object.keys(sortLabels({ z: '1', a: '2', m: '' }))).toEqual(['a', 'z']);
  });
});

describe('formatLabels', () => {
  it('prints like Prometheus', () => {
    expect(formatLabels({ job: 'api', __name__: 'up', a: 'x"y' })).toBe('up{a="x\\"y", job="api"}');
    expect(formatLabels({ __name__: 'up' })).toBe('up');
  });
});

describe('withoutMetricName', () => {
  it('drops __name__ only', () => {
    expect(withoutMetricName({ __name__: 'up', job: 'api' })).toEqual({ job: 'api' });
  });
});
