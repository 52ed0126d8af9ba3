import { applyMigrations } from 'src/infra/database/migration-runner';
import { TEMPLATE_DATABASE, databaseUrl, withAdminClient } from './test-database';

/** Builds the migrated template database that every integration spec clones, and drops leftovers of old runs. */
export default async function globalSetup(): Promise<void> {
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'forewarn_test_%'",
    );
    for (const row of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  await applyMigrations(databaseUrl(TEMPLATE_DATABASE));
}
