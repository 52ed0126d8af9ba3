import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  DELIVER_QUEUE,
  DeliverNotificationJob,
  EVALUATE_JOB_OPTIONS,
  EVALUATE_QUEUE,
  EvaluateGroupJob,
  MAINTENANCE_JOB_OPTIONS,
  MAINTENANCE_QUEUE,
  MaintenanceJobName,
  DIGEST_JOB,
  SendDigestJob,
  deliverJobOptions,
  jobIds,
} from './queue.contract';

/** Producer side of the queue contract: the only place that adds jobs. */
@Injectable()
export class JobQueue {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(EVALUATE_QUEUE) private readonly evaluate: Queue<EvaluateGroupJob>,
    @InjectQueue(DELIVER_QUEUE) private readonly deliver: Queue<DeliverNotificationJob>,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
  ) {}

  async enqueueEvaluation(job: EvaluateGroupJob): Promise<void> {
    await this.evaluate.add('evaluate-group', job, { ...EVALUATE_JOB_OPTIONS, jobId: jobIds.evaluate(job) });
  }

  async enqueueDeliveries(outboxIds: readonly string[]): Promise<void> {
    if (outboxIds.length === 0) {
      return;
    }
    const options = deliverJobOptions(this.config.NOTIFY_MAX_ATTEMPTS, this.config.NOTIFY_BACKOFF);
    await this.deliver.addBulk(
      outboxIds.map((outboxId) => ({
        name: 'deliver-notification',
        data: { outboxId },
        opts: { ...options, jobId: jobIds.deliver({ outboxId }) },
      })),
    );
  }

  /** Answers when the queue backend does (readiness). */
  async ping(): Promise<void> {
    await this.evaluate.getJobCounts('waiting');
  }

  /** The week's digest; schedulers asking for the same week at once collapse into one job. */
  async enqueueDigest(job: SendDigestJob): Promise<void> {
    await this.maintenance.add(DIGEST_JOB, job, { ...MAINTENANCE_JOB_OPTIONS, jobId: jobIds.digest(job) });
  }

  async enqueueMaintenance(name: MaintenanceJobName, slotMs: number): Promise<void> {
    await this.maintenance.add(
      name,
      {},
      { ...MAINTENANCE_JOB_OPTIONS, jobId: jobIds.maintenance(name, slotMs) },
    );
  }
}
