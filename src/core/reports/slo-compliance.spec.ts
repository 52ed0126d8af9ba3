import { parseReportPeriod } from './report-period';
import { sliResult, sloCompliance } from './slo-compliance';

describe('sliResult', () => {
  it.each<[string, Parameters<typeof sliResult>[0], string, number | null, boolean | null, number | null]>([
    ['exactly on the objective', { good: 999, total: 1000 }, 'sli', 99.9, true, 1],
    ['twice the budget', { good: 998, total: 1000 }, 'sli', 99.8, false, 2],
    ['bad counts', { bad: 5, total: 10_000 }, 'sli', 99.95, true, 0.5],
    ['no events', { good: 0, total: 0 }, 'no-data', null, null, null],
    ['no data', undefined, 'no-data', null, null, null],
    ['more good than total', { good: 11, total: 10 }, 'sli-problem', null, null, null],
  ])('%s', (_, counts, kind, sli, met, consumed) => {
    const result = sliResult(counts, 99.9);
    expect(result.kind).toBe(kind);
    if (result.kind === 'sli') {
      expect(result.sliPercent).toBeCloseTo(sli ?? NaN, 9);
      expect(result.met).toBe(met);
      expect(result.budgetConsumedRatio).toBeCloseTo(consumed ?? NaN, 9);
    }
  });
});

describe('sloCompliance', () => {
  it('counts the weeks that met the objective among those with data', () => {
    const w46 = parseReportPeriod('2026-W46');
    const w47 = parseReportPeriod('2026-W47');
    const w48 = parseReportPeriod('2026-W48');
    const [compliance] = sloCompliance([
      {
        slo: 'checkout-availability',
        groupName: 'checkout',
        service: 'checkout',
        team: 'payments',
        objectivePercent: 99,
        whole: { good: 2950, total: 3000 },
        periods: [
          { period: w46, counts: { good: 995, total: 1000 } },
          { period: w47, counts: { good: 955, total: 1000 } },
          { period: w48, counts: undefined },
        ],
      },
    ]);
    expect(compliance?.periodsMet).toBe(1);
    expect(compliance?.periodsWithData).toBe(2);
    expect(compliance?.whole).toMatchObject({ kind: 'sli', met: false });
    expect(compliance?.periods.map(({ result }) => result.kind)).toEqual(['sli', 'sli', 'no-data']);
  });
});
