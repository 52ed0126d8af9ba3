import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DELIVER_QUEUE, DeliverNotificationJob, deliveryBackoff } from 'src/infra/queue/queue.contract';
import { DeliveryOutcome, DeliveryService } from './delivery.service';
import { DeliveryError } from './notifiers/delivery-error';

@Processor(DELIVER_QUEUE, { settings: { backoffStrategy: deliveryBackoff } })
export class DeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(private readonly delivery: DeliveryService) {
    super();
  }

  async process(job: Job<DeliverNotificationJob>): Promise<DeliveryOutcome> {
    try {
      return await this.delivery.deliver(job.data.outboxId);
    } catch (error) {
      if (error instanceof DeliveryError && !error.retryable) {
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
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
