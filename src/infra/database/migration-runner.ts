import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Applies the SQL migrations in `prisma/migrations/<timestamp>_<name>/migration.sql` in name order and records
 * them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so both tools agree on the history.
 * We need our own runner because Prisma 7's migrate needs a native engine that cannot be downloaded offline.
 */

/** `prisma/migrations` at the repository root, from `src/infra/database` or from the build's `dist/src/infra/database`. */
export const MIGRATIONS_DIR =
  ['../../..', '../../../..']
    .map((up) => resolve(__dirname, up, 'prisma/migrations'))
    .find((dir) => existsSync(dir)) ?? resolve(__dirname, '../../../prisma/migrations');

/** Prisma's own advisory lock key for migrations (`72707369`), so our runner and Prisma never run together. */
const PRISMA_MIGRATION_LOCK = 72707369;

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: string[];
  readonly alreadyApplied: string[];
}

export class MigrationChecksumError extends Error {
  constructor(readonly migration: string) {
    super(
      `migration ${migration} was changed after it was applied (checksum differs); ` +
        'add a new migration instead of editing an applied one',
    );
    this.name = 'MigrationChecksumError';
  }
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS public."_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies pending migrations under Prisma's advisory lock. Each migration runs in its own transaction. The history
 * table is named with its schema: on the embedded server the session's search_path starts with BullMQ's schema.
 */
export async function applyMigrations(
  connectionString: string,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrationReport> {
  const migrations = await readMigrations(options.dir);
  const log = options.log ?? (() => undefined);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATION_LOCK]);
    await client.query(CREATE_HISTORY_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM public."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const appliedChecksum = done.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) {
          throw new MigrationChecksumError(migration.name);
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      log(`applying migration ${migration.name}`);
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO public."_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** The database named in `connectionString`, and a connection string for the server's `postgres` database. */
function adminTarget(connectionString: string): { name: string; adminUrl: string } {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  return { name, adminUrl: url.toString() };
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Drops the database named in `connectionString` (closing its sessions) and creates it empty: demo and benchmarks. */
export async function recreateDatabase(connectionString: string): Promise<void> {
  const { name, adminUrl } = adminTarget(connectionString);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `connectionString` if it does not exist (connects to `postgres` to do so). */
export async function ensureDatabase(connectionString: string): Promise<void> {
  const { name, adminUrl } = adminTarget(connectionString);
  if (name === '' || name === 'postgres') {
    return;
  }
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') {
          throw error;
        }
      });
    }
  } finally {
    await client.end();
  }
}
