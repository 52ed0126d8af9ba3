/**
 * Retention by whole partitions: raw samples (daily partitions) for `RETENTION_RAW`, rollups (monthly partitions)
 * for `RETENTION_ROLLUP`. A partition goes once all of it is older than its retention, so data is kept at least
 * that long (up to a day longer for samples, a month for rollups).
 */

export interface StoragePartition {
  readonly name: string;
  readonly kind: 'raw' | 'rollup';
  /** Range `[startMs, endMs)` of the partition key. */
  readonly startMs: number;
  readonly endMs: number;
}

export interface Retention {
  readonly rawMs: number;
  readonly rollupMs: number;
}

/** The partitions past retention at `nowMs`, oldest first. */
export function partitionsPastRetention(
  partitions: readonly StoragePartition[],
  retention: Retention,
  nowMs: number,
): StoragePartition[] {
  return partitions
    .filter(
      (partition) =>
        partition.endMs <= nowMs - (partition.kind === 'raw' ? retention.rawMs : retention.rollupMs),
    )
    .sort((a, b) => a.startMs - b.startMs || a.name.localeCompare(b.name));
}

/**
 * The oldest time whose samples are all still stored: the start of the oldest daily partition that retention keeps.
 * Buckets starting before it are not recomputed from samples (some of their samples may be gone).
 */
export function rawHorizonMs(retention: Retention, nowMs: number): number {
  const dayMs = 86_400_000;
  return Math.floor((nowMs - retention.rawMs) / dayMs) * dayMs;
}

/** The start of the oldest monthly rollup partition that retention keeps: older buckets are not written. */
export function rollupHorizonMs(retention: Retention, nowMs: number): number {
  const oldest = new Date(nowMs - retention.rollupMs);
  return Date.UTC(oldest.getUTCFullYear(), oldest.getUTCMonth(), 1);
}

/** The start (UTC) of every month from the one holding `fromMs` to the one holding `toMs`. */
export function monthStartsBetween(fromMs: number, toMs: number): number[] {
  const months: number[] = [];
  const first = new Date(fromMs);
  for (let year = first.getUTCFullYear(), month = first.getUTCMonth(); ; month += 1) {
    const startMs = Date.UTC(year, month, 1);
    if (startMs > toMs) {
      return months;
    }
    months.push(startMs);
  }
}
