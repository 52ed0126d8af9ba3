import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startComponents } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { recreateDatabase } from 'src/infra/database/migration-runner';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { ApiTokenService } from 'src/modules/auth/api-token.service';
import { copyHeader, copyTrailer, encodeSampleRows } from 'src/modules/metrics/sample-copy-encoder';

/**
 * `npm run bench:ingest [-- --scale 1]`: pushes 1,000,000 × scale samples over 10,000 × scale series through the
 * HTTP API (Prometheus text, 100k samples per request, sent from a client thread) and, in the same run, COPYs the same rows straight into a
 * scratch table shaped like `samples` (same primary key). Each round starts from a fresh database; prints every
 * round and the medians of samples/s and of the ratio. Target ≥ 0.5. Flags: --scale, --concurrency (both sides),
 * --batch (samples per request and per COPY), --rounds. With --embedded, each round also pushes the same requests to
 * forewarn on the embedded PostgreSQL (PGlite, a fresh temporary data folder) and prints its rate next to the real
 * PostgreSQL's HTTP ingest rate, and their ratio.
 */

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    batch: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    embedded: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const SERIES = Math.round(10_000 * scale);
const SAMPLES_PER_SERIES = 100;
const SAMPLES_PER_REQUEST = Number(values.batch);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn_bench';

function buildRequests(startMs: number): string[] {
  const seriesPerRequest = SAMPLES_PER_REQUEST / SAMPLES_PER_SERIES;
  const bodies: string[] = [];
  for (let first = 0; first < SERIES; first += seriesPerRequest) {
    const lines: string[] = [];
    for (let s = first; s < Math.min(first + seriesPerRequest, SERIES); s++) {
      const name = `bench_metric{instance="host-${s % 500}",job="svc-${Math.floor(s / 500)}",path="/api/${s}"}`;
      for (let i = 0; i < SAMPLES_PER_SERIES; i++) {
        lines.push(`${name} ${(s * 7 + i) % 1000} ${startMs + i * 1000}`);
      }
    }
    bodies.push(lines.join('\n'));
  }
  return bodies;
}

