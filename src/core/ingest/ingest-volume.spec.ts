import { IngestLimits, IngestResult, samplesOf } from './ingest-batch';
import { parseJsonBatch } from './parse-json-batch';
import { parsePrometheusText } from './parse-prometheus-text';

/** Correctness at volume (no timing assertions): 100k samples over 1,000 series, in both formats. */

const SERIES = 1000;
const SAMPLES_PER_SERIES = 100;
const BASE = Date.parse('2026-03-01T00:00:00Z');
const LIMITS: IngestLimits = {
  maxLabelsPerSeries: 30,
  maxLabelNameLength: 128,
  maxLabelValueLength: 2048,
  maxSamplesPerRequest: 1_000_000,
  minTsMs: BASE - 86_400_000,
  maxTsMs: BASE + 86_400_000,
};

const tsOf = (t: number): number => BASE + t * 15_000;
const valueOf = (s: number, t: number): number => s * 1000 + t * 0.25;

function line(s: number, t: number): string {
  return `http_requests_total{method="GET",code="${200 + (s % 5)}",instance="host-${s}:9100",job="api"} ${valueOf(s, t)} ${tsOf(t)}`;
}

function expectAllSamples(result: IngestResult): void {
  if (!result.ok) {
    throw new Error(JSON.stringify(result.problems.slice(0, 3)));
  }
  expect(result.sampleCount).toBe(SERIES * SAMPLES_PER_SERIES);
  expect(result.series).toHaveLength(SERIES);
  expect(new Set(result.series.map((series) => series.fingerprint)).size).toBe(SERIES);
  let checked = 0;
  for (const series of result.series) {
    const s = Number(/^host-(\d+):/.exec(series.labels['instance'] ?? '')?.[1]);
    const samples = samplesOf(result, series);
    expect(samples).toHaveLength(SAMPLES_PER_SERIES);
    samples.forEach(([ts, value], t) => {
      if (ts !== tsOf(t) || value !== valueOf(s, t)) {
        throw new Error(`series ${s} sample ${t}: got [${ts}, ${value}]`);
      }
      checked++;
    });
  }
  expect(checked).toBe(SERIES * SAMPLES_PER_SERIES);
}

describe('ingest at volume', () => {
  it('parses 100k text samples grouped by series', () => {
    const lines: string[] = ['# TYPE http_requests_total counter'];
    for (let s = 0; s < SERIES; s++) {
      for (let t = 0; t < SAMPLES_PER_SERIES; t++) {
        lines.push(line(s, t));
      }
    }
    expectAllSamples(parsePrometheusText(lines.join('\n'), BASE, LIMITS));
  });

  it('parses 100k text samples cycling through the series, newest first', () => {
    const lines: string[] = [];
    for (let t = SAMPLES_PER_SERIES - 1; t >= 0; t--) {
      for (let s = 0; s < SERIES; s++) {
        lines.push(line(s, t));
      }
    }
    expectAllSamples(parsePrometheusText(lines.join('\r\n'), BASE, LIMITS));
  });

  it('parses 100k JSON samples', () => {
    const body = Array.from({ length: SERIES }, (_, s) => ({
      labels: {
        __name__: 'http_requests_total',
        method: 'GET',
        code: String(200 + (s % 5)),
        instance: `host-${s}:9100`,
        job: 'api',
      },
      samples: Array.from({ length: SAMPLES_PER_SERIES }, (_, t) => [
        tsOf(t),
        t % 2 === 0 ? valueOf(s, t) : String(valueOf(s, t)),
      ]),
    }));
    expectAllSamples(parseJsonBatch(JSON.parse(JSON.stringify(body)) as unknown, LIMITS));
  });
});
