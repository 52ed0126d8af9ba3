import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DETECTOR_OPTIONS, createDetector } from '../core/detectors/detector';

type Write = (line: string) => void;

/** One NAB data file: the timestamp and value columns as written, and the timestamps in epoch ms. */
interface NabSeries {
  readonly timestamps: string[];
  readonly values: string[];
  readonly timestampsMs: number[];
}

/**
 * `forewarn nab --data DIR --out DIR`: runs the ensemble detector, with the default options for every file (NAB allows
 * one parameter set), over every CSV under a NAB `data/` folder and writes NAB's result format
 * (`timestamp,value,anomaly_score`) at the same relative path under `--out`. Each row is scored before it is learned,
 * so the output is causal. NAB timestamps have no zone; they are read as UTC. Progress goes to `err`, one line a file.
 */
export async function runNabCommand(args: string[], out: Write, err: Write): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' } } });
  if (values.data === undefined || values.out === undefined) {
    err('usage: forewarn nab --data DIR --out DIR');
    return 2;
  }
  const files = await csvFilesUnder(values.data);
  if (files.length === 0) {
    err(`forewarn nab: no CSV files under ${values.data}`);
    return 1;
  }
  let failed = 0;
  for (const [index, file] of files.entries()) {
    const rel = relative(values.data, file);
    const started = Date.now();
    const series = parseNabCsv(await readFile(file, 'utf8'));
    if (typeof series === 'string') {
      err(`${file}:${series}`);
      failed += 1;
      continue;
    }
    const target = join(values.out, rel);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, scoreNabSeries(series));
    err(
      `[${index + 1}/${files.length}] ${rel}: ${series.timestamps.length} rows in ${Date.now() - started} ms`,
    );
  }
  out(`wrote ${files.length - failed} result file(s) to ${values.out}`);
  return failed > 0 ? 1 : 0;
}

/** The result CSV of one series: every row scored by a fresh ensemble before it learns the row. */
function scoreNabSeries(series: NabSeries): string {
  const detector = createDetector('ensemble', DEFAULT_DETECTOR_OPTIONS);
  const state = detector.initialState();
  const lines = ['timestamp,value,anomaly_score'];
  for (let i = 0; i < series.timestamps.length; i++) {
    const { score } = detector.update(state, series.timestampsMs[i] as number, Number(series.values[i]));
    lines.push(`${series.timestamps[i]},${series.values[i]},${score}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `timestamp,value` rows (CRLF or LF); a string `line: message` when the file is not NAB data. */
function parseNabCsv(text: string): NabSeries | string {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'timestamp,value') {
    return `1: expected the header "timestamp,value"`;
  }
  const series: NabSeries = { timestamps: [], values: [], timestampsMs: [] };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') {
      continue;
    }
    const [timestamp = '', value = '', extra] = line.split(',');
    const ms = Date.parse(`${timestamp.replace(' ', 'T')}Z`);
    if (extra !== undefined || Number.isNaN(ms) || value.trim() === '' || !Number.isFinite(Number(value))) {
      return `${i + 1}: expected "YYYY-MM-DD HH:MM:SS,number", got "${line}"`;
    }
    series.timestamps.push(timestamp);
    series.values.push(value);
    series.timestampsMs.push(ms);
  }
  return series;
}

async function csvFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.csv'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
