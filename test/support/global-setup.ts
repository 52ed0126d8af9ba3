import { applyMigrations } from 'src/infra/database/migration-runner';
import { TEMPLATE_DATABASE, TEST_DB_PREFIX, databaseUrl, withAdminClient } from './test-database';

/** Builds the migrated template database that every integration spec clones, and drops leftovers of old runs. */
export default async function globalSetup(): Promise<void> {
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${TEST_DB_PREFIX}\\_%`],
    );
    for (const row of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  await applyMigrations(databaseUrl(TEMPLATE_DATABASE));
}
