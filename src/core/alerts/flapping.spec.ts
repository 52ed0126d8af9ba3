import { AlertState, AlertTransition } from './alert-state';
import { FLAP_WINDOW_MS, isFlapping, recentFirings } from './flapping';

const T0 = Date.UTC(2026, 10, 26, 12);
const alert = {} as AlertState;
const fired: AlertTransition = { kind: 'firing', alert };
const resolved: AlertTransition = { kind: 'resolved', alert };

describe('flap detection', () => {
  it('counts firings in the last hour only', () => {
    const old = [T0 - FLAP_WINDOW_MS, T0 - FLAP_WINDOW_MS + 1, T0 - 60_000];
    expect(recentFirings(old, [fired, resolved, fired], T0)).toEqual([
      T0 - FLAP_WINDOW_MS + 1,
      T0 - 60_000,
      T0,
      T0,
    ]);
  });

  it.each([
    [6, 6, false],
    [7, 6, true],
    [1, 0, true],
  ])('%d firings with threshold %d flaps: %s', (count, threshold, expected) => {
    expect(
      isFlapping(
        Array.from({ length: count }, (_, i) => T0 + i),
        threshold,
      ),
    ).toBe(expected);
  });
});
