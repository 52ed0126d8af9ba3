import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { Client, Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startComponents } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { ApiTokenService } from 'src/modules/auth/api-token.service';
import { copyHeader, copyTrailer, encodeSampleRows } from 'src/modules/metrics/sample-copy-encoder';

/**
 * `npm run bench:ingest [-- --scale 1]`: pushes 1,000,000 × scale samples over 10,000 × scale series through the
 * HTTP API (Prometheus text, 100k samples per request, sent from a client thread) and, in the same run, COPYs the same rows straight into a
 * scratch table shaped like `samples` (same primary key). Prints samples/s for both and the ratio. Target ≥ 0.5.
 */

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    batch: { type: 'string', default: '100000' },
  },
});
const scale = Number(values.scale);
const concurrency = Number(values.concurrency);
const SERIES = Math.round(10_000 * scale);
const SAMPLES_PER_SERIES = 100;
const SAMPLES_PER_REQUEST = Number(values.batch);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn_bench';

async function recreateDatabase(): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

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
function pushFromClientThread(url: string, token: string, bodies: string[]): Promise<number> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     (async () => {
       const { url, token, bodies, concurrency } = workerData;
       let next = 0;
       const start = process.hrtime.bigint();
       await Promise.all(Array.from({ length: concurrency }, async () => {
         while (next < bodies.length) {
           const body = bodies[next++];
           const response = await fetch(url + '/api/v1/write', {
             method: 'POST',
             headers: { authorization: 'Bearer ' + token, 'content-type': 'text/plain' },
             body,
           });
           if (response.status !== 200) {
             throw new Error('write failed: ' + response.status + ' ' + (await response.text()));
           }
           await response.arrayBuffer();
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

async function main(): Promise<void> {
  await recreateDatabase();
  const config = parseConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  });
  const running = await startComponents(['api'], config);
  const { token } = await running.app.get(ApiTokenService).create('bench', ['ingest']);
  const total = SERIES * SAMPLES_PER_SERIES;
  const startMs = Date.now() - 10 * 60_000;
  const bodies = buildRequests(startMs);
  process.stdout.write(
    `ingest benchmark: ${total.toLocaleString('en')} samples, ${SERIES.toLocaleString('en')} series, ${bodies.length} requests, concurrency ${concurrency}\n`,
  );

  const httpSeconds = await pushFromClientThread(running.url ?? '', token, bodies);
  await running.close();

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

  const httpRate = total / httpSeconds;
  const copyRate = total / copySeconds;
  process.stdout.write(
    `HTTP ingest : ${httpSeconds.toFixed(2)} s, ${Math.round(httpRate).toLocaleString('en')} samples/s\n`,
  );
  process.stdout.write(
    `raw COPY    : ${copySeconds.toFixed(2)} s, ${Math.round(copyRate).toLocaleString('en')} samples/s\n`,
  );
  process.stdout.write(`ratio       : ${(httpRate / copyRate).toFixed(2)} (target >= 0.5)\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
