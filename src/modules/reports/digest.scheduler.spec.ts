import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { parseConfig } from 'src/config/app-config';
import { JobQueue } from 'src/infra/queue/job-queue';
import { DigestScheduler } from './digest.scheduler';

const at = (iso: string) => Date.parse(iso);

describe(DigestScheduler.name, () => {
  let registry: SchedulerRegistry;
  let nowMs: number;
  let enqueueDigest: jest.Mock<Promise<void>, [{ week: string }]>;
  let logged: string[];

  beforeEach(() => {
    registry = new SchedulerRegistry();
    nowMs = at('2026-11-23T06:59:00Z');
    enqueueDigest = jest.fn((_job: { week: string }) => Promise.resolve());
    logged = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
    jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((line: unknown) => void logged.push(String(line)));
  });

  afterEach(() => {
    registry.getCronJobs().forEach((_job, name) => registry.deleteCronJob(name));
    registry.getTimeouts().forEach((name) => registry.deleteTimeout(name));
    jest.restoreAllMocks();
  });

  const sut = (env: Record<string, string>) =>
    new DigestScheduler(
      parseConfig({ SMTP_HOST: 'smtp', FOREWARN_TIMEZONE: 'Europe/Berlin', ...env }),
      { nowMs: () => nowMs },
      { enqueueDigest } as unknown as JobQueue,
      registry,
    );

  it('is off without DIGEST_TO, and says so', async () => {
    await sut({}).onApplicationBootstrap();
    expect(logged).toEqual(['weekly digest: off (DIGEST_TO is not set)']);
    expect(registry.getCronJobs().size).toBe(0);
    expect(enqueueDigest).not.toHaveBeenCalled();
  });

  it('schedules DIGEST_CRON in the time zone and enqueues the last week once it is due, once', async () => {
    const scheduler = sut({ DIGEST_TO: 'cto@example.com' });
    await scheduler.onApplicationBootstrap();
    expect(logged).toEqual([
      'weekly digest: to 1 address(es) at "0 8 * * 1" Europe/Berlin, next 2026-11-23T07:00:00.000Z',
    ]);
    expect(registry.getCronJob('weekly-digest').isActive).toBe(true);
    expect(enqueueDigest).not.toHaveBeenCalled(); // 07:59 in Berlin: not yet

    nowMs = at('2026-11-23T07:00:00Z');
    await scheduler.enqueueDue();
    await scheduler.enqueueDue();
    expect(enqueueDigest.mock.calls).toEqual([[{ week: '2026-W47' }]]);
  });

  it('catches up at start after missing the send time', async () => {
    nowMs = at('2026-11-25T12:00:00Z');
    await sut({ DIGEST_TO: 'cto@example.com' }).onApplicationBootstrap();
    expect(enqueueDigest.mock.calls).toEqual([[{ week: '2026-W47' }]]);
  });

  it('tries again shortly when the queue refuses', async () => {
    nowMs = at('2026-11-23T07:00:00Z');
    enqueueDigest.mockRejectedValueOnce(new Error('queue down'));
    const scheduler = sut({ DIGEST_TO: 'cto@example.com' });
    await scheduler.onApplicationBootstrap();
    expect(logged.at(-1)).toBe('enqueueing the digest of 2026-W47 failed, trying again in 30s: queue down');
    expect(registry.doesExist('timeout', 'weekly-digest-retry')).toBe(true);
    await scheduler.enqueueDue();
    expect(enqueueDigest).toHaveBeenCalledTimes(2);
  });
});
