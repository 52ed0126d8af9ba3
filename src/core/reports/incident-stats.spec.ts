import { incidentStats, unionLengthMs } from './incident-stats';
import { INCIDENTS, REPORT_NOW_MS } from '../../../test/fixtures/reports/incidents';

const MINUTE = 60_000;

describe('incidentStats', () => {
  it('computes the hand-computed numbers of the six incidents', () => {
    const stats = incidentStats(INCIDENTS, REPORT_NOW_MS);
    expect(stats).toEqual({
      incidents: 6,
      open: 1, // E
      unacknowledged: 2, // B, F
      // acknowledged after 2, 5, 10, 15 min: p50 at index 1.5, p90 at index 2.7 = 10 + 0.7 × 5
      mtta: { count: 4, p50Ms: 7.5 * MINUTE, p90Ms: 13.5 * MINUTE, meanMs: 8 * MINUTE },
      // resolved after 8, 30, 40, 60, 120 min (E is open, so left out): p90 at index 3.6 = 60 + 0.6 × 60
      mttr: { count: 5, p50Ms: 40 * MINUTE, p90Ms: 96 * MINUTE, meanMs: 51.6 * MINUTE },
      // A ∪ B = 10:00-11:00 (60) + C 120 + D 8 + E 19 Nov 12:00 → 23 Nov 00:00 (5040) + F 60
      timeInBreachMs: 5288 * MINUTE,
    });
  });

  it('gives no MTTA or MTTR, not zero, when nothing was acknowledged or resolved', () => {
    const open = INCIDENTS.filter((incident) => incident.id === 'E').map((incident) => ({
      ...incident,
      acknowledgedAtMs: null,
    }));
    const stats = incidentStats(open, REPORT_NOW_MS);
    expect([stats.incidents, stats.open, stats.unacknowledged]).toEqual([1, 1, 1]);
    expect(stats.mtta).toEqual({ count: 0, p50Ms: null, p90Ms: null, meanMs: null });
    expect(stats.mttr).toEqual({ count: 0, p50Ms: null, p90Ms: null, meanMs: null });
  });
});

describe('unionLengthMs', () => {
  it.each<[Array<[number, number]>, number]>([
    [[], 0],
    [[[0, 10]], 10],
    [
      [
        [0, 10],
        [5, 20],
      ],
      20,
    ],
    [
      [
        [5, 20],
        [0, 10],
        [30, 40],
      ],
      30,
    ],
    [
      [
        [0, 10],
        [10, 20],
      ],
      20,
    ],
    [
      [
        [0, 100],
        [10, 20],
        [30, 40],
      ],
      100,
    ],
    [
      [
        [5, 5],
        [7, 3],
      ],
      0,
    ],
  ])('%j: %s', (spans, length) => {
    expect(unionLengthMs(spans)).toBe(length);
  });
});
