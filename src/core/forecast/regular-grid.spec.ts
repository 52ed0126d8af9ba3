import { Sample } from './forecast-model';
import { toRegularGrid } from './regular-grid';

const T0 = Date.parse('2026-11-26T00:00:00Z');
const MINUTE = 60_000;

describe(toRegularGrid.name, () => {
  it.each<[string, Sample[], { stepMs: number; values: number[] }]>([
    [
      'keeps evenly spaced points',
      [
        [T0, 1],
        [T0 + MINUTE, 2],
        [T0 + 2 * MINUTE, 3],
      ],
      { stepMs: MINUTE, values: [1, 2, 3] },
    ],
    [
      // Gaps 58s, 61s, 60s → median 60s; each point rounds to its slot.
      'snaps jittered scrapes to the median spacing',
      [
        [T0, 1],
        [T0 + 58_000, 2],
        [T0 + 119_000, 3],
        [T0 + 179_000, 4],
      ],
      { stepMs: MINUTE, values: [1, 2, 3, 4] },
    ],
    [
      // Slots 2 and 3 are missing: 10 → 40 over three steps.
      'interpolates a gap',
      [
        [T0, 0],
        [T0 + MINUTE, 10],
        [T0 + 4 * MINUTE, 40],
        [T0 + 5 * MINUTE, 50],
      ],
      { stepMs: MINUTE, values: [0, 10, 20, 30, 40, 50] },
    ],
    [
      'lets the later of two points in one slot win',
      [
        [T0, 1],
        [T0 + MINUTE, 2],
        [T0 + 2 * MINUTE, 3],
        [T0 + 2 * MINUTE + 10_000, 8],
        [T0 + 3 * MINUTE, 4],
        [T0 + 4 * MINUTE, 5],
      ],
      { stepMs: MINUTE, values: [1, 2, 8, 4, 5] },
    ],
  ])('%s', (_name, points, expected) => {
    expect(toRegularGrid(points)).toEqual({ startMs: T0, ...expected });
  });
});
