import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { EVALUATE_QUEUE, EvaluateGroupJob } from 'src/infra/queue/queue.contract';
import { EvaluationService, GroupEvaluationOutcome } from './evaluation.service';

@Processor(EVALUATE_QUEUE)
export class EvaluationProcessor extends WorkerHost {
  constructor(private readonly evaluation: EvaluationService) {
    super();
  }

  process(job: Job<EvaluateGroupJob>): Promise<GroupEvaluationOutcome> {
    return this.evaluation.evaluateGroup(job.data.group, job.data.slotMs);
  }
}
