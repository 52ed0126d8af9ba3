import { parseConfig } from 'src/config/app-config';
import { createPgPool } from 'src/infra/database/pg-pool.provider';
import { TEST_BACKENDS, TestEnvironment } from '../support/test-app';
import { withAdminClient } from '../support/test-database';
import { eventually } from '../support/eventually';

/**
 * PostgreSQL closes idle connections on a restart, a failover or `pg_terminate_backend`. The API must log it and
 * carry on with new connections, not die of an unhandled pool error.
 */
const describeOnServer = TEST_BACKENDS === 'embedded' ? describe.skip : describe;

describeOnServer('losing idle database connections', () => {
  const env = new TestEnvironment();
  let token: string;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api']);
    token = await env.createToken(['ingest', 'read']);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const write = (value: number) =>
    fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: `queue_depth{service="checkout"} ${value}\n`,
    });

  /** Terminates the app's sessions on the test database and returns how many there were. */
  const terminateAppSessions = () =>
    withAdminClient(async (client) => {
      const { rows } = await client.query<{ terminated: boolean }>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'forewarn'`,
        [env.database.name],
      );
      return rows.filter((row) => row.terminated).length;
    });

  it('keeps serving writes and reads after the server closes its idle connections', async () => {
    expect((await write(1)).status).toBe(200);
    expect(await terminateAppSessions()).toBeGreaterThan(0);

    // The pool hears of the closed connections asynchronously; the first write after may still pick one of them.
    await eventually(async () => ((await write(2)).status === 200 ? true : undefined));
    const query = await fetch(`${env.url}/api/v1/query?query=queue_depth`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(query.status).toBe(200);
    const body = (await query.json()) as { data: { result: { value: [number, string] }[] } };
    expect(body.data.result.map((series) => series.value[1])).toEqual(['2']);
  });

  it('survives the loss of an idle connection when nothing else listens on the pool', async () => {
    // Prisma listens for pool errors only while it is connected; during shutdown, after Prisma let go, the pool's own
    // listener is all there is. The pool from the provider, on its own, must take a lost connection calmly.
    const pool = createPgPool(
      parseConfig({ DATABASE_URL: env.database.url, REDIS_URL: 'redis://127.0.0.1:6379' }),
    );
    try {
      const client = await pool.connect();
      const pid = (client as unknown as { processID: number }).processID;
      client.release();
      const removed = new Promise((resolve) => pool.once('remove', resolve));
      await withAdminClient((admin) => admin.query('SELECT pg_terminate_backend($1)', [pid]));
      await removed;
      expect(pool.totalCount).toBe(0);
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
