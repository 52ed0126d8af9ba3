import { IngestLimits } from './ingest-batch';

/** Config key named in a problem when the corresponding `IngestLimits` field was exceeded. */
export const INGEST_LIMIT_KEYS = {
  maxLabelsPerSeries: 'INGEST_MAX_LABELS',
  maxLabelNameLength: 'INGEST_MAX_LABEL_NAME_LENGTH',
  maxLabelValueLength: 'INGEST_MAX_LABEL_VALUE_LENGTH',
  maxSamplesPerRequest: 'INGEST_MAX_SAMPLES',
  minTsMs: 'RETENTION_RAW',
  maxTsMs: 'INGEST_MAX_FUTURE',
} as const satisfies Record<keyof IngestLimits, string>;

/** The accepted timestamp window at `nowMs`: raw retention behind, allowed future skew ahead. */
export function ingestWindow(
  nowMs: number,
  rawRetentionMs: number,
  maxFutureMs: number,
): Pick<IngestLimits, 'minTsMs' | 'maxTsMs'> {
  return { minTsMs: nowMs - rawRetentionMs, maxTsMs: nowMs + maxFutureMs };
}

const MAX_DATE_MS = 8.64e15;

/** ISO 8601 for timestamps a Date can hold, the plain number otherwise (never throws). */
export function formatTimestamp(tsMs: number): string {
  return Number.isFinite(tsMs) && Math.abs(tsMs) <= MAX_DATE_MS ? new Date(tsMs).toISOString() : String(tsMs);
}

const MAX_QUOTED_LENGTH = 64;

/** A user-supplied string for a message: JSON-quoted, cut to a readable length. */
export function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}...` : text);
}

export function tooManyLabelsMessage(count: number, limits: IngestLimits): string {
  return `series has ${count} labels, limit is ${limits.maxLabelsPerSeries} (${INGEST_LIMIT_KEYS.maxLabelsPerSeries})`;
}

export function labelNameTooLongMessage(name: string, limits: IngestLimits): string {
  return (
    `label name ${quote(name)} is ${name.length} characters, ` +
    `limit is ${limits.maxLabelNameLength} (${INGEST_LIMIT_KEYS.maxLabelNameLength})`
  );
}

export function labelValueTooLongMessage(name: string, value: string, limits: IngestLimits): string {
  const subject = name === '__name__' ? 'metric name' : `label ${quote(name)} value`;
  return (
    `${subject} is ${value.length} characters, ` +
    `limit is ${limits.maxLabelValueLength} (${INGEST_LIMIT_KEYS.maxLabelValueLength})`
  );
}

export function tooManySamplesMessage(count: number, limits: IngestLimits): string {
  return (
    `request has ${count} samples, limit is ${limits.maxSamplesPerRequest} ` +
    `(${INGEST_LIMIT_KEYS.maxSamplesPerRequest})`
  );
}

export function tooOldMessage(tsMs: number, limits: IngestLimits): string {
  return (
    `sample at ${formatTimestamp(tsMs)} is older than the raw retention window ` +
    `(starts ${formatTimestamp(limits.minTsMs)})`
  );
}

export function tooNewMessage(tsMs: number, limits: IngestLimits): string {
  return (
    `sample at ${formatTimestamp(tsMs)} is too far in the future ` +
    `(window ends ${formatTimestamp(limits.maxTsMs)})`
  );
}
