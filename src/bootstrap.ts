import { INestApplicationContext, LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule, Component, Role, componentsOf } from './app.module';
import { AppConfig } from './config/app-config';
import { databaseUrlOf, describeBackends, openDatabase } from './infra/database/database-backend';
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
  const url = databaseUrlOf(config);
  await ensureDatabase(url);
  const report = await applyMigrations(url, { log });
  if (report.applied.length > 0) {
    log(`applied ${report.applied.length} migration(s)`);
  }
}

export interface StartOptions {
  /** Close on SIGINT and SIGTERM, then end the process by that signal (default). Off: the caller handles them. */
  readonly closeOnSignals?: boolean;
}

/** Starts one role in this process. Roles with HTTP listen on HOST:PORT (PORT 0 picks a free port). */
export function startRole(role: Role, config: AppConfig, options: StartOptions = {}): Promise<RunningRole> {
  return startComponents(componentsOf(role), config, options);
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Closes on SIGINT or SIGTERM (the app, then the embedded database, which flushes its files and removes the lock),
 * then lets the signal end the process. A second signal while closing ends it at once.
 */
function closeOnSignals(close: () => Promise<void>, logError: (line: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    close().then(
      () => process.kill(process.pid, signal),
      (error: unknown) => {
        logError(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  const remove = () => SHUTDOWN_SIGNALS.forEach((signal) => process.off(signal, onSignal));
  SHUTDOWN_SIGNALS.forEach((signal) => process.once(signal, onSignal));
  return remove;
}

/**
 * Starts the given components in this process (tests combine `api` and `worker` without the scheduler). Without
 * DATABASE_URL the embedded PostgreSQL starts first, on FOREWARN_DATA_DIR, and stops with the components.
 */
export async function startComponents(
  components: readonly Component[],
  config: AppConfig,
  options: StartOptions = {},
): Promise<RunningRole> {
  const role = components.join('+');
  const logger = new Logger('forewarn');
  const levels = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.LOG_LEVEL) + 1);
  const log = levels.includes('log') ? (line: string) => logger.log(line) : () => undefined;
  const database = await openDatabase(config);
  let app: INestApplicationContext;
  let url: string | undefined;
  try {
    await prepareDatabase(database.config, log);
    ({ app, url } = await createApp(components, database.config, levels));
  } catch (error) {
    await database.close();
    throw error;
  }
  const backends = describeBackends(database.config);
  log(
    `forewarn ${role} ${url === undefined ? 'started' : `listening on ${url}`}; ` +
      `database: ${backends.database}; queue: ${backends.queue}`,
  );
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      removeSignalHandlers();
      try {
        await app.close();
      } finally {
        await database.close();
      }
    })();
    return closing;
  };
  const removeSignalHandlers =
    options.closeOnSignals === false ? () => undefined : closeOnSignals(close, (line) => logger.error(line));
  return { app, url, close };
}

async function createApp(
  components: readonly Component[],
  config: AppConfig,
  levels: LogLevel[],
): Promise<{ app: INestApplicationContext; url?: string }> {
  const module = AppModule.forComponents(components, config);
  if (!components.includes('api')) {
    return { app: await NestFactory.createApplicationContext(module, { logger: levels }) };
  }
  const app = await NestFactory.create<NestExpressApplication>(module, { logger: levels, bodyParser: false });
  app.useGlobalFilters(new DomainErrorFilter());
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  return { app, url: `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}` };
}
