import { SeriesSamples } from 'src/core/model';

/**
 * Synthetic counters, written once and read twice: as samples for forewarn's SLO maths and as promtool's expanding
 * notation (`0 5+5x59 _x30`) for Prometheus. A counter starts at 0 at time 0 and has one sample every
 * `resolutionMs`; increments are whole numbers or binary fractions, so both sides hold exactly the same values.
 */

/** `steps` samples, each `perStep` above the one before; or `missing` steps without a sample (no data). */
export type CounterStretch =
  { readonly perStep: number; readonly steps: number } | { readonly missing: number };

export interface CounterSeries {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly stretches: readonly CounterStretch[];
}

/** `{ perStep, steps }`: a stretch of steady increments. */
export function rising(perStep: number, steps: number): CounterStretch {
  return { perStep, steps };
}

export function missing(steps: number): CounterStretch {
  return { missing: steps };
}

export function counterSamples(series: CounterSeries, resolutionMs: number): SeriesSamples {
  const samples: Array<readonly [number, number]> = [[0, 0]];
  let step = 0;
  let value = 0;
  for (const stretch of series.stretches) {
    if ('missing' in stretch) {
      step += stretch.missing;
      continue;
    }
    for (let index = 0; index < stretch.steps; index += 1) {
      step += 1;
      value += stretch.perStep;
      samples.push([step * resolutionMs, value]);
    }
  }
  return { labels: { __name__: series.metric, ...series.labels }, samples };
}

/** promtool's `values:` for the series: `a+bxn` is n + 1 samples from a in steps of b, `_xn` is n missing ones. */
export function promtoolValues(series: CounterSeries): string {
  const parts = ['0'];
  let value = 0;
  for (const stretch of series.stretches) {
    if ('missing' in stretch) {
      parts.push(`_x${stretch.missing}`);
      continue;
    }
    const first = value + stretch.perStep;
    value += stretch.perStep * stretch.steps;
    parts.push(stretch.steps === 1 ? `${first}` : `${first}+${stretch.perStep}x${stretch.steps - 1}`);
  }
  return parts.join(' ');
}
