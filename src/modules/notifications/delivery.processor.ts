import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { JobQueue } from 'src/infra/queue/job-queue';
import { DELIVER_QUEUE, DeliverNotificationJob, deliveryBackoff } from 'src/infra/queue/queue.contract';
import { DeliveryOutcome, DeliveryService } from './delivery.service';
import { DeliveryError } from './notifiers/delivery-error';

@Processor(DELIVER_QUEUE, { settings: { backoffStrategy: deliveryBackoff } })
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    private readonly delivery: DeliveryService,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /**
   * Deliveries mostly wait on Slack, SMTP and webhooks, so a worker runs WORKER_CONCURRENCY of them at once (one on
   * the embedded PostgreSQL, which serves one session at a time).
   */
  onApplicationBootstrap(): void {
    this.worker.concurrency =
      this.config.DATABASE_BACKEND === 'embedded' ? 1 : this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job<DeliverNotificationJob>, token?: string): Promise<DeliveryOutcome> {
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.delivery.deliver(job.data.outboxId);
    } catch (error) {
      if (error instanceof DeliveryError && !error.retryable) {
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
    if (typeof outcome === 'object') {
      await this.queue.enqueueDeliveries([outcome.summarisedIn]);
    }
    if (outcome === 'waiting') {
      // Notifications of an incident go out in order; waiting for the earlier one costs no attempt.
      await job.moveToDelayed(Date.now() + this.config.NOTIFY_BACKOFF, token);
      throw new DelayedError();
    }
    return outcome;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<DeliverNotificationJob> | undefined, error: Error): Promise<void> {
    if (job === undefined) {
      return;
    }
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(`delivery ${job.data.outboxId} attempt ${job.attemptsMade} failed: ${error.message}`);
    if (final && !(error instanceof UnrecoverableError)) {
      await this.delivery.giveUp(job.data.outboxId, error.message);
    }
  }
}
