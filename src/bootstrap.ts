import { INestApplicationContext, LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, Component, Role, componentsOf } from './app.module';
import { AppConfig } from './config/app-config';
import { applyMigrations, ensureDatabase } from './infra/database/migration-runner';
import { DomainErrorFilter } from './infra/http/domain-error.filter';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface RunningRole {
  readonly app: INestApplicationContext;
  /** The HTTP address when the role serves HTTP (`api`, `all`). */
  readonly url?: string;
  close(): Promise<void>;
}

/** Prepares the database (create if missing, apply pending migrations under Prisma's advisory lock). */
export async function prepareDatabase(config: AppConfig, log: (line: string) => void): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  const report = await applyMigrations(config.DATABASE_URL, { log });
  if (report.applied.length > 0) {
    log(`applied ${report.applied.length} migration(s)`);
  }
}

/** Starts one role in this process. Roles with HTTP listen on HOST:PORT (PORT 0 picks a free port). */
export function startRole(role: Role, config: AppConfig): Promise<RunningRole> {
  return startComponents(componentsOf(role), config);
}

/** Starts the given components in this process (tests combine `api` and `worker` without the scheduler). */
export async function startComponents(
  components: readonly Component[],
  config: AppConfig,
): Promise<RunningRole> {
  const role = components.join('+');
  const logger = new Logger('forewarn');
  const levels = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL) + 1);
  const log = levels.includes('log') ? (line: string) => logger.log(line) : () => undefined;
  await prepareDatabase(config, log);
  const module = AppModule.forComponents(components, config);
  if (!components.includes('api')) {
    const app = await NestFactory.createApplicationContext(module, { logger: levels });
    app.enableShutdownHooks();
    log(`forewarn ${role} started`);
    return { app, close: () => app.close() };
  }
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: levels, bodyParser: false });
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  log(`forewarn ${role} listening on ${url}`);
  return { app, url, close: () => app.close() };
}
