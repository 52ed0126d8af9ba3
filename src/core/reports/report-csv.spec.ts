import { fixtureReportInput } from '../../../test/fixtures/reports/incidents';
import { reliabilityReport } from './reliability-report';
import { reportCsv } from './report-csv';
import { reportText } from './report-text';
import { reportView } from './report-view';

const view = reportView(reliabilityReport(fixtureReportInput()));

describe('reportCsv', () => {
  it('has the hand-computed numbers in seconds, empty cells for nothing measured', () => {
    const lines = reportCsv(view, 'incidents').split('\r\n');
    expect(lines[0]).toBe(
      'period,by,key,incidents,open,unacknowledged,mtta_count,mtta_p50_s,mtta_p90_s,mtta_mean_s,mttr_count,mttr_p50_s,mttr_p90_s,mttr_mean_s,time_in_breach_s',
    );
    expect(lines[1]).toBe('2026-W46..W47,total,,6,1,2,4,450,810,480,5,2400,5760,3096,317280');
    expect(lines).toContain('2026-W46..W47,service,(none),1,0,1,0,,,,1,3600,3600,3600,3600');
    expect(lines[lines.length - 1]).toBe('');
  });

  it('quotes cells with commas and quotes', () => {
    const odd = { ...view, noisyRules: [{ ...view.noisyRules[0]!, ruleName: 'A "b", c' }] };
    expect(reportCsv(odd, 'rules').split('\r\n')[1]).toBe('2026-W46..W47,prod,"A ""b"", c",3,1.5,0,0');
  });
});

describe('reportText', () => {
  it('prints the totals for people', () => {
    expect(reportText(view).slice(0, 2)).toEqual([
      'Reliability report 2026-W46..W47 (2026-11-09T00:00:00.000Z to 2026-11-23T00:00:00.000Z, UTC)',
      'Incidents 6 (open 1, never acknowledged 2); MTTA p50 7m 30s, MTTR p50 40m, time in breach 3d 16h',
    ]);
  });
});
