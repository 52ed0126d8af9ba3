import { intervalSpans } from './interval-ranges';
import { TimeInterval } from './time-interval';

const at = (iso: string) => Date.parse(iso);

describe('intervalSpans', () => {
  // Saturday and Sunday, and weekdays 22:30-23:00 in Berlin (UTC+1 in November).
  const maintenance: TimeInterval[] = [
    {
      weekdays: [
        { begin: 6, end: 6 },
        { begin: 0, end: 0 },
      ],
    },
    {
      weekdays: [{ begin: 1, end: 5 }],
      times: [{ startMinute: 22 * 60 + 30, endMinute: 23 * 60 }],
      location: 'Europe/Berlin',
    },
  ];

  it('lists the stretches inside a window, clipped to it, merging across midnight', () => {
    // Thursday 2026-11-26 12:00 UTC to Monday 2026-11-30 12:00 UTC.
    expect(intervalSpans(maintenance, at('2026-11-26T12:00:00Z'), at('2026-11-30T12:00:00Z'))).toEqual([
      { startMs: at('2026-11-26T21:30:00Z'), endMs: at('2026-11-26T22:00:00Z') }, // Thursday 22:30 Berlin
      { startMs: at('2026-11-27T21:30:00Z'), endMs: at('2026-11-27T22:00:00Z') }, // Friday
      { startMs: at('2026-11-28T00:00:00Z'), endMs: at('2026-11-30T00:00:00Z') }, // the weekend, in UTC
    ]);
  });

  it('clips a stretch the window starts or ends inside', () => {
    expect(intervalSpans(maintenance, at('2026-11-29T06:00:00Z'), at('2026-11-29T07:00:00Z'))).toEqual([
      { startMs: at('2026-11-29T06:00:00Z'), endMs: at('2026-11-29T07:00:00Z') },
    ]);
  });

  it('is empty without intervals or for an empty window', () => {
    expect(intervalSpans([], 0, 86_400_000)).toEqual([]);
    expect(intervalSpans(maintenance, 10, 10)).toEqual([]);
  });
});
