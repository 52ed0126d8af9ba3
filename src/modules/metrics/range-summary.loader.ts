import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { RangeSummary } from 'src/core/promql/extrapolated-rate';
import { RangePlan, planRange, rolledUpUntilMs } from 'src/core/rollups/range-plan';
import { MINUTE_MS, ROLLUP_WIDTHS_MS } from 'src/core/rollups/rollup-buckets';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { SummaryQuery, summaryBatchSql } from './range-summary-sql';

/**
 * Ranges at least this long are read from rollups. The result is the same either way; an hour holds 240 samples per
 * series at 15 s but a plan of a few dozen rows.
 */
export const ROLLUP_MIN_RANGE_MS = 3_600_000;
/**
 * Levels a plan reads, coarsest first. Not the 1-minute one (it is what the 5-minute level is made of): at each end
 * of a range it would replace at most 16 samples (at 15 s) by 4 buckets, for one more scan to plan.
 */
export const READ_WIDTHS_MS: readonly number[] = ROLLUP_WIDTHS_MS.filter((widthMs) => widthMs > MINUTE_MS);
/** Most queries per statement. */
const MAX_BATCH = 64;
/** A query whose guess of the rolled-up part was wrong is repeated at most this often, then read raw. */
const MAX_ATTEMPTS = 3;

interface Pending {
  readonly seriesIds: readonly number[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly plan: RangePlan | undefined;
  /** Rolled-up part to use; undefined: guess it when the batch is sent. */
  readonly untilMs: number | undefined;
  readonly attempt: number;
  readonly resolve: (summaries: Map<number, RangeSummary>) => void;
  readonly reject: (error: unknown) => void;
}

interface SummaryBatchRow {
  req: number;
  dirty_ms: number | null;
  series_id: number | null;
  n: number;
  first_t: number;
  first_value: number;
  last_t: number;
  last_value: number;
  reset_sum: number;
}

/**
 * Range summaries (`SampleRepository.rangeSummaries`), with two things that make many of them cheap:
 *
 * - Rollups: a range of an hour or more is read by a rollup plan (raw samples at its ends, buckets in between,
 *   folded as `combineSummaries` does), so the result is the raw summary. Buckets are exact only before the earliest
 *   sample not rolled up yet (the oldest `sample_rollup_dirty` row reaching into the plan, usually the writes of the
 *   last minute); from the start of its bucket on (`rolledUpUntilMs`) raw samples are read. The statement uses the
 *   point seen by the previous read as a guess, so that every bound is a constant and partitions are pruned when
 *   planning, and returns the exact point from its own snapshot; a query whose guess was too late is repeated.
 * - Batching: the queries made while a statement is being prepared (say, the two counters of an SLO and the SLOs
 *   evaluated concurrently) go out together as one statement, and queries of the same range share its scans, since
 *   each round trip and each planned scan costs more than a small summary.
 */
@Injectable()
export class RangeSummaryLoader {
  private pending: Pending[] = [];
  /** The earliest not-rolled-up sample time seen by the last statement: the guess for the next ones. */
  private dirtyHintMs: number | undefined;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Per series with samples in `(fromMs, toMs]`, their summary; from raw samples only when `rollups` is false. */
  load(
    seriesIds: readonly number[],
    fromMs: number,
    toMs: number,
    rollups = true,
  ): Promise<Map<number, RangeSummary>> {
    if (seriesIds.length === 0) {
      return Promise.resolve(new Map<number, RangeSummary>());
    }
    const plan =
      rollups && toMs - fromMs >= ROLLUP_MIN_RANGE_MS ? planRange(fromMs, toMs, READ_WIDTHS_MS) : undefined;
    return new Promise((resolve, reject) =>
      this.enqueue({ seriesIds, fromMs, toMs, plan, untilMs: undefined, attempt: 1, resolve, reject }),
    );
  }

  private enqueue(query: Pending): void {
    this.pending.push(query);
    if (this.pending.length === 1) {
      setImmediate(() => void this.flush());
    }
  }

  /** Sends the pending queries (up to a batch; the rest go in the next statement). */
  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH);
    if (this.pending.length > 0) {
      setImmediate(() => void this.flush());
    }
    try {
      await this.send(batch);
    } catch (error) {
      batch.forEach((pending) => pending.reject(error));
    }
  }

  /** Runs one statement for the batch and settles its queries (or queues again those that must be repeated). */
  private async send(batch: readonly Pending[]): Promise<void> {
    // Queries of the same range (an SLO's two counters; SLOs evaluated at the same time) share one set of scans.
    const groups = new Map<string, { query: SummaryQuery; ids: Set<number>; members: Pending[] }>();
    for (const pending of batch) {
      const rollups =
        pending.plan === undefined
          ? undefined
          : {
              plan: pending.plan,
              untilMs: pending.untilMs ?? rolledUpUntilMs(pending.plan, this.dirtyHintMs),
            };
      const key = `${pending.fromMs}:${pending.toMs}:${rollups?.untilMs ?? 'raw'}`;
      const group = groups.get(key);
      if (group === undefined) {
        const query = { seriesIds: [], fromMs: pending.fromMs, toMs: pending.toMs, rollups };
        groups.set(key, { query, ids: new Set(pending.seriesIds), members: [pending] });
      } else {
        pending.seriesIds.forEach((id) => group.ids.add(id));
        group.members.push(pending);
      }
    }
    const grouped = [...groups.values()];
    const queries = grouped.map((group) => ({ ...group.query, seriesIds: [...group.ids] }));
    const { rows } = await this.pool.query<SummaryBatchRow>(summaryBatchSql(queries));
    const results = queries.map(() => new Map<number, RangeSummary>());
    const dirtyMs = new Map<number, number | undefined>();
    for (const row of rows) {
      if (row.series_id === null) {
        dirtyMs.set(row.req, row.dirty_ms === null ? undefined : Number(row.dirty_ms));
        continue;
      }
      results[row.req]?.set(row.series_id, {
        count: row.n,
        firstTsMs: Math.round(Number(row.first_t)),
        firstValue: Number(row.first_value),
        lastTsMs: Math.round(Number(row.last_t)),
        lastValue: Number(row.last_value),
        resetSum: Number(row.reset_sum),
      });
    }
    grouped.forEach((group, index) => {
      const summaries = results[index] ?? new Map<number, RangeSummary>();
      const rollups = queries[index]?.rollups;
      const exactUntilMs =
        rollups === undefined ? undefined : rolledUpUntilMs(rollups.plan, dirtyMs.get(index));
      if (rollups !== undefined) {
        this.dirtyHintMs = dirtyMs.get(index);
      }
      for (const pending of group.members) {
        if (rollups === undefined || exactUntilMs === undefined || rollups.untilMs <= exactUntilMs) {
          pending.resolve(summariesOf(pending.seriesIds, summaries));
        } else {
          // Reading everything after the plan's head raw needs no rollups, hence no guess: always exact.
          this.enqueue({
            ...pending,
            untilMs: pending.attempt < MAX_ATTEMPTS ? exactUntilMs : rollups.plan.rollupFromMs,
            attempt: pending.attempt + 1,
          });
        }
      }
    });
  }
}

/** The summaries of the given series among a group's. */
function summariesOf(
  seriesIds: readonly number[],
  summaries: ReadonlyMap<number, RangeSummary>,
): Map<number, RangeSummary> {
  const result = new Map<number, RangeSummary>();
  for (const id of seriesIds) {
    const summary = summaries.get(id);
    if (summary !== undefined) {
      result.set(id, summary);
    }
  }
  return result;
}