async function runPool<T>(
  items: readonly T[],
  workers: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

/**
 * Sends the bodies from a worker thread, so that the client's own work (encoding, sockets) does not run on the
 * server's event loop. Returns the seconds from the first request to the last reply.
 */
function pushFromClientThread(url: string, token: string, bodies: Buffer[]): Promise<number> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const http = require('node:http');
     const { url, token, bodies, concurrency } = workerData;
     const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
     const post = (body) => new Promise((resolve, reject) => {
       const request = http.request(url + '/api/v1/write', {
         method: 'POST', agent,
         headers: { authorization: 'Bearer ' + token, 'content-type': 'text/plain', 'content-length': body.length },
       }, (response) => {
         const chunks = [];
         response.on('data', (chunk) => chunks.push(chunk));
         response.on('end', () => response.statusCode === 200
           ? resolve()
           : reject(new Error('write failed: ' + response.statusCode + ' ' + Buffer.concat(chunks).toString())));
       });
       request.on('error', reject);
       request.end(body);
     });
     (async () => {
       let next = 0;
       const start = process.hrtime.bigint();
       await Promise.all(Array.from({ length: concurrency }, async () => {
         while (next < bodies.length) {
           await post(bodies[next++]);
         }
       }));
       parentPort.postMessage(Number(process.hrtime.bigint() - start) / 1e9);
     })().catch((error) => { throw error; });`,
    { eval: true, workerData: { url, token, bodies, concurrency } },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', (seconds: number) => {
      void worker.terminate();
      resolve(seconds);
    });
    worker.once('error', reject);
  });
}

/** Collects the set-up's garbage (the request bodies were built from millions of strings) before a timed phase. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Round {
  readonly httpSeconds: number;
  readonly copySeconds: number;
  readonly embeddedSeconds?: number;
}

/** Starts the api on the database `env` selects, pushes the bodies and checks that every sample is stored. */
async function httpIngest(
  env: Record<string, string>,
  total: number,
  bodies: readonly Buffer[],
): Promise<number> {
  const config = parseConfig({
    ...process.env,
    ...env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  });
  const running = await startComponents(['api'], config);
  try {
    const { token } = await running.app.get(ApiTokenService).create('bench', ['ingest']);
    collectGarbage();
    const seconds = await pushFromClientThread(running.url ?? '', token, [...bodies]);
    const { rows } = await running.app
      .get<Pool>(PG_POOL)
      .query<{ stored: number }>('SELECT count(*) AS stored FROM public.samples');
    if (rows[0]?.stored !== total) {
      throw new Error(`expected ${total} samples stored, got ${rows[0]?.stored}`);
    }
    return seconds;
  } finally {
    await running.close();
  }
}

/** The same requests to forewarn on the embedded PostgreSQL, in a fresh temporary data folder. */
async function embeddedIngest(total: number, bodies: readonly Buffer[]): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'forewarn-bench-'));
  try {
    return await httpIngest({ DATABASE_URL: '', FOREWARN_DATA_DIR: dataDir }, total, bodies);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** One round on a fresh database: the HTTP side first, then the baseline on the same rows. */
async function runRound(total: number, startMs: number, bodies: readonly Buffer[]): Promise<Round> {
  await recreateDatabase(databaseUrl);
  const httpSeconds = await httpIngest({ DATABASE_URL: databaseUrl }, total, bodies);
  const embeddedSeconds = values.embedded ? await embeddedIngest(total, bodies) : undefined;

  // Baseline: the same rows, binary COPY straight into a table with the same shape and primary key, over as many
  // connections as the HTTP client used.
  const pool = new Pool({ connectionString: databaseUrl, max: concurrency });
  await pool.query(
    'CREATE TABLE bench_scratch (series_id int4 NOT NULL, ts timestamptz(3) NOT NULL, value float8 NOT NULL, PRIMARY KEY (series_id, ts))',
  );
  const ids = new Int32Array(total);
  const ts = new Float64Array(total);
  const vals = new Float64Array(total);
  for (let s = 0, row = 0; s < SERIES; s++) {
    for (let i = 0; i < SAMPLES_PER_SERIES; i++, row++) {
      ids[row] = s + 1;
      ts[row] = startMs + i * 1000;
      vals[row] = (s * 7 + i) % 1000;
    }
  }
  collectGarbage();
  const copyStart = process.hrtime.bigint();
  await runPool(
    Array.from({ length: Math.ceil(total / SAMPLES_PER_REQUEST) }, (_, chunk) => chunk),
    concurrency,
    async (chunk) => {
      const from = chunk * SAMPLES_PER_REQUEST;
      const to = Math.min(from + SAMPLES_PER_REQUEST, total);
      const client = await pool.connect();
      try {
        const stream = client.query(
          copyFrom('COPY bench_scratch (series_id, ts, value) FROM STDIN (FORMAT binary)'),
        );
        await pipeline(
          Readable.from([copyHeader(), encodeSampleRows(ids, ts, vals, from, to), copyTrailer()]),
          stream,
        );
      } finally {
        client.release();
      }
    },
  );
  const copySeconds = Number(process.hrtime.bigint() - copyStart) / 1e9;
  const { rows } = await pool.query<{ stored: number; copied: number }>(
    'SELECT (SELECT count(*) FROM samples) AS stored, (SELECT count(*) FROM bench_scratch) AS copied',
  );
  await pool.end();
  if (rows[0]?.stored !== total || rows[0]?.copied !== total) {
    throw new Error(`expected ${total} rows on both sides, got ${JSON.stringify(rows[0])}`);
  }
  return { httpSeconds, copySeconds, embeddedSeconds };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const rate = (total: number, seconds: number) =>
  `${Math.round(total / seconds).toLocaleString('en')} samples/s`;

async function main(): Promise<void> {
  const total = SERIES * SAMPLES_PER_SERIES;
  const startMs = Date.now() - 10 * 60_000;
  // Bodies are built and encoded before any clock starts: the client's work is not the server's.
  const bodies = buildRequests(startMs).map((body) => Buffer.from(body));
  process.stdout.write(
    `ingest benchmark: ${total.toLocaleString('en')} samples, ${SERIES.toLocaleString('en')} series, ` +
      `${bodies.length} requests of ${SAMPLES_PER_REQUEST.toLocaleString('en')}, concurrency ${concurrency}, ${rounds} rounds\n`,
  );
  const results: Round[] = [];
  for (let round = 1; round <= rounds; round++) {
    const result = await runRound(total, startMs, bodies);
    results.push(result);
    process.stdout.write(
      `round ${round}: HTTP ingest ${result.httpSeconds.toFixed(2)} s (${rate(total, result.httpSeconds)}), ` +
        `raw COPY ${result.copySeconds.toFixed(2)} s (${rate(total, result.copySeconds)}), ` +
        `ratio ${(result.copySeconds / result.httpSeconds).toFixed(2)}\n`,
    );
    if (result.embeddedSeconds !== undefined) {
      process.stdout.write(
        `round ${round}: embedded HTTP ingest ${result.embeddedSeconds.toFixed(2)} s ` +
          `(${rate(total, result.embeddedSeconds)}), ratio to PostgreSQL ` +
          `${(result.httpSeconds / result.embeddedSeconds).toFixed(2)}\n`,
      );
    }
  }
  const httpSeconds = median(results.map((result) => result.httpSeconds));
  const copySeconds = median(results.map((result) => result.copySeconds));
  process.stdout.write(`HTTP ingest : median ${httpSeconds.toFixed(2)} s, ${rate(total, httpSeconds)}\n`);
  process.stdout.write(`raw COPY    : median ${copySeconds.toFixed(2)} s, ${rate(total, copySeconds)}\n`);
  process.stdout.write(
    `ratio       : ${median(results.map((result) => result.copySeconds / result.httpSeconds)).toFixed(2)} (median of rounds; target >= 0.5)\n`,
  );
  if (values.embedded) {
    const embedded = results.map((result) => result.embeddedSeconds ?? NaN);
    const embeddedSeconds = median(embedded);
    process.stdout.write(
      `embedded    : median ${embeddedSeconds.toFixed(2)} s, ${rate(total, embeddedSeconds)} (HTTP ingest on PGlite)\n` +
        `embedded/PostgreSQL HTTP ingest rate: ${median(results.map((result, index) => result.httpSeconds / (embedded[index] ?? NaN))).toFixed(2)} (median of rounds)\n`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
