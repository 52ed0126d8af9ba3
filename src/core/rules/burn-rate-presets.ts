import type { BurnRateWindow } from './rule-file.schema';

/**
 * Multiwindow, multi-burn-rate alert tables an SLO can pick with `burn_rates: <name>`. Each table is written for an
 * SLO window of `periodMs`; an SLO with another window gets every long and short window scaled by the ratio of the
 * two windows (burn rates unchanged), so each alert still fires after the same share of the error budget is spent.
 * A calendar month counts as 30 days.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const BURN_RATE_PRESET_NAMES = ['workbook', 'sloth', 'pyrra'] as const;
export type BurnRatePresetName = (typeof BURN_RATE_PRESET_NAMES)[number];

interface BurnRatePreset {
  readonly periodMs: number;
  readonly windows: readonly BurnRateWindow[];
}

function window(
  severity: BurnRateWindow['severity'],
  burnRate: number,
  longWindowMs: number,
  shortWindowMs: number,
): BurnRateWindow {
  return { severity, burnRate, longWindowMs, shortWindowMs };
}

export const BURN_RATE_PRESETS: Readonly<Record<BurnRatePresetName, BurnRatePreset>> = {
  /**
   * Google SRE workbook, "Alerting on SLOs", recommended parameters for a 30-day SLO
   * (https://sre.google/workbook/alerting-on-slos/): page on 2% of the budget in 1h (14.4x) or 5% in 6h (6x),
   * ticket on 10% in 3d (1x); each long window paired with a short window of 1/12 of it.
   */
  workbook: {
    periodMs: 30 * DAY,
    windows: [
      window('critical', 14.4, HOUR, 5 * MINUTE),
      window('critical', 6, 6 * HOUR, 30 * MINUTE),
      window('warning', 1, 3 * DAY, 6 * HOUR),
    ],
  },
  /**
   * Sloth's default 30-day windows (slok/sloth `internal/alert/windows/google-30d.yaml`): page quick 2% of the budget
   * in 1h/5m, page slow 5% in 6h/30m, ticket quick 10% in 1d/2h, ticket slow 10% in 3d/6h. As burn rates over a
   * 30-day period: 14.4, 6, 3 and 1.
   */
  sloth: {
    periodMs: 30 * DAY,
    windows: [
      window('critical', 14.4, HOUR, 5 * MINUTE),
      window('critical', 6, 6 * HOUR, 30 * MINUTE),
      window('warning', 3, DAY, 2 * HOUR),
      window('warning', 1, 3 * DAY, 6 * HOUR),
    ],
  },
  /**
   * Pyrra's default windows (pyrra-dev/pyrra `slo/rules.go`, `Windows(sloWindow)`), defined for a 28-day SLO and
   * scaled by Pyrra in the same way: critical 14x 1h/5m and 7x 6h/30m, warning 2x 1d/2h and 1x 4d/6h.
   */
  pyrra: {
    periodMs: 28 * DAY,
    windows: [
      window('critical', 14, HOUR, 5 * MINUTE),
      window('critical', 7, 6 * HOUR, 30 * MINUTE),
      window('warning', 2, DAY, 2 * HOUR),
      window('warning', 1, 4 * DAY, 6 * HOUR),
    ],
  },
};

export const CALENDAR_MONTH_MS = 30 * DAY;

/** The preset's windows for an SLO window of `sloWindowMs`, rounded to whole seconds (at least 1s). */
export function burnRatePreset(name: BurnRatePresetName, sloWindowMs: number): BurnRateWindow[] {
  const preset = BURN_RATE_PRESETS[name];
  const scale = sloWindowMs / preset.periodMs;
  const scaled = (ms: number) => Math.max(1000, Math.round((ms * scale) / 1000) * 1000);
  return preset.windows.map((entry) => ({
    ...entry,
    longWindowMs: scaled(entry.longWindowMs),
    shortWindowMs: scaled(entry.shortWindowMs),
  }));
}
