import { AppConfig } from 'src/config/app-config';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres';

/** Sockets the embedded server accepts beyond the app's pool: migrations and BullMQ's own pools and LISTEN clients. */
const EMBEDDED_EXTRA_CONNECTIONS = 100;

export interface OpenDatabase {
  /** The config with DATABASE_URL pointing at the database in use. */
  readonly config: AppConfig;
  close(): Promise<void>;
}

/**
 * The database this process uses: DATABASE_URL's server, or, when it is unset, PostgreSQL embedded in this process
 * on FOREWARN_DATA_DIR (closed by `close`).
 */
export async function openDatabase(config: AppConfig): Promise<OpenDatabase> {
  if (config.DATABASE_URL !== undefined) {
    return { config, close: () => Promise.resolve() };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.FOREWARN_DATA_DIR,
    maxConnections: config.DB_POOL_SIZE + EMBEDDED_EXTRA_CONNECTIONS,
  });
  return { config: { ...config, DATABASE_URL: embedded.url }, close: () => embedded.close() };
}

/** Runs `work` with the database open, and closes it afterwards (one-shot CLI commands). */
export async function withOpenDatabase<T>(
  config: AppConfig,
  work: (config: AppConfig) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(config);
  try {
    return await work(database.config);
  } finally {
    await database.close();
  }
}

/** DATABASE_URL once `openDatabase` has resolved it. */
export function databaseUrlOf(config: AppConfig): string {
  if (config.DATABASE_URL === undefined) {
    throw new Error('no DATABASE_URL: open the database (openDatabase) before connecting to it');
  }
  return config.DATABASE_URL;
}

/** Which backends a process uses, for the start-up log and `/health/ready`. No credentials. */
export function describeBackends(config: AppConfig): { database: string; queue: string } {
  let database = `embedded PostgreSQL (PGlite) in ${config.FOREWARN_DATA_DIR}`;
  if (config.DATABASE_BACKEND === 'external' && config.DATABASE_URL !== undefined) {
    const url = new URL(config.DATABASE_URL);
    database = `external PostgreSQL at ${url.host}${url.pathname}`;
  }
  const queue =
    config.QUEUE_BACKEND === 'redis' ? 'Redis (BullMQ)' : 'PostgreSQL (BullMQ PostgreSQL backend)';
  return { database, queue };
}
