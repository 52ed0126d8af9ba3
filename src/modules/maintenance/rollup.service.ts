import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { monthStartsBetween, rawHorizonMs, rollupHorizonMs } from 'src/core/rollups/retention';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { SamplePartitionRepository } from '../metrics/sample-partition.repository';
import { SampleRollupRepository } from '../metrics/sample-rollup.repository';

/** Work per transaction, in series-hours: about 240 samples each at a 15 s interval. */
const SERIES_HOURS_PER_BATCH = 20_000;
/** A run stops starting batches after this long; the next run (a minute later) continues. */
const RUN_BUDGET_MS = 45_000;

export interface RollupRunReport {
  readonly batches: number;
  readonly claimed: number;
  readonly buckets: number;
  /** True when nothing was left to roll up at the end of the run. */
  readonly caughtUp: boolean;
}

/**
 * The rollup job: rolls up what sample writes left pending, in batches, until nothing is left or the run's time
 * budget is spent. Runs every minute on the maintenance queue; a run that finds another one busy stops.
 */
@Injectable()
export class RollupService {
  private readonly logger = new Logger(RollupService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rollups: SampleRollupRepository,
    private readonly partitions: SamplePartitionRepository,
  ) {}

  async rollUpPending(nowMs: number, elapsedMs: () => number = stopwatch()): Promise<RollupRunReport> {
    const retention = { rawMs: this.config.RETENTION_RAW, rollupMs: this.config.RETENTION_ROLLUP };
    const limits = {
      maxSeriesHours: SERIES_HOURS_PER_BATCH,
      rawHorizonMs: rawHorizonMs(retention, nowMs),
      rollupHorizonMs: rollupHorizonMs(retention, nowMs),
    };
    let batches = 0;
    let claimed = 0;
    let buckets = 0;
    while (elapsedMs() < RUN_BUDGET_MS) {
      const pending = await this.rollups.pendingSpan();
      if (pending === undefined) {
        return { batches, claimed, buckets, caughtUp: true };
      }
      await this.partitions.ensureRollupPartitions(
        monthStartsBetween(Math.max(pending.minTsMs, limits.rollupHorizonMs), pending.maxTsMs),
      );
      const result = await this.rollups.rollUpBatch(limits);
      if (result.status === 'busy') {
        this.logger.debug('another rollup batch is running');
        break;
      }
      batches += 1;
      claimed += result.claimed;
      buckets += result.buckets;
    }
    return { batches, claimed, buckets, caughtUp: false };
  }
}

function stopwatch(): () => number {
  const start = performance.now();
  return () => performance.now() - start;
}
