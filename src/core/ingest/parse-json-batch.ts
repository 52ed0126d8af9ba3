import { closestMatch } from '../templates/did-you-mean';
import { METRIC_NAME_LABEL } from '../model';
import { IngestLimits, IngestResult } from './ingest-batch';
import { quote } from './ingest-limits';
import { ProblemCollector } from './ingest-problems';
import { buildLabelSet } from './label-set';
import { parseSampleValue } from './parse-number';
import {
  NEEDS_POSITIONS,
  PositionNames,
  SeriesAccumulator,
  SeriesBuilder,
  parseWithPositionRetry,
} from './series-accumulator';

const ENTRY_KEYS = ['labels', 'samples'];
const VALUE_EXPECTED = 'expected a number or "NaN", "+Inf", "-Inf"';
const TIMESTAMP_EXPECTED = 'expected a non-negative integer timestamp in milliseconds';

/**
 * Positions pack entry and sample index into one number: entry * 2^32 + sample + 1 (0 = the entry itself).
 * Exact for any realistic body (entries < 2^21).
 */
const ENTRY_STRIDE = 2 ** 32;

const SAMPLE_PATHS: PositionNames = {
  sample: (pos) => samplePath(pos),
  timestamp: (pos) => `${samplePath(pos)}[0]`,
};

function samplePath(pos: number): string {
  const entry = Math.floor(pos / ENTRY_STRIDE);
  return `$[${entry}].samples[${pos - entry * ENTRY_STRIDE - 1}]`;
}

/**
 * Validates an already `JSON.parse`d write request:
 * `[{"labels": {"__name__": "m", "k": "v"}, "samples": [[tsMs, value], ...]}, ...]`.
 * Values are numbers or strings as in Prometheus's HTTP API (`"NaN"`, `"+Inf"`, `"-Inf"`, `"1.5"`).
 * Entries with the same label set are merged. Problems name JSON paths such as `$[0].samples[2][1]`.
 */
export function parseJsonBatch(body: unknown, limits: IngestLimits): IngestResult {
  return parseWithPositionRetry((trackPositions) => parseEntries(body, limits, trackPositions));
}

function parseEntries(
  body: unknown,
  limits: IngestLimits,
  trackPositions: boolean,
): IngestResult | typeof NEEDS_POSITIONS {
  const problems = new ProblemCollector();
  const batch = new SeriesAccumulator(limits, problems, SAMPLE_PATHS, trackPositions);
  if (!Array.isArray(body)) {
    problems.add(0, '$', 'expected an array of {"labels": {...}, "samples": [[tsMs, value], ...]} objects');
    return problems.failure();
  }
  for (let e = 0; e < body.length; e++) {
    parseEntry(body[e] as unknown, e, limits, problems, batch);
  }
  return batch.finish();
}

function parseEntry(
  entry: unknown,
  e: number,
  limits: IngestLimits,
  problems: ProblemCollector,
  batch: SeriesAccumulator,
): void {
  const entryPos = e * ENTRY_STRIDE;
  const path = `$[${e}]`;
  if (!isPlainObject(entry)) {
    problems.add(entryPos, path, 'expected an object with "labels" and "samples"');
    return;
  }
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.includes(key)) {
      problems.add(entryPos, `${path}${member(key)}`, unknownKeyMessage(key));
    }
  }

  const series = parseLabels(entry['labels'], path, entryPos, limits, problems, batch);

  const samples = entry['samples'];
  if (samples === undefined) {
    problems.add(entryPos, `${path}.samples`, 'required');
    return;
  }
  if (!Array.isArray(samples)) {
    problems.add(entryPos, `${path}.samples`, 'expected an array of [tsMs, value] pairs');
    return;
  }
  for (let s = 0; s < samples.length; s++) {
    const pos = entryPos + s + 1;
    const pair = samples[s] as unknown;
    if (!Array.isArray(pair) || pair.length !== 2) {
      problems.add(pos, samplePath(pos), 'expected a [tsMs, value] pair');
      continue;
    }
    const ts = pair[0] as unknown;
    const rawValue = pair[1] as unknown;
    const tsOk = typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0;
    const value =
      typeof rawValue === 'number'
        ? rawValue
        : typeof rawValue === 'string'
          ? parseSampleValue(rawValue, 0, rawValue.length)
          : undefined;
    if (!tsOk) {
      problems.add(pos, `${samplePath(pos)}[0]`, TIMESTAMP_EXPECTED);
    }
    if (value === undefined) {
      const got = typeof rawValue === 'string' ? `, got ${quote(rawValue)}` : '';
      problems.add(pos, `${samplePath(pos)}[1]`, `${VALUE_EXPECTED}${got}`);
    }
    if (tsOk && value !== undefined) {
      batch.add(series, ts, value, pos);
    }
  }
}

/** The series of an entry, or `undefined` after reporting why its labels are unusable. */
function parseLabels(
  labels: unknown,
  path: string,
  entryPos: number,
  limits: IngestLimits,
  problems: ProblemCollector,
  batch: SeriesAccumulator,
): SeriesBuilder | undefined {
  const labelsPath = `${path}.labels`;
  if (labels === undefined) {
    problems.add(entryPos, labelsPath, 'required');
    return undefined;
  }
  if (!isPlainObject(labels)) {
    problems.add(entryPos, labelsPath, 'expected an object of label names to string values');
    return undefined;
  }
  const names: string[] = [];
  const values: string[] = [];
  let typesOk = true;
  for (const name of Object.keys(labels)) {
    const value = labels[name];
    if (typeof value !== 'string') {
      problems.add(entryPos, `${labelsPath}${member(name)}`, 'expected a string');
      typesOk = false;
      continue;
    }
    names.push(name);
    values.push(value);
  }
  const set = buildLabelSet(names, values, limits, (label, message, limit) => {
    if (label === METRIC_NAME_LABEL && !names.includes(METRIC_NAME_LABEL) && METRIC_NAME_LABEL in labels) {
      return; // "required" would repeat "expected a string"
    }
    problems.add(
      entryPos,
      label === undefined ? labelsPath : `${labelsPath}${member(label)}`,
      message,
      limit,
    );
  });
  return set === undefined || !typesOk ? undefined : batch.seriesFor(set);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `.name` for identifier-like keys, `["odd key"]` otherwise. */
function member(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${quote(key)}]`;
}

function unknownKeyMessage(key: string): string {
  const suggestion = closestMatch(key.toLowerCase(), ENTRY_KEYS);
  return suggestion === undefined
    ? 'unknown key (an entry has only "labels" and "samples")'
    : `unknown key (did you mean "${suggestion}"?)`;
}
