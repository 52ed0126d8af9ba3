import { Pool } from 'pg';
import { SeedIncident } from '../../scripts/seed-history-data';
import { seedHistory } from '../../scripts/seed-history';
import { TestEnvironment } from '../support/test-app';

/** Starts the API on a fresh database holding `npm run seed:history`'s 8 weeks; returns the seeded incidents. */
export async function startSeededApi(env: TestEnvironment): Promise<SeedIncident[]> {
  await env.setUp();
  await env.start(['api'], { RULES_WATCH: 'false' });
  const pool = new Pool({ connectionString: env.database.url, max: 2 });
  try {
    return await seedHistory(pool, Date.now());
  } finally {
    await pool.end();
  }
}
