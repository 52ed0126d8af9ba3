import { BadQueryError, parseQueryDuration, parseQueryRange, parseQueryTime } from './query-params';

describe(parseQueryTime.name, () => {
  it.each([
    ['1700000000', 1_700_000_000_000],
    ['1700000000.123', 1_700_000_000_123],
    ['2026-03-01T12:00:00Z', Date.parse('2026-03-01T12:00:00Z')],
    ['2026-03-01T12:00:00.5+01:00', Date.parse('2026-03-01T11:00:00.500Z')],
  ])('reads %s', (text, expected) => {
    expect(parseQueryTime(text, 'time')).toBe(expected);
  });

  it('defaults when absent, and names the parameter when unreadable', () => {
    expect(parseQueryTime(undefined, 'time', 42)).toBe(42);
    expect(() => parseQueryTime('yesterday', 'time')).toThrow(
      new BadQueryError('invalid parameter "time": cannot parse "yesterday" to a valid timestamp'),
    );
    expect(() => parseQueryTime(undefined, 'start')).toThrow('invalid parameter "start": required');
  });
});

describe(parseQueryDuration.name, () => {
  it.each([
    ['15', 15_000],
    ['0.5', 500],
    ['1m30s', 90_000],
    ['250ms', 250],
  ])('reads %s', (text, expected) => {
    expect(parseQueryDuration(text, 'step')).toBe(expected);
  });

  it('names the parameter when unreadable', () => {
    expect(() => parseQueryDuration('fast', 'step')).toThrow('invalid parameter "step": cannot parse "fast"');
  });
});

describe(parseQueryRange.name, () => {
  it('accepts exactly 11,000 steps and refuses one more', () => {
    expect(parseQueryRange({ start: '0', end: '11000', step: '1' })).toEqual({
      startMs: 0,
      endMs: 11_000_000,
      stepMs: 1000,
    });
    expect(() => parseQueryRange({ start: '0', end: '11001', step: '1' })).toThrow(
      'exceeded maximum resolution',
    );
  });

  it.each([
    [{ start: '10', end: '5', step: '1' }, 'end timestamp must not be before start time'],
    [{ start: '0', end: '5', step: '0' }, 'zero or negative query resolution step'],
    [{ start: '0', end: '5' }, 'invalid parameter "step": required'],
  ])('refuses %j', (params, message) => {
    expect(() => parseQueryRange(params)).toThrow(message);
  });
});
