import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { JobQueue } from 'src/infra/queue/job-queue';
import { MAINTENANCE_JOBS } from 'src/infra/queue/queue.contract';
import { RuleRegistry } from '../rules/rule-registry.service';

const OUTBOX_SWEEP_EVERY_MS = 30_000;
const PARTITIONS_EVERY_MS = 3_600_000;
const ROLLUP_EVERY_MS = 60_000;
const RETENTION_EVERY_MS = 3_600_000;

/** The slot (start of the interval) that `nowMs` falls in. */
export function slotStart(nowMs: number, intervalMs: number): number {
  return Math.floor(nowMs / intervalMs) * intervalMs;
}

/**
 * Enqueues work and does nothing else. On every tick, each rule group whose current slot has not been enqueued by
 * this process gets one `evaluate` job with a deterministic id, so several schedulers collapse into one job.
 * After downtime only the current slot is enqueued: missed slots are not replayed.
 */
@Injectable()
export class EvaluationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EvaluationScheduler.name);
  private readonly lastEnqueued = new Map<string, number>();
  private ticking = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly registry: RuleRegistry,
    private readonly queue: JobQueue,
    private readonly schedulerRegistry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.tick(), this.config.SCHEDULER_TICK);
    this.schedulerRegistry.addInterval('evaluation-tick', timer);
    void this.tick();
  }

  onApplicationShutdown(): void {
    if (this.schedulerRegistry.doesExist('interval', 'evaluation-tick')) {
      this.schedulerRegistry.deleteInterval('evaluation-tick');
    }
  }

  /** One pass: enqueue what is due. Errors are logged; the next tick tries again. */
  async tick(): Promise<void> {
    if (this.ticking) {
      return;
    }
    this.ticking = true;
    try {
      const nowMs = this.clock.nowMs();
      for (const { group } of this.registry.allGroups()) {
        const slotMs = slotStart(nowMs, group.intervalMs);
        if (this.lastEnqueued.get(group.name) !== slotMs) {
          await this.queue.enqueueEvaluation({ group: group.name, slotMs });
          this.lastEnqueued.set(group.name, slotMs);
        }
      }
      await this.enqueueMaintenance(MAINTENANCE_JOBS.sweepOutbox, slotStart(nowMs, OUTBOX_SWEEP_EVERY_MS));
      await this.enqueueMaintenance(MAINTENANCE_JOBS.ensurePartitions, slotStart(nowMs, PARTITIONS_EVERY_MS));
      await this.enqueueMaintenance(MAINTENANCE_JOBS.rollUpSamples, slotStart(nowMs, ROLLUP_EVERY_MS));
      await this.enqueueMaintenance(MAINTENANCE_JOBS.enforceRetention, slotStart(nowMs, RETENTION_EVERY_MS));
    } catch (error) {
      this.logger.error(`scheduling failed: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private async enqueueMaintenance(
    name: (typeof MAINTENANCE_JOBS)[keyof typeof MAINTENANCE_JOBS],
    slotMs: number,
  ) {
    if (this.lastEnqueued.get(name) !== slotMs) {
      await this.queue.enqueueMaintenance(name, slotMs);
      this.lastEnqueued.set(name, slotMs);
    }
  }
}
