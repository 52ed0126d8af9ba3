import { escapeHtml } from '../notifications/email-alert-message';

/** A time as ISO 8601 UTC to the second (`2026-12-08T01:30:00Z`). */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A `<time>` element showing the UTC time people-readably (`2026-12-08 01:30:00Z`). */
export const timeTag = (ms: number): string =>
  `<time datetime="${isoTime(ms)}">${escapeHtml(isoTime(ms).replace('T', ' '))}</time>`;
