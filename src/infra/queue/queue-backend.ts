import {
  BackendFactory,
  ConnectionOptions,
  PostgresPoolConfig,
  createPostgresBackend,
  createRedisBackend,
  setDefaultBackendFactory,
} from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { databaseUrlOf } from '../database/database-backend';
import { redisConnection } from './redis-connection';

/** Connections of each PostgreSQL-backed queue or worker (a worker adds one dedicated LISTEN connection). */
const POSTGRES_QUEUE_POOL_SIZE = 3;

/** BullMQ's PostgreSQL backend keeps its tables in its own schema, `bullmq`, created by its migrations. */
type PostgresQueueConnection = PostgresPoolConfig & { readonly connectionString: string };

const isPostgresConnection = (connection: unknown): connection is PostgresQueueConnection =>
  typeof connection === 'object' &&
  connection !== null &&
  typeof (connection as { connectionString?: unknown }).connectionString === 'string';

/**
 * Picks BullMQ's backend from the connection options: a PostgreSQL pool config (with `connectionString`) gets the
 * PostgreSQL backend, anything else the Redis one. Installed as BullMQ's process-wide default, so every queue and
 * worker that Nest creates from the queue contract follows QUEUE_BACKEND, including queues added later.
 */
const backendOfConnection: BackendFactory = (name, opts, options) =>
  isPostgresConnection(opts.connection)
    ? createPostgresBackend(name, { ...opts, connection: opts.connection }, options)
    : createRedisBackend(name, opts, options);

/** BullMQ's shared options for QUEUE_BACKEND: the connection and key prefix (Redis only). */
export function queueConnectionOptions(config: AppConfig): { connection: ConnectionOptions; prefix: string } {
  setDefaultBackendFactory(backendOfConnection);
  if (config.QUEUE_BACKEND === 'postgres') {
    const connection: PostgresQueueConnection = {
      connectionString: databaseUrlOf(config),
      max: POSTGRES_QUEUE_POOL_SIZE,
      migrate: true,
      application_name: 'forewarn-queue',
    };
    return { connection: connection, prefix: config.QUEUE_PREFIX };
  }
  if (config.REDIS_URL === undefined) {
    throw new Error('QUEUE_BACKEND=redis needs REDIS_URL');
  }
  return { connection: redisConnection(config.REDIS_URL), prefix: config.QUEUE_PREFIX };
}
