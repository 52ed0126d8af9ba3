import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { InvalidInputError } from 'src/core/errors';
import { Clock } from 'src/infra/clock';
import { JobQueue } from 'src/infra/queue/job-queue';
import {
  DIGEST_JOB,
  MAINTENANCE_JOBS,
  MAINTENANCE_QUEUE,
  SendDigestJob,
} from 'src/infra/queue/queue.contract';
import { SamplePartitionRepository } from '../metrics/sample-partition.repository';
import { SampleRepository } from '../metrics/sample.repository';
import { OutboxRepository } from '../notifications/outbox.repository';
import { DigestService } from '../reports/digest.service';
import { RetentionService } from './retention.service';
import { RollupService } from './rollup.service';

const DAY_MS = 86_400_000;
/** An outbox entry still pending after this long lost its delivery job (e.g. the enqueue after commit failed). */
const STALE_PENDING_MS = 30_000;
const SWEEP_BATCH = 500;

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    private readonly samples: SampleRepository,
    private readonly partitions: SamplePartitionRepository,
    private readonly rollups: RollupService,
    private readonly retention: RetentionService,
    private readonly queue: JobQueue,
    private readonly digest: DigestService,
  ) {
    super();
  }

  async process(job: Job): Promise<number> {
    const nowMs = this.clock.nowMs();
    switch (job.name) {
      case MAINTENANCE_JOBS.sweepOutbox: {
        // Re-adding an existing delivery job id is a no-op, so entries whose job is alive are not duplicated.
        const ids = await this.outbox.findStalePending(new Date(nowMs - STALE_PENDING_MS), SWEEP_BATCH);
        await this.queue.enqueueDeliveries(ids);
        return ids.length;
      }
      case MAINTENANCE_JOBS.ensurePartitions:
        await this.samples.ensurePartitions([nowMs, nowMs + DAY_MS, nowMs + 2 * DAY_MS]);
        await this.partitions.ensureRollupPartitions([nowMs, nowMs + 2 * DAY_MS]);
        return 3;
      case MAINTENANCE_JOBS.rollUpSamples:
        return (await this.rollups.rollUpPending(nowMs)).buckets;
      case MAINTENANCE_JOBS.enforceRetention:
        return (await this.retention.enforce(nowMs)).dropped.length;
      case DIGEST_JOB:
        return this.sendDigest((job.data as SendDigestJob).week);
      default:
        this.logger.error(`unknown maintenance job "${job.name}"`);
        return 0;
    }
  }

  /** Writes the week's digest into the outbox (once) and enqueues its delivery; 1 when this run wrote it. */
  private async sendDigest(week: string): Promise<number> {
    try {
      const { entry, added } = await this.digest.prepare(week);
      if (entry.status === 'pending') {
        await this.queue.enqueueDeliveries([entry.id]);
      }
      return added ? 1 : 0;
    } catch (error) {
      if (error instanceof InvalidInputError) {
        // A worker without DIGEST_TO: retrying will not help.
        throw new UnrecoverableError(`digest of ${week}: ${error.message} (${error.problems[0]?.where})`);
      }
      throw error;
    }
  }
}
