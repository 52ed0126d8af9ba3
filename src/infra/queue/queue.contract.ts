import { BackoffStrategy, DefaultJobOptions } from 'bullmq';

/**
 * The queue contract: every queue, job name, payload, job id and retry policy in one place.
 * Job ids are deterministic so that several schedulers (or a retried enqueue) collapse into one job.
 * BullMQ forbids ':' in custom ids, hence the encoding.
 */

export const EVALUATE_QUEUE = 'evaluate';
export const DELIVER_QUEUE = 'deliver';
export const MAINTENANCE_QUEUE = 'maintenance';

export const QUEUES = [EVALUATE_QUEUE, DELIVER_QUEUE, MAINTENANCE_QUEUE] as const;
export type QueueName = (typeof QUEUES)[number];

export interface EvaluateGroupJob {
  readonly group: string;
  readonly slotMs: number;
}

export interface DeliverNotificationJob {
  readonly outboxId: string;
}

export const MAINTENANCE_JOBS = {
  sweepOutbox: 'sweep-outbox',
  ensurePartitions: 'ensure-partitions',
  rollUpSamples: 'roll-up-samples',
  enforceRetention: 'enforce-retention',
} as const;
export type MaintenanceJobName = (typeof MAINTENANCE_JOBS)[keyof typeof MAINTENANCE_JOBS];

/** Writes an ISO week's digest into the outbox (once per week) and enqueues its delivery; on the maintenance queue. */
export const DIGEST_JOB = 'send-digest';

export interface SendDigestJob {
  /** `2026-W47`. */
  readonly week: string;
}

export const JOB_NAMES: Readonly<Record<QueueName, readonly string[]>> = {
  [EVALUATE_QUEUE]: ['evaluate-group'],
  [DELIVER_QUEUE]: ['deliver-notification'],
  [MAINTENANCE_QUEUE]: [...Object.values(MAINTENANCE_JOBS), DIGEST_JOB],
};

const safe = (text: string) => encodeURIComponent(text);

export const jobIds = {
  evaluate: (job: EvaluateGroupJob) => `eval-${safe(job.group)}-${job.slotMs}`,
  deliver: (job: DeliverNotificationJob) => `deliver-${job.outboxId}`,
  maintenance: (name: MaintenanceJobName, slotMs: number) => `${name}-${slotMs}`,
  digest: (job: SendDigestJob) => `digest-${safe(job.week)}`,
};

/** Completed evaluation jobs are kept for an hour so that duplicate enqueues of the same slot stay no-ops. */
export const EVALUATE_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 1,
  removeOnComplete: { age: 3600, count: 100_000 },
  removeOnFail: { age: 86_400 },
};

export const MAINTENANCE_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 86_400 },
};

export const DELIVERY_BACKOFF_TYPE = 'retry-after-or-exponential';
const MAX_DELIVERY_BACKOFF_MS = 10 * 60_000;

/**
 * Delivery backoff: an error's `retryAfterMs` (Slack's 429 Retry-After) wins; otherwise exponential from the job's
 * base delay, capped at 10 minutes. Registered as the deliver worker's custom backoff strategy.
 */
export const deliveryBackoff: BackoffStrategy = (attemptsMade, _type, error, job) => {
  const retryAfterMs = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  if (typeof retryAfterMs === 'number') {
    return retryAfterMs;
  }
  const backoff = job?.opts.backoff;
  const baseMs = typeof backoff === 'object' && backoff.delay !== undefined ? backoff.delay : 1000;
  return Math.min(2 ** Math.max(attemptsMade - 1, 0) * baseMs, MAX_DELIVERY_BACKOFF_MS);
};

/** Delivery retries with `deliveryBackoff`. */
export function deliverJobOptions(maxAttempts: number, baseDelayMs: number): DefaultJobOptions {
  return {
    attempts: maxAttempts,
    backoff: { type: DELIVERY_BACKOFF_TYPE, delay: baseDelayMs },
    removeOnComplete: { age: 86_400 },
    removeOnFail: { age: 7 * 86_400 },
  };
}
