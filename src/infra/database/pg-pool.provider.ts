import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Pool, types } from 'pg';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { databaseUrlOf } from './database-backend';
import { EmbeddedSessionPool } from './embedded-session-pool';

export const PG_POOL = Symbol('PG_POOL');

// int8 (count(*), bigint ids) as JS numbers: our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (text) => Number(text));

export const pgPoolProvider: Provider = {
  provide: PG_POOL,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    const options = {
      connectionString: databaseUrlOf(config),
      max: config.DB_POOL_SIZE,
      application_name: 'forewarn',
    };
    return config.DATABASE_BACKEND === 'embedded' ? new EmbeddedSessionPool(options) : new Pool(options);
  },
};

/** Ends the pool last, after Prisma and the repositories are done with it. */
@Injectable()
export class PgPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
