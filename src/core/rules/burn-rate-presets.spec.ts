import { burnRatePreset } from './burn-rate-presets';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('burnRatePreset', () => {
  it('gives the SRE workbook table unchanged for a 30-day SLO', () => {
    expect(burnRatePreset('workbook', 30 * DAY)).toEqual([
      { severity: 'critical', burnRate: 14.4, longWindowMs: HOUR, shortWindowMs: 5 * MIN },
      { severity: 'critical', burnRate: 6, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MIN },
      { severity: 'warning', burnRate: 1, longWindowMs: 3 * DAY, shortWindowMs: 6 * HOUR },
    ]);
  });

  it("gives Pyrra's table unchanged for a 28-day SLO, the window Pyrra defines it for", () => {
    expect(burnRatePreset('pyrra', 28 * DAY)).toEqual([
      { severity: 'critical', burnRate: 14, longWindowMs: HOUR, shortWindowMs: 5 * MIN },
      { severity: 'critical', burnRate: 7, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MIN },
      { severity: 'warning', burnRate: 2, longWindowMs: DAY, shortWindowMs: 2 * HOUR },
      { severity: 'warning', burnRate: 1, longWindowMs: 4 * DAY, shortWindowMs: 6 * HOUR },
    ]);
  });

  it('scales windows in proportion to the SLO window and keeps the burn rates', () => {
    const sloth7d = burnRatePreset('sloth', 7 * DAY);
    expect(sloth7d.map((entry) => entry.burnRate)).toEqual([14.4, 6, 3, 1]);
    // 1h × 7/30 = 14m; 5m × 7/30 = 70s; 3d × 7/30 = 16h48m.
    expect(sloth7d[0]).toMatchObject({ longWindowMs: 14 * MIN, shortWindowMs: 70_000 });
    expect(sloth7d[3]).toMatchObject({ longWindowMs: 16 * HOUR + 48 * MIN });
  });

  it('rounds to whole seconds and never goes below 1s', () => {
    // 5m × 1h/30d = 0.4166…s.
    expect(burnRatePreset('workbook', HOUR)[0]).toMatchObject({ longWindowMs: 5_000, shortWindowMs: 1_000 });
    // 5m × 29d/30d = 290s exactly; 1h × 29/30 = 3480s.
    expect(burnRatePreset('workbook', 29 * DAY)[0]).toMatchObject({
      longWindowMs: 3_480_000,
      shortWindowMs: 290_000,
    });
  });
});
