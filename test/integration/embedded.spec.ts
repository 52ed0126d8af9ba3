import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedPostgres, startEmbeddedPostgres } from 'src/infra/embedded/embedded-postgres';
import { EmbeddedSessionPool } from 'src/infra/database/embedded-session-pool';
import { applyMigrations } from 'src/infra/database/migration-runner';

const ROOT = resolve(__dirname, '../..');

/** Runs `forewarn ARGS` in a new process; resolves with its exit code and stderr. */
function forewarn(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('embedded PostgreSQL', () => {
  let dataDir: string;
  let embedded: EmbeddedPostgres;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'forewarn-embedded-'));
    embedded = await startEmbeddedPostgres({ dataDir, maxConnections: 20 });
    await applyMigrations(embedded.url);
  }, 120_000);

  afterAll(async () => {
    await embedded?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a second process on the same data folder at once, naming the folder and the holder', async () => {
    const { code, stderr } = await forewarn(['migrate'], { FOREWARN_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toContain(`the data folder ${dataDir} is in use by forewarn process ${process.pid}`);
  }, 60_000);

  it('keeps a transaction atomic while another connection writes: its rollback takes only its own rows', async () => {
    const pool = new EmbeddedSessionPool({ connectionString: embedded.url, max: 4 });
    try {
      const insert = (name: string) =>
        `INSERT INTO public.api_tokens (name, token_hash, scopes) VALUES ('${name}', '${name}', ARRAY['read'])`;
      const tx = await pool.connect();
      await tx.query('BEGIN');
      await tx.query(insert('rolled-back'));
      const other = pool.query(insert('committed')); // another connection, while the transaction is open
      await tx.query('SELECT pg_sleep(0.05)');
      await tx.query('ROLLBACK');
      tx.release();
      await other;
      const { rows } = await pool.query<{ name: string }>(
        `SELECT name FROM public.api_tokens WHERE name IN ('rolled-back', 'committed')`,
      );
      expect(rows.map((row) => row.name)).toEqual(['committed']);
    } finally {
      await pool.end();
    }
  });

  it('runs what a transaction does through the pool inside it, and nested transactions as savepoints', async () => {
    const pool = new EmbeddedSessionPool({ connectionString: embedded.url, max: 4 });
    try {
      await EmbeddedSessionPool.inTransaction(async () => {
        const tx = await pool.connect();
        await tx.query('BEGIN');
        await tx.query(
          `INSERT INTO public.api_tokens (name, token_hash, scopes) VALUES ('outer', 'outer', ARRAY['read'])`,
        );
        // Through the pool, as a metric read inside an evaluation does: it would wait for the transaction forever.
        const seen = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM public.api_tokens WHERE name = 'outer'`,
        );
        expect(seen.rows[0]?.n).toBe(1);
        const nested = await pool.connect();
        await nested.query('BEGIN');
        await nested.query(
          `INSERT INTO public.api_tokens (name, token_hash, scopes) VALUES ('nested', 'nested', ARRAY['read'])`,
        );
        await nested.query('ROLLBACK');
        nested.release();
        await tx.query('COMMIT');
        tx.release();
      });
      const { rows } = await pool.query<{ name: string }>(
        `SELECT name FROM public.api_tokens WHERE name IN ('outer', 'nested')`,
      );
      expect(rows.map((row) => row.name)).toEqual(['outer']);
    } finally {
      await pool.end();
    }
  });
});
