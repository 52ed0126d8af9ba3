import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Pool, types } from 'pg';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { databaseUrlOf } from './database-backend';
import { EmbeddedSessionPool } from './embedded-session-pool';

export const PG_POOL = Symbol('PG_POOL');

// int8 (count(*), bigint ids) as JS numbers: our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (text) => Number(text));

/** The pool the app's repositories and Prisma share; a server-closed idle connection is logged, not fatal. */
export function createPgPool(config: AppConfig): Pool {
  const options = {
    connectionString: databaseUrlOf(config),
    max: config.DB_POOL_SIZE,
    application_name: 'forewarn',
  };
  const pool = config.DATABASE_BACKEND === 'embedded' ? new EmbeddedSessionPool(options) : new Pool(options);
  pool.on('error', logIdleConnectionError);
  return pool;
}

export const pgPoolProvider: Provider = {
  provide: PG_POOL,
  inject: [APP_CONFIG],
  useFactory: createPgPool,
};

const logger = new Logger('PgPool');

/**
 * An idle pooled connection that the server closes (a restart, a failover, `pg_terminate_backend`, an idle timeout
 * in a proxy) makes the pool emit 'error', which without a listener is an uncaught exception that ends the process.
 * The pool has already dropped that connection and opens a new one on the next query, so a warning is all it takes.
 */
function logIdleConnectionError(error: Error): void {
  logger.warn(`an idle PostgreSQL connection was closed by the server: ${error.message}`);
}

/** Ends the pool last, after Prisma and the repositories are done with it. */
@Injectable()
export class PgPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
