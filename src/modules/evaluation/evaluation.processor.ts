import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { EVALUATE_QUEUE, EvaluateGroupJob } from 'src/infra/queue/queue.contract';
import { EvaluationService, GroupEvaluationOutcome } from './evaluation.service';

@Processor(EVALUATE_QUEUE)
export class EvaluationProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly evaluation: EvaluationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /**
   * Rule groups mostly wait on the database, so a worker evaluates WORKER_CONCURRENCY of them at once (one on the
   * embedded PostgreSQL, which serves one session at a time), at most half the pool: each holds a connection for its
   * transaction and reads through the others.
   */
  onApplicationBootstrap(): void {
    this.worker.concurrency =
      this.config.DATABASE_BACKEND === 'embedded'
        ? 1
        : Math.max(1, Math.min(this.config.WORKER_CONCURRENCY, Math.floor(this.config.DB_POOL_SIZE / 2)));
  }

  process(job: Job<EvaluateGroupJob>): Promise<GroupEvaluationOutcome> {
    return this.evaluation.evaluateGroup(job.data.group, job.data.slotMs);
  }
}
