import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { AppConfig } from 'src/config/app-config';
import { dueDigestWeek } from 'src/core/reports/digest-week';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { JobQueue } from 'src/infra/queue/job-queue';

const CRON_NAME = 'weekly-digest';
const RETRY_NAME = 'weekly-digest-retry';
/** After a failed enqueue (the queue backend down at the send time), the next try. */
const RETRY_MS = 30_000;

/**
 * Enqueues the weekly digest and does nothing else: on DIGEST_CRON (in FOREWARN_TIMEZONE), and once at start so a
 * scheduler that was down at the send time catches up. The job id is the week's, so several schedulers collapse
 * into one job; the outbox's dedup key makes one mail of it however often the job runs. Off without DIGEST_TO.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(DigestScheduler.name);
  private readonly schedule: CronTime;
  private lastEnqueued: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly schedulerRegistry: SchedulerRegistry,
  ) {
    this.schedule = new CronTime(config.DIGEST_CRON, config.FOREWARN_TIMEZONE);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { DIGEST_TO, DIGEST_CRON, FOREWARN_TIMEZONE } = this.config;
    if (DIGEST_TO.length === 0) {
      this.logger.log('weekly digest: off (DIGEST_TO is not set)');
      return;
    }
    const job = CronJob.from({
      cronTime: DIGEST_CRON,
      timeZone: FOREWARN_TIMEZONE,
      onTick: () => void this.enqueueDue(),
    });
    this.schedulerRegistry.addCronJob(CRON_NAME, job);
    job.start();
    this.logger.log(
      `weekly digest: to ${DIGEST_TO.length} address(es) at "${DIGEST_CRON}" ${FOREWARN_TIMEZONE}, ` +
        `next ${new Date(this.nextSendAfter(this.clock.nowMs())).toISOString()}`,
    );
    await this.enqueueDue();
  }

  /**
   * Enqueues the digest that is due now, if any and not enqueued by this process yet. A failure is logged and tried
   * again shortly, so a queue outage at the send time does not lose the week's digest.
   */
  async enqueueDue(): Promise<void> {
    const week = dueDigestWeek(this.clock.nowMs(), this.config.FOREWARN_TIMEZONE, (ms) =>
      // The schedule's next time is strictly after its argument, hence the second back.
      this.nextSendAfter(ms - 1000),
    );
    if (week === undefined || week.label === this.lastEnqueued) {
      return;
    }
    try {
      await this.queue.enqueueDigest({ week: week.label });
      this.lastEnqueued = week.label;
      this.logger.log(`weekly digest of ${week.label} enqueued`);
    } catch (error) {
      this.logger.error(
        `enqueueing the digest of ${week.label} failed, trying again in ${RETRY_MS / 1000}s: ${(error as Error).message}`,
      );
      if (this.schedulerRegistry.doesExist('timeout', RETRY_NAME)) {
        this.schedulerRegistry.deleteTimeout(RETRY_NAME);
      }
      this.schedulerRegistry.addTimeout(
        RETRY_NAME,
        setTimeout(() => void this.enqueueDue(), RETRY_MS),
      );
    }
  }

  /** The schedule's first send time after `ms` (whole seconds). */
  private nextSendAfter(ms: number): number {
    return this.schedule.getNextDateFrom(new Date(ms), this.config.FOREWARN_TIMEZONE).toMillis();
  }
}
