import { ProblemDetail } from '../errors';
import { InvalidDurationError, parseDuration } from '../time/duration';

/**
 * The filters of the alert history (`/alerts`): rule, service, state (including silenced and inhibited), a time
 * range and a page. Every bad value is reported with the name of its field, all at once.
 */
export const HISTORY_STATES = ['firing', 'resolved', 'silenced', 'inhibited'] as const;
export type HistoryState = (typeof HISTORY_STATES)[number];

export const DEFAULT_HISTORY_LIMIT = 50;
export const MAX_HISTORY_LIMIT = 500;
const DEFAULT_FROM = '7d';

export interface AlertHistoryFilters {
  readonly rule?: string;
  readonly service?: string;
  readonly state?: HistoryState;
  /** Alerts that fired before `toMs` and were not resolved before `fromMs`. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly limit: number;
  /** 1-based. */
  readonly page: number;
}

/** The filters as typed, kept to fill the form in again. */
export interface AlertHistoryQuery {
  readonly rule?: string;
  readonly service?: string;
  readonly state?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: string;
  readonly page?: string;
}

export type ParsedHistoryFilters =
  | { readonly ok: true; readonly filters: AlertHistoryFilters }
  | { readonly ok: false; readonly problems: ProblemDetail[] };

const given = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

/**
 * A point in time: a duration back from now (`24h`, `7d`), a date (`2026-12-01`, midnight UTC) or a date and time
 * (`2026-12-01T08:00`, UTC unless it names its zone).
 */
export function parseHistoryTime(text: string, nowMs: number): number | undefined {
  if (/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?$/.test(text)) {
    const zoned = /T.*(Z|[+-]\d\d:\d\d)$/.test(text) || !text.includes('T') ? text : `${text}Z`;
    const ms = Date.parse(text.includes('T') ? zoned : `${text}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  try {
    return nowMs - parseDuration(text);
  } catch (error) {
    if (error instanceof InvalidDurationError) {
      return undefined;
    }
    throw error;
  }
}

function positive(
  text: string | undefined,
  field: string,
  fallback: number,
  max: number,
  problems: ProblemDetail[],
) {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    problems.push({ where: field, message: `expected a whole number from 1 to ${max}, got "${text}"` });
    return fallback;
  }
  return value;
}

export function parseHistoryFilters(query: AlertHistoryQuery, nowMs: number): ParsedHistoryFilters {
  const problems: ProblemDetail[] = [];
  const state = given(query.state);
  if (state !== undefined && !(HISTORY_STATES as readonly string[]).includes(state)) {
    problems.push({
      where: 'state',
      message: `expected one of ${HISTORY_STATES.join(', ')}, got "${state}"`,
    });
  }
  const time = (field: 'from' | 'to', fallback: string) => {
    const text = given(query[field]) ?? fallback;
    const ms = parseHistoryTime(text, nowMs);
    if (ms === undefined) {
      problems.push({
        where: field,
        message: `expected a duration back from now (24h, 7d), a date (2026-12-01) or a time (2026-12-01T08:00Z), got "${text}"`,
      });
    }
    return ms;
  };
  const fromMs = time('from', DEFAULT_FROM);
  const toMs = time('to', '0s');
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
    problems.push({ where: 'from', message: 'from must be before to' });
  }
  const limit = positive(given(query.limit), 'limit', DEFAULT_HISTORY_LIMIT, MAX_HISTORY_LIMIT, problems);
  const page = positive(given(query.page), 'page', 1, 1_000_000, problems);
  if (problems.length > 0 || fromMs === undefined || toMs === undefined) {
    return { ok: false, problems };
  }
  const rule = given(query.rule);
  const service = given(query.service);
  return {
    ok: true,
    filters: {
      ...(rule === undefined ? {} : { rule }),
      ...(service === undefined ? {} : { service }),
      ...(state === undefined ? {} : { state: state as HistoryState }),
      fromMs,
      toMs,
      limit,
      page,
    },
  };
}

/** "Showing 51–100 of 230" for a page of `shown` rows. */
export function showingText(
  filters: Pick<AlertHistoryFilters, 'limit' | 'page'>,
  shown: number,
  total: number,
) {
  if (shown === 0) {
    return `Showing 0 of ${total}`;
  }
  const first = (filters.page - 1) * filters.limit + 1;
  return `Showing ${first}–${first + shown - 1} of ${total}`;
}
