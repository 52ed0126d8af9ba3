import { MuteVerdict, describeMute } from './mute';

describe('describeMute', () => {
  it.each<[MuteVerdict, string]>([
    [{ kind: 'time-interval', intervals: ['weekends', 'nights'] }, 'muted by time interval weekends, nights'],
    [
      { kind: 'inhibited', by: { alertname: 'Down', service: 'db', severity: 'critical' } },
      'inhibited by {alertname="Down", service="db", severity="critical"}',
    ],
    [{ kind: 'silenced', silenceIds: ['s1', 's2'] }, 'silenced by s1, s2'],
  ])('%j reads "%s"', (verdict, text) => {
    expect(describeMute(verdict)).toBe(text);
  });
});
