import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server the integration tests use; each spec gets its own database cloned from a migrated template. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432';
/**
 * Prefix of the test databases. Two test runs on one server (say, a CI run and a developer's) each need their own,
 * because a run drops its prefix's leftovers first: `TEST_DB_PREFIX=forewarn_mine npm test`.
 */
export const TEST_DB_PREFIX = process.env.TEST_DB_PREFIX ?? 'forewarn_test';
if (!/^[a-z_][a-z0-9_]*$/.test(TEST_DB_PREFIX)) {
  throw new Error(`TEST_DB_PREFIX must be a lowercase SQL identifier, got "${TEST_DB_PREFIX}"`);
}
export const TEMPLATE_DATABASE = `${TEST_DB_PREFIX}_template`;

export function databaseUrl(name: string): string {
  return `${TEST_SERVER_URL}/${name}`;
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates a fresh database; migrated (cloned from the template) unless `empty` is set. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) =>
    client.query(
      options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`,
    ),
  );
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
