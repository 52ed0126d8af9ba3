import { parseArgs } from 'node:util';
import { DEFAULT_DETECTOR_OPTIONS, DetectorKind, createDetector } from 'src/core/detectors/detector';
import { generateSeries } from 'src/core/detectors/synthetic-series';

/**
 * `npm run bench:detect [-- --points 10000000]`: points per second of every detector over one generated seasonal
 * series (1-minute spacing, daily cycle, weekend dip, Gaussian noise, a spike every 10,000 points), each from a fresh
 * state, against a baseline from the same run: a plain loop that keeps a running mean of the same values. Prints
 * points/s and the ratio to the baseline, and points per second of CPU time used by the process, which a busy shared
 * machine disturbs less than the wall clock. Target: ≥ 1M points/s for every detector.
 */

const { values: flags } = parseArgs({ options: { points: { type: 'string', default: '10000000' } } });
const POINTS = Number(flags.points);
if (!(POINTS > 0)) {
  throw new Error(`--points must be a positive number, got ${flags.points}`);
}
const KINDS: DetectorKind[] = ['seasonal', 'robust', 'ewma', 'holt_winters', 'cusum', 'ensemble'];

const series = generateSeries(
  {
    startMs: Date.UTC(2024, 0, 1),
    stepMs: 60_000,
    level: 500,
    dailyAmplitude: 200,
    weekendOffset: -150,
    noise: 20,
    seed: 1,
  },
  POINTS,
);
const timestamps = Float64Array.from(series.timestamps);
const values = Float64Array.from(series.values, (v, i) => (i % 10_000 === 9_999 ? v + 1_000 : v));

/**
 * Runs `work` and returns points per second of wall-clock and of CPU time; `work` returns a number so that nothing is
 * optimised away.
 */
function rate(work: () => number): { perSecond: number; perCpuSecond: number; check: number } {
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const check = work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  return { perSecond: POINTS / seconds, perCpuSecond: POINTS / ((cpu.user + cpu.system) / 1e6), check };
}

function runningMean(): number {
  let mean = 0;
  for (let i = 0; i < POINTS; i++) {
    mean += ((values[i] as number) - mean) / (i + 1);
  }
  return mean;
}

function runDetector(kind: DetectorKind): number {
  const detector = createDetector(kind, DEFAULT_DETECTOR_OPTIONS);
  const state = detector.initialState();
  let anomalies = 0;
  for (let i = 0; i < POINTS; i++) {
    if (detector.update(state, timestamps[i] as number, values[i] as number).anomalous) {
      anomalies += 1;
    }
  }
  return anomalies;
}

const format = (perSecond: number) => `${(perSecond / 1e6).toFixed(2)}M points/s`;
const baseline = rate(runningMean);
process.stdout.write(`${POINTS.toLocaleString('en')} points, 1-minute spacing\n`);
process.stdout.write(`${'baseline (running mean)'.padEnd(24)} ${format(baseline.perSecond).padStart(18)}\n`);
for (const kind of KINDS) {
  const { perSecond, perCpuSecond, check } = rate(() => runDetector(kind));
  const ratio = perSecond / baseline.perSecond;
  const verdict = perSecond >= 1e6 ? 'ok' : 'BELOW 1M points/s';
  process.stdout.write(
    `${kind.padEnd(24)} ${format(perSecond).padStart(18)}   ratio ${ratio.toFixed(4)}   ` +
      `cpu ${format(perCpuSecond).padStart(18)}   ${check} anomalous   ${verdict}\n`,
  );
}
