import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock';

/**
 * BullMQ's PostgreSQL backend keeps its tables in this schema. Its connections ask for it as their search_path at
 * start-up, which PGlite ignores (every socket shares one backend session), so the session's search_path names it
 * first for everyone. forewarn's own SQL names `public.` where it creates objects.
 */
export const QUEUE_SCHEMA = 'bullmq';

export interface EmbeddedPostgres {
  /** A `postgresql://` URL that `pg`, Prisma and BullMQ connect to unchanged. */
  readonly url: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

type ServerMessage =
  { type: 'started'; address: string } | { type: 'stopped' } | { type: 'failed'; error: string };

/**
 * The server thread: PGlite (PostgreSQL compiled to WASM) and pglite-socket, which serves it over the PostgreSQL
 * protocol. Every socket shares PGlite's one backend session, and pglite-socket runs their messages one at a time,
 * holding the others back only while a transaction is open. That is not enough: the unnamed statement and portal of
 * one socket's Parse/Bind/Execute...Sync would be replaced by another's in between ("bind message supplies 15
 * parameters, but prepared statement \"\" requires 4"). So the queue is patched to keep serving one socket from its
 * first message until it is idle again: at a Sync or a simple Query that leaves no transaction open.
 * It runs in a worker thread so that PostgreSQL's work stays off the application's event loop, and as plain
 * CommonJS so that PGlite's dynamic imports of Node modules work wherever forewarn runs (node, swc-node, Jest).
 */
const SERVER_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const load = require('node:module').createRequire(workerData.resolveFrom);
const { PGlite } = load('@electric-sql/pglite');
const { PGLiteSocketServer } = load('@electric-sql/pglite-socket');

// Sync, Query, Terminate, or a startup message (its first byte is the high byte of its length).
const endsExchange = (message) => message[0] === 0x53 || message[0] === 0x51 || message[0] === 0x58 || message[0] === 0;

function serveOneSessionAtATime(queue, db) {
  let owner = null;
  const release = async (handlerId) => {
    if (owner !== handlerId) return;
    if (db.isInTransaction()) await db.exec('ROLLBACK');
    owner = null;
    queue.lastHandlerId = null;
    await queue.processQueue();
  };
  queue.processQueue = async function () {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = owner === null ? 0 : this.queue.findIndex((entry) => entry.handlerId === owner);
        if (index === -1) break;
        const [entry] = this.queue.splice(index, 1);
        try {
          let bytes = 0;
          const onRawData = (data) => {
            bytes += data.length;
            entry.onData(data);
          };
          await db.runExclusive(() => db.execProtocolRawStream(entry.message, { onRawData }));
          owner = db.isInTransaction() || !endsExchange(entry.message) ? entry.handlerId : null;
          this.lastHandlerId = entry.handlerId;
          entry.resolve(bytes);
        } catch (error) {
          entry.reject(error);
        }
      }
    } finally {
      this.processing = false;
    }
  };
  const clearQueue = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    clearQueue(handlerId);
    release(handlerId).catch(() => undefined);
  };
  queue.clearTransactionIfNeeded = (handlerId) => release(handlerId);
}

let db;
let server;
const fail = (error) => parentPort.postMessage({ type: 'failed', error: (error && error.stack) || String(error) });
(async () => {
  db = await PGlite.create(workerData.pgdata);
  await db.exec(workerData.initSql);
  server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: workerData.maxConnections });
  serveOneSessionAtATime(server.queryQueue, db);
  await server.start();
  parentPort.postMessage({ type: 'started', address: server.getServerConn() });
})().catch(fail);
parentPort.on('message', (message) => {
  if (message === 'stop') {
    (async () => {
      if (server) await server.stop();
      if (db) await db.close();
      parentPort.postMessage({ type: 'stopped' });
    })().catch(fail);
  }
});
`;

/** The thread's next message of `type`; its failure, crash or exit rejects. */
function nextMessage<T extends ServerMessage['type']>(
  worker: Worker,
  type: T,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolvePromise, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: ServerMessage) => {
      done();
      if (message.type === type) {
        resolvePromise(message as Extract<ServerMessage, { type: T }>);
      } else {
        reject(
          new Error(
            `embedded PostgreSQL failed: ${message.type === 'failed' ? message.error : message.type}`,
          ),
        );
      }
    };
    const onError = (error: Error) => {
      done();
      reject(new Error(`embedded PostgreSQL failed: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`embedded PostgreSQL stopped unexpectedly (thread exit code ${code})`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
}

/**
 * Starts PostgreSQL in this process (PGlite) on the data folder's `pgdata/` and serves it on 127.0.0.1 on a free
 * port, accepting up to `maxConnections` sockets (at least the pools' sizes: a socket over the limit is dropped).
 * The folder's lock file keeps a second process out. `close` stops serving, flushes and closes PGlite, and removes
 * the lock.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  maxConnections: number;
}): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const lock = await lockDataDir(dataDir);
  const worker = new Worker(SERVER_THREAD, {
    eval: true,
    workerData: {
      resolveFrom: __filename,
      pgdata: join(dataDir, 'pgdata'),
      initSql: `CREATE SCHEMA IF NOT EXISTS ${QUEUE_SCHEMA}; SET search_path TO ${QUEUE_SCHEMA}, public`,
      maxConnections: options.maxConnections,
    },
  });
  let address: string;
  try {
    ({ address } = await nextMessage(worker, 'started'));
  } catch (error) {
    await worker.terminate();
    await lock.release();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@${address}/postgres`,
    dataDir,
    close: () => {
      closing ??= (async () => {
        try {
          const stopped = nextMessage(worker, 'stopped');
          worker.postMessage('stop');
          await stopped;
        } finally {
          await worker.terminate();
          await lock.release();
        }
      })();
      return closing;
    },
  };
}
