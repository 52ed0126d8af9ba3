import { IngestLimits } from './ingest-batch';
import {
  formatTimestamp,
  ingestWindow,
  labelValueTooLongMessage,
  quote,
  tooManyLabelsMessage,
  tooOldMessage,
} from './ingest-limits';

const LIMITS: IngestLimits = {
  maxLabelsPerSeries: 30,
  maxLabelNameLength: 128,
  maxLabelValueLength: 2048,
  maxSamplesPerRequest: 1000,
  minTsMs: Date.parse('2026-02-01T00:00:00Z'),
  maxTsMs: Date.parse('2026-03-01T00:10:00Z'),
};

describe('ingestWindow', () => {
  it('spans raw retention behind and the future skew ahead of now', () => {
    expect(ingestWindow(1_000_000, 600_000, 60_000)).toEqual({ minTsMs: 400_000, maxTsMs: 1_060_000 });
  });
});

describe('formatTimestamp', () => {
  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [Date.parse('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00.000Z'],
    [-1, '1969-12-31T23:59:59.999Z'],
    [9e15, '9000000000000000'],
    [NaN, 'NaN'],
  ])('%d -> %s (never throws)', (ts, text) => {
    expect(formatTimestamp(ts)).toBe(text);
  });
});

describe('quote', () => {
  it('quotes like JSON and cuts long text', () => {
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(64)}..."`);
  });
});

describe('messages', () => {
  it('name the limit and the value', () => {
    expect(tooManyLabelsMessage(31, LIMITS)).toBe('series has 31 labels, limit is 30 (INGEST_MAX_LABELS)');
    expect(labelValueTooLongMessage('path', 'x'.repeat(3000), LIMITS)).toBe(
      'label "path" value is 3000 characters, limit is 2048 (INGEST_MAX_LABEL_VALUE_LENGTH)',
    );
    expect(labelValueTooLongMessage('__name__', 'x'.repeat(3000), LIMITS)).toBe(
      'metric name is 3000 characters, limit is 2048 (INGEST_MAX_LABEL_VALUE_LENGTH)',
    );
    expect(tooOldMessage(Date.parse('2026-01-01T00:00:00Z'), LIMITS)).toBe(
      'sample at 2026-01-01T00:00:00.000Z is older than the raw retention window (starts 2026-02-01T00:00:00.000Z)',
    );
  });
});
