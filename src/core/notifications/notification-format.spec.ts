import { AlertNotification } from '../alerts/alert-notification';
import {
  alertTitle,
  displayedLabels,
  firingDurationMs,
  formatElapsed,
  formatInstant,
  formatValue,
  isLinkableUrl,
  lastValueWithCondition,
  ruleReference,
  truncate,
  valueVersusThreshold,
} from './notification-format';

const base: AlertNotification = {
  alertId: '42',
  state: 'firing',
  ruleName: 'CheckoutLatencyHigh',
  groupName: 'checkout',
  ruleFile: 'checkout.yaml',
  expr: 'x > 0.5',
  labels: { alertname: 'CheckoutLatencyHigh', service: 'checkout', severity: 'critical', team: 'payments' },
  annotations: {},
  value: 0.82,
  threshold: { op: '>', value: 0.5 },
  activeAtMs: 1_700_000_000_000,
  firedAtMs: 1_700_000_060_000,
  alertUrl: 'https://forewarn.example.com/alerts/42',
};

describe('formatValue', () => {
  it.each([
    [0.82, '0.82'],
    [0.5, '0.5'],
    [0, '0'],
    [1, '1'],
    [-2.5, '-2.5'],
    [0.823456, '0.8235'],
    [123.456, '123.5'],
    [12345.678, '12350'],
    [999_999, '1000000'],
    [1_073_741_824, '1.074e+9'],
    [0.000012346, '1.235e-5'],
    [2e-7, '2e-7'],
    [0.1 + 0.2, '0.3'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('formats %p as %p', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});

describe('formatElapsed', () => {
  it.each([
    [270_000, '4m 30s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [3_600_000 + 5_000, '1h'],
    [2 * 3_600_000 + 5 * 60_000 + 7_000, '2h 5m'],
    [86_400_000 + 3 * 3_600_000, '1d 3h'],
    [1_999, '1s'],
    [250, '250ms'],
    [0, '0ms'],
    [-1, 'unknown'],
  ])('formats %p ms as %p', (ms, expected) => {
    expect(formatElapsed(ms)).toBe(expected);
  });
});

describe('formatInstant', () => {
  it('prints UTC ISO 8601 and drops zero milliseconds', () => {
    expect(formatInstant(1_700_000_000_000)).toBe('2023-11-14T22:13:20Z');
    expect(formatInstant(1_700_000_000_123)).toBe('2023-11-14T22:13:20.123Z');
    expect(formatInstant(Number.NaN)).toBe('unknown');
  });
});

describe('alert facts', () => {
  it('titles with the service when there is one', () => {
    expect(alertTitle(base)).toBe('CheckoutLatencyHigh service=checkout');
    expect(alertTitle({ ...base, labels: { alertname: 'Up' } })).toBe('Up');
    expect(alertTitle({ ...base, labels: {} })).toBe('CheckoutLatencyHigh');
  });

  it('references the rule as group/rule (file)', () => {
    expect(ruleReference(base)).toBe('checkout/CheckoutLatencyHigh (checkout.yaml)');
  });

  it('shows the value against the threshold, or alone', () => {
    expect(valueVersusThreshold(base)).toBe('0.82 > 0.5');
    expect(valueVersusThreshold({ ...base, threshold: undefined })).toBe('0.82');
    expect(lastValueWithCondition({ ...base, value: 0.31 })).toBe('0.31 (alerts when > 0.5)');
  });

  it('measures the firing duration only once resolved', () => {
    expect(firingDurationMs(base)).toBeUndefined();
    expect(firingDurationMs({ ...base, resolvedAtMs: base.firedAtMs + 270_000 })).toBe(270_000);
  });

  it('lists labels sorted, without alertname, severity and empty values', () => {
    expect(displayedLabels({ ...base, labels: { ...base.labels, zone: '', az: 'b' } })).toEqual([
      ['az', 'b'],
      ['service', 'checkout'],
      ['team', 'payments'],
    ]);
  });
});

describe('isLinkableUrl', () => {
  it.each([
    ['https://runbooks.example.com/a', true],
    ['HTTP://x.example', true],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['https://x.example/a b', false],
    ['', false],
    [undefined, false],
  ])('%p -> %p', (url, expected) => {
    expect(isLinkableUrl(url)).toBe(expected);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
  });
});
