import { Pool } from 'pg';
import { RunningRole, startComponents } from 'src/bootstrap';
import { runReportCommand } from 'src/cli/report.command';
import { digestWeekAt } from 'src/core/reports/digest-week';
import { humanDuration } from 'src/core/reports/human-duration';
import { ReportView } from 'src/core/reports/report-view';
import { PrismaService } from 'src/infra/database/prisma.service';
import { SinkMail } from 'src/demo/smtp-sink';
import { DigestService } from 'src/modules/reports/digest.service';
import { SeedIncident } from '../../scripts/seed-history-data';
import { seedHistory } from '../../scripts/seed-history';
import { eventually } from '../support/eventually';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: slos
    interval: 1h
    rules:
      - slo: checkout-availability
        kind: slo
        objective: 99
        window: 7d
        service: checkout
        no_data: keep
        sli:
          type: events
          bad: http_requests_total{service="checkout", code="500"}
          total: http_requests_total{service="checkout"}
`;

const MANAGERS = ['cto@example.com', 'lead@example.com'];
const PUBLIC_URL = 'https://forewarn.example.com';
const HOUR = 3_600_000;

/** The cells of the text table row that starts with `first` (cells are two or more spaces apart). */
function row(mail: SinkMail, first: string): string[] {
  const line = (mail.text ?? '').split('\n').find((candidate) => candidate.startsWith(`${first} `));
  if (line === undefined) {
    throw new Error(`no row "${first}" in the digest:\n${mail.text}`);
  }
  return line.split(/ {2,}/);
}

describe('weekly digest', () => {
  const env = new TestEnvironment();
  const week = digestWeekAt(Date.now());
  const messageId = `<digest-${week.label}@forewarn.example.com>`;
  const isDigest = (mail: SinkMail) => mail.messageId === messageId;
  let incidents: SeedIncident[];
  let token: string;
  const schedulers: RunningRole[] = [];

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], {
      RULES_DIR: await writeRules({ 'slos.yaml': RULES }),
      RULES_WATCH: 'false',
      DIGEST_TO: MANAGERS.join(','),
      // Monday 00:00, the start of the week: the last complete week's digest is always due.
      DIGEST_CRON: '0 0 * * 1',
      PUBLIC_URL,
    });
    const pool = new Pool({ connectionString: env.database.url, max: 2 });
    try {
      incidents = await seedHistory(pool, Date.now());
    } finally {
      await pool.end();
    }
    // Checkout traffic over the digest week, hourly: 1000 good requests an hour and 5 failing.
    const total: Array<[number, number]> = [];
    const bad: Array<[number, number]> = [];
    for (let at = week.startMs, hour = 0; at <= week.endMs; at += HOUR, hour += 1) {
      total.push([at, hour * 1000]);
      bad.push([at, hour * 5]);
    }
    const ingest = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await env.createToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        { labels: { __name__: 'http_requests_total', service: 'checkout' }, samples: total },
        { labels: { __name__: 'http_requests_total', service: 'checkout', code: '500' }, samples: bad },
      ]),
    });
    expect(ingest.status).toBe(200);
    token = await env.createToken(['read']);
  });

  afterAll(async () => {
    await Promise.all(schedulers.map((scheduler) => scheduler.close()));
    await env.tearDown();
  });

  const report = async (period: string): Promise<ReportView> => {
    const response = await fetch(`${env.url}/reports?format=json&period=${period}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as ReportView;
  };

  const digestRows = () =>
    env.get(PrismaService).notificationOutbox.findMany({ where: { dedupKey: `digest:${week.label}` } });

  it('two schedulers starting at once mail the last week one digest with the report numbers', async () => {
    schedulers.push(
      ...(await Promise.all([
        startComponents(['scheduler'], env.config),
        startComponents(['scheduler'], env.config),
      ])),
    );
    const mail = await env.smtp.waitFor(isDigest, 60_000);
    const view = await report(week.label);
    const previous = await report(digestWeekAt(week.startMs).label);

    const inWeek = incidents.filter(
      (incident) => incident.startedAtMs >= week.startMs && incident.startedAtMs < week.endMs,
    );
    expect(inWeek.length).toBeGreaterThan(0);
    expect(view.totals.incidents).toBe(inWeek.length);
    expect(mail.to.sort()).toEqual(MANAGERS);
    expect(mail.subject).toContain(`forewarn weekly digest ${week.label}: ${inWeek.length} incidents`);

    // MTTR of this week and the one before, as the report JSON has them.
    const resolved = inWeek.filter((incident) => incident.resolvedAtMs !== null).length;
    expect(row(mail, 'resolved').slice(1, 3)).toEqual([String(resolved), String(previous.totals.mttr.count)]);
    for (const [name, key] of [
      ['p50', 'p50Seconds'],
      ['p90', 'p90Seconds'],
      ['mean', 'meanSeconds'],
    ] as const) {
      expect(row(mail, name).slice(1, 3)).toEqual([
        humanDuration(view.totals.mttr[key]),
        humanDuration(previous.totals.mttr[key]),
      ]);
    }

    // The SLO's compliance over the week: 5 failures an hour, in 1005 requests (the total selector matches both series).
    const [slo] = view.slos;
    expect(slo?.sliPercent).toBeCloseTo(100 * (1 - 5 / 1005), 6);
    const sloCells = row(mail, 'checkout-availability');
    expect(Number(sloCells[2]?.replace('%', ''))).toBeCloseTo(slo?.sliPercent ?? NaN, 3);
    expect(sloCells.slice(3)).toEqual(['yes', `${Math.round((slo?.budgetConsumed ?? NaN) * 100)}%`]);

    // The noisiest rules, in the report's order.
    for (const rule of view.noisyRules.slice(0, 5)) {
      expect(row(mail, rule.ruleName).slice(1, 3)).toEqual([rule.groupName, String(rule.alerts)]);
    }

    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/reports?period=${week.label}"`);
    expect(mail.html).toContain(`>${humanDuration(view.totals.mttr.p50Seconds)}</td>`);
    const rows = await eventually(async () => {
      const found = await digestRows();
      return found.every((entry) => entry.status === 'delivered') ? found : undefined;
    });
    expect(rows).toHaveLength(1);
  });

  it('restarts, the job run again and forewarn report --send add no second mail', async () => {
    await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.close()));
    schedulers.push(await startComponents(['scheduler'], env.config));
    const again = await env.get(DigestService).prepare(week.label);
    expect(again.added).toBe(false);

    const out: string[] = [];
    const err: string[] = [];
    const code = await runReportCommand(['--send', '--period', week.label], env.config, push(out), push(err));
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out).toEqual([
      `the digest of ${week.label} (${messageId}) was sent already, to ${MANAGERS.join(',')}; a week's digest is sent once`,
    ]);
    expect(env.smtp.mails().filter(isDigest)).toHaveLength(1);
    expect(await digestRows()).toHaveLength(1);
  });

  it('forewarn report --send mails another week on demand, and refuses a month', async () => {
    const older = digestWeekAt(week.startMs).label;
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReportCommand(['--send', '--period', older], env.config, push(out), push(err));
    expect({ code, out, err }).toEqual({
      code: 0,
      out: [`sent the digest of ${older} (<digest-${older}@forewarn.example.com>) to ${MANAGERS.join(',')}`],
      err: [],
    });
    const mail = env.smtp.mails().find((sent) => sent.messageId === `<digest-${older}@forewarn.example.com>`);
    expect(mail?.subject).toContain(`forewarn weekly digest ${older}: `);

    const month: string[] = [];
    expect(await runReportCommand(['--send', '--period', '2026-11'], env.config, () => {}, push(month))).toBe(
      2,
    );
    expect(month).toEqual([
      'forewarn report: bad period "2026-11": period: the digest is weekly: use an ISO week such as 2026-W47',
    ]);
  });
});

function push(lines: string[]) {
  return (line: string) => {
    lines.push(line);
  };
}
