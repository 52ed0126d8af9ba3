import { CALENDAR_MONTH } from '../rules/slo-rule.schema';
import { YamlCursor } from './yaml-cursor';

/**
 * An OpenSLO v1 `timeWindow` (a list of exactly one window) as a forewarn SLO `window`: a rolling window in minutes,
 * hours, days or weeks keeps its duration; a calendar-aligned month becomes `calendar_month`.
 */

/** Used when an SLO gives no time window: the period forewarn's burn-rate presets are defined for. */
const DEFAULT_WINDOW = '30d';

const DURATION_SHORTHAND = /^([1-9]\d*)([mhdwMQY])$/;
const ROLLING_UNITS = 'mhdw';

export function windowOf(list: YamlCursor): string | undefined {
  if (!list.present) {
    list.warning(`no timeWindow; the SLO is imported over a rolling ${DEFAULT_WINDOW}`);
    return DEFAULT_WINDOW;
  }
  const items = list.items();
  const first = items[0];
  if (first === undefined || items.length > 1) {
    list.error(`timeWindow must list exactly one window, got ${items.length}`);
    return undefined;
  }
  if (!first.map(['duration', 'isRolling', 'calendar'])) {
    return undefined;
  }
  const durationAt = first.child('duration');
  const duration = durationAt.string({ required: true });
  const calendar = first.child('calendar');
  const rolling = first.child('isRolling').boolean() ?? !calendar.present;
  if (duration === undefined) {
    return undefined;
  }
  const match = DURATION_SHORTHAND.exec(duration);
  if (match === null) {
    durationAt.error(`expected a duration shorthand such as 28d or 1M, got "${duration}"`);
    return undefined;
  }
  if (!rolling) {
    return calendarWindow(durationAt, duration, calendar);
  }
  if (!ROLLING_UNITS.includes(match[2] ?? '')) {
    durationAt.error(
      `a rolling window of "${duration}" cannot be imported: write it in days or weeks, e.g. 30d, or make it calendar-aligned`,
    );
    return undefined;
  }
  return duration;
}

function calendarWindow(durationAt: YamlCursor, duration: string, calendar: YamlCursor): string | undefined {
  if (duration !== '1M') {
    durationAt.error(
      `a calendar window of "${duration}" cannot be imported: forewarn's calendar windows are months (1M); use a rolling window instead`,
    );
    return undefined;
  }
  if (calendar.present && calendar.map(['startTime', 'timeZone'])) {
    calendar.keyWarning(
      'startTime and timeZone are not imported: forewarn calendar months start on the 1st in FOREWARN_TIMEZONE',
    );
  }
  return CALENDAR_MONTH;
}
