import { PendingIncidentPost, planStormSummary } from './storm-summary';

const T0 = Date.parse('2026-12-08T02:00:00Z');

function post(n: number, overrides: Partial<PendingIncidentPost> = {}): PendingIncidentPost {
  return {
    outboxId: `o${n}`,
    incidentId: `i${n}`,
    title: `Incident ${n}`,
    severity: 'warning',
    status: 'firing',
    alerts: 1,
    startedAtMs: T0 + n * 1000,
    incidentUrl: `https://forewarn.example/incidents/i${n}`,
    createdAtMs: T0 + n * 1000,
    ...overrides,
  };
}

const posts = (count: number) => Array.from({ length: count }, (_, n) => post(n));

describe('planStormSummary', () => {
  it.each<[string, number, number, boolean]>([
    ['no storm at the threshold', 3, 3, false],
    ['a storm above it', 4, 3, true],
    ['never with threshold 0', 100, 0, false],
    ['nothing pending', 0, 3, false],
  ])('%s (%d pending, threshold %d)', (_, count, threshold, summarised) => {
    expect(planStormSummary('#alerts', posts(count), threshold) !== undefined).toBe(summarised);
  });

  it('covers every pending notification and lists each incident once, as its latest notification shows it', () => {
    const pending = [
      ...posts(3),
      post(1, { outboxId: 'o1-resolved', status: 'resolved', createdAtMs: T0 + 10_000 }),
    ];
    const summary = planStormSummary('#alerts', pending, 2);
    expect(summary?.covers).toEqual(['o0', 'o1', 'o2', 'o1-resolved']);
    expect(summary?.incidents.map((i) => [i.incidentId, i.status])).toEqual([
      ['i0', 'firing'],
      ['i1', 'resolved'],
      ['i2', 'firing'],
    ]);
    expect(summary?.sinceMs).toBe(T0);
    expect(summary?.channel).toBe('#alerts');
  });

  it('lists the most severe incidents first, then the oldest', () => {
    const pending = [
      post(0, { severity: 'info' }),
      post(1, { severity: 'critical', startedAtMs: T0 + 5000 }),
      post(2, { severity: undefined }),
      post(3, { severity: 'critical', startedAtMs: T0 }),
      post(4, { severity: 'warning' }),
    ];
    const summary = planStormSummary('#alerts', pending, 1);
    expect(summary?.incidents.map((i) => i.incidentId)).toEqual(['i3', 'i1', 'i4', 'i0', 'i2']);
  });
});
