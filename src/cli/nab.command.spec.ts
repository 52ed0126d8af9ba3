import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runNabCommand } from './nab.command';

const ROOT = join(__dirname, '..', '..');
const NAB_DATA = join(resolve(ROOT, process.env.NAB_DIR ?? '../shared/nab'), 'data');
/** Small files; exchange-2 has CRLF line ends. */
const FILES = [
  'realAdExchange/exchange-2_cpc_results.csv',
  'realAdExchange/exchange-3_cpc_results.csv',
  'realTraffic/speed_7578.csv',
];

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runNabCommand(
    args,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err };
}

/** A data folder holding `files`, each cut to its first `rows` data rows when given. */
async function dataFolder(files: string[], rows?: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'forewarn-nab-'));
  for (const file of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    if (rows === undefined) {
      await copyFile(join(NAB_DATA, file), join(dir, file));
    } else {
      const lines = (await readFile(join(NAB_DATA, file), 'utf8')).split(/\r?\n/);
      await writeFile(join(dir, file), `${lines.slice(0, rows + 1).join('\n')}\n`);
    }
  }
  return dir;
}

async function resultRows(dir: string, file: string): Promise<string[][]> {
  const text = await readFile(join(dir, file), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

describe('forewarn nab', () => {
  if (!existsSync(NAB_DATA)) {
    it.skip(`needs the NAB dev data at ${NAB_DATA}: set NAB_DIR to a folder with data/ to run these tests`, () => {});
    return;
  }

  it('writes one NAB result file per data file: header, every row, scores in [0,1]', async () => {
    const data = await dataFolder(FILES);
    const results = await mkdtemp(join(tmpdir(), 'forewarn-nab-out-'));
    const { code, out, err } = await run(['--data', data, '--out', results]);
    expect(code).toBe(0);
    expect(out).toEqual([`wrote 3 result file(s) to ${results}`]);
    expect(err).toHaveLength(3);
    expect(err[0]).toMatch(/^\[1\/3\] realAdExchange\/exchange-2_cpc_results\.csv: 1624 rows in \d+ ms$/);
    for (const file of FILES) {
      const input = (await readFile(join(data, file), 'utf8')).trimEnd().split(/\r?\n/).slice(1);
      const [header, ...rows] = await resultRows(results, file);
      expect(header).toEqual(['timestamp', 'value', 'anomaly_score']);
      expect(rows.map(([timestamp, value]) => `${timestamp},${value}`)).toEqual(input);
      const scores = rows.map((row) => Number(row[2]));
      expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
      expect(Math.max(...scores)).toBeGreaterThan(0.5);
    }
  });

  it('is causal: scores of a prefix do not change when the file is truncated', async () => {
    const file = FILES[2] as string;
    const full = await mkdtemp(join(tmpdir(), 'forewarn-nab-out-'));
    const cut = await mkdtemp(join(tmpdir(), 'forewarn-nab-out-'));
    await run(['--data', await dataFolder([file]), '--out', full]);
    await run(['--data', await dataFolder([file], 600), '--out', cut]);
    const fullRows = await resultRows(full, file);
    const cutRows = await resultRows(cut, file);
    expect(cutRows).toHaveLength(601);
    expect(cutRows).toEqual(fullRows.slice(0, 601));
  });
});

describe('forewarn nab arguments and input', () => {
  it('needs --data and --out', async () => {
    expect(await run(['--data', 'x'])).toEqual({
      code: 2,
      out: [],
      err: ['usage: forewarn nab --data DIR --out DIR'],
    });
  });

  it('reports a row that is not NAB data with its line, and exits 1', async () => {
    const data = await mkdtemp(join(tmpdir(), 'forewarn-nab-'));
    await writeFile(
      join(data, 'bad.csv'),
      'timestamp,value\n2015-01-01 00:00:00,1\n2015-01-01 00:05:00,oops\n',
    );
    const { code, err } = await run([
      '--data',
      data,
      '--out',
      await mkdtemp(join(tmpdir(), 'forewarn-nab-out-')),
    ]);
    expect(code).toBe(1);
    expect(err).toEqual([
      `${join(data, 'bad.csv')}:3: expected "YYYY-MM-DD HH:MM:SS,number", got "2015-01-01 00:05:00,oops"`,
    ]);
  });
});
