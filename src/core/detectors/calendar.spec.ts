import { formatHourOfWeek, hourOfWeek } from './calendar';

describe('calendar', () => {
  it.each([
    ['2024-01-07T00:00:00Z', 0, 'Sunday 00:00'],
    ['2024-01-09T14:30:00Z', 62.5, 'Tuesday 14:00'],
    ['2024-01-13T23:59:00Z', 167 + 59 / 60, 'Saturday 23:00'],
    ['1969-12-31T06:00:00Z', 78, 'Wednesday 06:00'],
  ])('%s is hour %p of the week, %s', (iso, hour, text) => {
    expect(hourOfWeek(Date.parse(iso))).toBeCloseTo(hour, 9);
    expect(formatHourOfWeek(hour, true)).toBe(text);
    expect(formatHourOfWeek(hour, false)).toBe(text.split(' ')[1]);
  });
});
