import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'forewarn.lock';

/** Another live process (or another instance in this one) holds the data folder. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the data folder ${dataDir} is in use by forewarn process ${pid} (lock file ${join(dataDir, LOCK_FILE)}). ` +
        'Stop that process first, set FOREWARN_DATA_DIR to another folder, or set DATABASE_URL to use a PostgreSQL ' +
        'server that several processes can share.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

/** Whether a process with this id runs (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Takes the data folder's lock file (created with O_EXCL, holding our PID). A lock left by a process that no longer
 * runs (a crash, a kill -9) is stale: it is removed and taken. A lock held by a live process fails at once.
 * One lock per folder per process: a second open in the same process fails too, as PGlite cannot share its files.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      let released = false;
      return {
        path,
        release: async () => {
          if (!released) {
            released = true;
            await unlink(path).catch(() => undefined);
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const holder = await readHolder(path);
    if (holder !== undefined && isAlive(holder)) {
      throw new DataDirLockedError(dir, holder);
    }
    await unlink(path).catch(() => undefined); // stale: its process is gone
  }
  throw new Error(`could not take the lock file ${path}: it keeps reappearing`);
}
