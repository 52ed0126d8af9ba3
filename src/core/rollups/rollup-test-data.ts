import { seededRandom } from '../detectors/synthetic-series';
import { Sample } from '../model';

/**
 * A seeded random counter for rollup tests: irregular steps (a few milliseconds to a few minutes, sometimes exactly
 * on bucket boundaries), increments of random size, counter resets to a small value about once in 40 samples, and
 * now and then a repeated value.
 */
export function randomCounter(seed: number, startMs: number, count: number): Sample[] {
  const random = seededRandom(seed);
  const samples: Sample[] = [];
  let tsMs = startMs;
  let value = Math.floor(random() * 1000);
  for (let index = 0; index < count; index += 1) {
    const roll = random();
    tsMs =
      roll < 0.15
        ? Math.floor(tsMs / 60_000) * 60_000 + 60_000 // exactly on a minute boundary
        : tsMs + 1 + Math.floor(random() * (roll < 0.9 ? 30_000 : 400_000));
    const step = random();
    value = step < 0.025 ? Math.floor(random() * 10) : step < 0.1 ? value : value + random() * 50;
    samples.push([tsMs, value]);
  }
  return samples;
}

/** The samples in `(startMs, endMs]`. */
export function samplesIn(samples: readonly Sample[], startMs: number, endMs: number): Sample[] {
  return samples.filter(([tsMs]) => tsMs > startMs && tsMs <= endMs);
}
