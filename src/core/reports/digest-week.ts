import { InvalidInputError } from '../errors';
import { NamedPeriod, ReportPeriod, isoWeekAt, parseReportPeriod } from './report-period';

/** The ISO week a digest is asked for by name (`2026-W47`); the digest is weekly, so months and quarters are refused. */
export function parseDigestWeek(text: string, timeZone = 'UTC', field = 'period'): NamedPeriod {
  const period = parseReportPeriod(text, timeZone, field);
  if (period.kind !== 'week') {
    throw new InvalidInputError(`bad ${field} "${text}"`, [
      { where: field, message: 'the digest is weekly: use an ISO week such as 2026-W47' },
    ]);
  }
  return period;
}

/** The ISO week a digest sent at `atMs` covers: the last one that ended at or before then. */
export function digestWeekAt(atMs: number, timeZone = 'UTC'): ReportPeriod {
  return isoWeekAt(isoWeekAt(atMs, timeZone).startMs - 1, timeZone);
}

/**
 * The week whose digest is due at `nowMs`: the last complete ISO week, once the schedule's first send time after
 * that week ended has come (Monday 08:00 for the default schedule); undefined before then. `firstSendAtOrAfter(ms)`
 * is the schedule's first time at or after `ms`. A scheduler that was down at the send time sends the digest when it
 * starts, until the next week ends; older weeks are not replayed.
 */
export function dueDigestWeek(
  nowMs: number,
  timeZone: string,
  firstSendAtOrAfter: (ms: number) => number,
): ReportPeriod | undefined {
  const week = digestWeekAt(nowMs, timeZone);
  return firstSendAtOrAfter(week.endMs) <= nowMs ? week : undefined;
}
