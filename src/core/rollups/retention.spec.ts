import {
  StoragePartition,
  monthStartsBetween,
  partitionsPastRetention,
  rawHorizonMs,
  rollupHorizonMs,
} from './retention';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 15, 30); // 2026-11-26 15:30 UTC
const retention = { rawMs: 15 * DAY_MS, rollupMs: 400 * DAY_MS };
const raw = (day: string): StoragePartition => {
  const startMs = Date.parse(`${day}T00:00:00Z`);
  return { name: `samples_${day.replaceAll('-', '')}`, kind: 'raw', startMs, endMs: startMs + DAY_MS };
};
const rollup = (width: string, year: number, month: number): StoragePartition => ({
  name: `sample_rollups_${width}_${year}${String(month + 1).padStart(2, '0')}`,
  kind: 'rollup',
  startMs: Date.UTC(year, month, 1),
  endMs: Date.UTC(year, month + 1, 1),
});

describe(partitionsPastRetention.name, () => {
  it('drops a partition once all of it is older than its retention, oldest first', () => {
    // Raw: now - 15 d = 2026-11-11 15:30, so the day of 11-10 (ending 11-11 00:00) goes, 11-11 stays.
    // Rollups: now - 400 d = 2025-10-22 15:30, so September 2025 goes, October 2025 stays.
    const partitions = [
      raw('2026-11-11'),
      raw('2026-11-10'),
      raw('2026-11-26'),
      rollup('1h', 2025, 9),
      rollup('1m', 2025, 8),
      rollup('1h', 2025, 8),
      rollup('5m', 2026, 10),
    ];
    expect(partitionsPastRetention(partitions, retention, NOW).map((partition) => partition.name)).toEqual([
      'sample_rollups_1h_202509',
      'sample_rollups_1m_202509',
      'samples_20261110',
    ]);
  });
});

describe('horizons', () => {
  it('raw: the start of the oldest day kept', () => {
    expect(rawHorizonMs(retention, NOW)).toBe(Date.UTC(2026, 10, 11));
  });

  it('rollups: the start of the oldest month kept', () => {
    expect(rollupHorizonMs(retention, NOW)).toBe(Date.UTC(2025, 9, 1));
  });
});

describe(monthStartsBetween.name, () => {
  it.each([
    ['one month', Date.UTC(2026, 10, 3), Date.UTC(2026, 10, 26), [Date.UTC(2026, 10, 1)]],
    [
      'across a year',
      Date.UTC(2026, 10, 30, 23),
      Date.UTC(2027, 0, 1),
      [Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)],
    ],
    ['an empty span', Date.UTC(2026, 10, 3), Date.UTC(2026, 9, 3), []],
  ])('%s', (_name, fromMs, toMs, expected) => {
    expect(monthStartsBetween(fromMs, toMs)).toEqual(expected);
  });
});
