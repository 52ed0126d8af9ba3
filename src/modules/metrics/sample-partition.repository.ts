import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { StoragePartition } from 'src/core/rollups/retention';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';

const ROLLUP_WIDTHS = ['1m', '5m', '1h', '1d'] as const;
/** A partition drop waits this long for its lock (it blocks reads and writes of the table while it waits). */
const DROP_LOCK_TIMEOUT = '5s';

/**
 * The time partitions of `samples` (daily, `samples_YYYYMMDD`) and of the rollup levels (monthly,
 * `sample_rollups_<width>_YYYYMM`): creating rollup partitions ahead of writes, listing and dropping them for
 * retention. Partitions are only created by the `forewarn_ensure_*_partition` functions, so names give their range.
 */
@Injectable()
export class SamplePartitionRepository {
  private readonly knownRollupMonths = new Set<number>();

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Creates the monthly partitions of every rollup level for the months (UTC) of the given times. */
  async ensureRollupPartitions(timesMs: Iterable<number>): Promise<void> {
    const months = new Set<number>();
    for (const timeMs of timesMs) {
      const date = new Date(timeMs);
      const month = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      if (!this.knownRollupMonths.has(month)) {
        months.add(month);
      }
    }
    for (const month of months) {
      const day = new Date(month).toISOString().slice(0, 10);
      for (const width of ROLLUP_WIDTHS) {
        await this.pool.query('SELECT public.forewarn_ensure_rollup_partition($1, $2::date)', [width, day]);
      }
      this.knownRollupMonths.add(month);
    }
  }

  /** Every partition of `samples` and of the rollup tables, with its time range. */
  async list(): Promise<StoragePartition[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name
       FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent IN ('public.samples'::regclass, 'public.sample_rollups_1m'::regclass,
                             'public.sample_rollups_5m'::regclass, 'public.sample_rollups_1h'::regclass,
                             'public.sample_rollups_1d'::regclass)`,
    );
    return rows.flatMap((row) => {
      const partition = partitionOf(row.name);
      return partition === undefined ? [] : [partition];
    });
  }

  /** Drops a partition; gives up (throws) when its lock is not granted within a few seconds. */
  async drop(partition: StoragePartition): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`);
      await client.query(`DROP TABLE IF EXISTS public."${partition.name}"`);
      await client.query('COMMIT');
      const date = new Date(partition.startMs);
      this.knownRollupMonths.delete(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** A partition's kind and range from its name; undefined for a table forewarn did not create. */
export function partitionOf(name: string): StoragePartition | undefined {
  const daily = /^samples_(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (daily !== null) {
    const startMs = Date.UTC(Number(daily[1]), Number(daily[2]) - 1, Number(daily[3]));
    return { name, kind: 'raw', startMs, endMs: startMs + 86_400_000 };
  }
  const monthly = /^sample_rollups_(1m|5m|1h|1d)_(\d{4})(\d{2})$/.exec(name);
  if (monthly !== null) {
    const year = Number(monthly[2]);
    const month = Number(monthly[3]) - 1;
    return { name, kind: 'rollup', startMs: Date.UTC(year, month, 1), endMs: Date.UTC(year, month + 1, 1) };
  }
  return undefined;
}
