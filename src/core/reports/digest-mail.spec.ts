import { fixtureReportInput } from '../../../test/fixtures/reports/incidents';
import { digestContent } from './digest-content';
import { buildDigestMail, digestMessageId } from './digest-mail';
import { reliabilityReport } from './reliability-report';
import { parseReportPeriod, periodsBetween } from './report-period';
import { reportView } from './report-view';
import { SloPeriodCounts } from './slo-compliance';

const slo = (name: string, objectivePercent: number, whole: SloPeriodCounts['whole']): SloPeriodCounts => ({
  slo: name,
  groupName: 'slos',
  service: null,
  team: null,
  objectivePercent,
  whole,
  periods: [],
});

const SLOS = [
  slo('search-latency', 99, { total: 1000, good: 980 }),
  slo('checkout-availability', 99.9, { total: 100_000, bad: 50 }),
  slo('inventory-availability', 99.5, undefined),
];

/** The fixture's W47 (D, E open, F) against W46 (A, B, C): see test/fixtures/reports/incidents.ts. */
function weekView(label: string) {
  const week = parseReportPeriod(label);
  return reportView(
    reliabilityReport(
      fixtureReportInput({
        period: week,
        buckets: periodsBetween('week', week.startMs, week.endMs),
        slos: SLOS,
      }),
    ),
  );
}

const URL = 'https://forewarn.example.com/reports?period=2026-W47';
const content = digestContent(weekView('2026-W47'), weekView('2026-W46'), URL);

describe('digestContent', () => {
  it('compares MTTR p50, p90 and mean with the week before (hand-computed)', () => {
    // W47 resolved: D 8m, F 60m (E open). W46: A 30m, B 40m, C 120m.
    expect(content.mttr).toEqual({
      header: ['MTTR', '2026-W47', '2026-W46', 'change'],
      rows: [
        ['resolved', '2', '3', '-33%'],
        ['p50', '34m', '40m', '-15%'],
        ['p90', '54m 48s', '1h 44m', '-47%'],
        ['mean', '34m', '1h 3m', '-46%'],
      ],
    });
  });

  it('lists SLO compliance by name, with no data as a dash', () => {
    expect(content.slos.rows).toEqual([
      ['checkout-availability', '99.90%', '99.950%', 'yes', '50%'],
      ['inventory-availability', '99.50%', '–', '–', '–'],
      ['search-latency', '99.00%', '98.000%', 'no', '200%'],
    ]);
  });

  it('lists the noisiest rules, never-acknowledged first on a tie', () => {
    expect(content.noisyRules.rows).toEqual([
      ['DiskFilling', 'prod', '1', '1.0', '100%'],
      ['LatencyHigh', 'prod', '1', '1.0', '0%'],
      ['SearchDown', 'prod', '1', '1.0', '0%'],
    ]);
  });

  it('sums the week up in the subject and the first line', () => {
    expect(content.subject).toBe(
      'forewarn weekly digest 2026-W47: 3 incidents, MTTR p50 34m (-15%), SLOs met 1/2',
    );
    expect(content.summary).toBe(
      '3 incidents (3 in 2026-W46), 1 still open, 1 never acknowledged; time in breach 3d 13h.',
    );
    expect(content.range).toBe('2026-11-16 to 2026-11-22 (UTC)');
  });

  it('leaves the change out when the week before had nothing to compare', () => {
    const empty = reportView(
      reliabilityReport(
        fixtureReportInput({ period: parseReportPeriod('2026-W40'), incidents: [], alerts: [] }),
      ),
    );
    const quiet = digestContent(weekView('2026-W47'), empty, URL);
    expect(quiet.mttr.rows[1]).toEqual(['p50', '34m', '–', '–']);
    expect(quiet.subject).toContain('MTTR p50 34m, ');
  });

  it('names the local days of the week, and leaves SLOs out of the subject when none has data', () => {
    const week = parseReportPeriod('2026-W47', 'Europe/Berlin');
    const berlin = reportView(
      reliabilityReport(fixtureReportInput({ period: week, buckets: [week], timeZone: 'Europe/Berlin' })),
    );
    const local = digestContent(berlin, weekView('2026-W46'), URL);
    expect(local.range).toBe('2026-11-16 to 2026-11-22 (Europe/Berlin)');
    expect(local.subject).toMatch(/MTTR p50 [^,]+$/);
  });
});

describe('buildDigestMail', () => {
  const mail = buildDigestMail(content, 'forewarn.example.com');

  it('has a Message-ID that is the same for every send of the week', () => {
    expect(mail.messageId).toBe('<digest-2026-W47@forewarn.example.com>');
    expect(digestMessageId('2026-W47', 'host:8080')).toBe('<digest-2026-W47@host_8080>');
  });

  it('prints the tables as aligned text with the report link', () => {
    const lines = mail.text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      content.subject,
      '2026-11-16 to 2026-11-22 (UTC)',
      '',
      content.summary,
    ]);
    expect(mail.text).toContain(
      [
        'MTTR against 2026-W46',
        'MTTR      2026-W47  2026-W46  change',
        'resolved         2         3    -33%',
        'p50            34m       40m    -15%',
        'p90        54m 48s    1h 44m    -47%',
        'mean           34m     1h 3m    -46%',
      ].join('\n'),
    );
    expect(mail.text).toContain(
      [
        'SLO compliance',
        'slo                     objective      SLI  met  budget used',
        'checkout-availability      99.90%  99.950%  yes          50%',
        'inventory-availability     99.50%        –    –            –',
        'search-latency             99.00%  98.000%   no         200%',
      ].join('\n'),
    );
    expect(lines.slice(-2)).toEqual([`Full report: ${URL}`, '']);
  });

  it('has the same cells in HTML tables, escaped, with the report link', () => {
    expect(mail.html).toContain(`<a href="${URL}" style="color:#0969da">Open the full report</a>`);
    expect(mail.html).toContain('>54m 48s</td>');
    expect(mail.html).toContain('>DiskFilling</td>');
    const odd = buildDigestMail(
      { ...content, noisyRules: { ...content.noisyRules, rows: [['<script>', 'g', '1', '1.0', '0%']] } },
      'x',
    );
    expect(odd.html).toContain('&lt;script&gt;');
    expect(odd.html).not.toContain('<script>');
  });

  it('says so when there are no SLOs and no alerts', () => {
    const bare = buildDigestMail(
      { ...content, slos: { ...content.slos, rows: [] }, noisyRules: { ...content.noisyRules, rows: [] } },
      'x',
    );
    expect(bare.text).toContain('SLO compliance\nNo SLOs are loaded.');
    expect(bare.text).toContain('Noisiest rules\nNo alerts this week.');
  });
});
