import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { partitionsPastRetention } from 'src/core/rollups/retention';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { SamplePartitionRepository } from '../metrics/sample-partition.repository';
import { SampleRollupRepository } from '../metrics/sample-rollup.repository';

export interface RetentionReport {
  readonly dropped: string[];
  /** Raw partitions past retention kept because some of their samples are not rolled up yet. */
  readonly deferred: string[];
}

/**
 * Retention: drops the partitions of raw samples older than `RETENTION_RAW` and of rollups older than
 * `RETENTION_ROLLUP`, whole. A raw partition holding samples that are not rolled up yet waits for the next run, so
 * dropping raw data never loses it from the rollups.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly partitions: SamplePartitionRepository,
    private readonly rollups: SampleRollupRepository,
  ) {}

  async enforce(nowMs: number): Promise<RetentionReport> {
    const expired = partitionsPastRetention(
      await this.partitions.list(),
      { rawMs: this.config.RETENTION_RAW, rollupMs: this.config.RETENTION_ROLLUP },
      nowMs,
    );
    const pending = await this.rollups.pendingSpan();
    const dropped: string[] = [];
    const deferred: string[] = [];
    for (const partition of expired) {
      if (partition.kind === 'raw' && pending !== undefined && pending.minTsMs < partition.endMs) {
        deferred.push(partition.name);
        continue;
      }
      await this.partitions.drop(partition);
      dropped.push(partition.name);
    }
    if (dropped.length > 0 || deferred.length > 0) {
      this.logger.log(
        `retention: dropped ${dropped.length} partition(s)` +
          (deferred.length > 0 ? `, kept ${deferred.join(', ')} until rolled up` : ''),
      );
    }
    return { dropped, deferred };
  }
}
