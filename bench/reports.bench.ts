import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { prepareDatabase } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { reliabilityReport } from 'src/core/reports/reliability-report';
import { parseReportPeriod, periodsBetween } from 'src/core/reports/report-period';
import { reportView } from 'src/core/reports/report-view';
import { recreateDatabase } from 'src/infra/database/migration-runner';
import { ReportRepository } from 'src/modules/reports/report.repository';

/**
 * `npm run bench:reports [-- --scale 1]`: one year of history, 50 × scale services, 20,000 × scale incidents (with
 * 1-3 alerts each), generated in SQL. Times the quarterly report (2026-Q3: read the quarter's incidents and alerts,
 * compute every number, build the JSON view) against one `SELECT count(*) FROM incidents` scan, in the same run,
 * as the median of `--rounds` runs after one untimed run of each. Targets: report ≤ 10× the scan and ≤ 500 ms.
 * SLO compliance is left out (it reads the metric store; bench:slo measures those reads).
 */
const { values: flags } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
  },
});
const scale = Number(flags.scale);
const rounds = Number(flags.rounds);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn_bench_reports';

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  await recreateDatabase(databaseUrl);
  await prepareDatabase(parseConfig({ DATABASE_URL: databaseUrl }), () => undefined);
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  try {
    const incidents = Math.round(20_000 * scale);
    const services = Math.round(50 * scale);
    const loadStart = performance.now();
    await pool.query(
      `INSERT INTO incidents (group_key, route_id, receiver, group_labels, title, service, team, severity, started_at,
                              acknowledged_at, acknowledged_by, ack_source, resolved_at)
       SELECT 'bench:' || n, 'bench', 'oncall', '{}'::jsonb, 'incident ' || n, 'svc-' || (n % $2), 'team-' || (n % 10),
              (ARRAY['critical', 'warning', 'info'])[1 + n % 3], start,
              CASE WHEN n % 4 = 0 THEN NULL ELSE start + (n % 37) * interval '1 minute' END,
              CASE WHEN n % 4 = 0 THEN NULL ELSE 'ana' END, CASE WHEN n % 4 = 0 THEN NULL ELSE 'slack' END,
              CASE WHEN n % 97 = 0 THEN NULL ELSE start + (5 + n % 233) * interval '1 minute' END
         FROM (SELECT n, timestamptz '2026-01-01' + (n::float8 / $1) * interval '365 days' AS start
                 FROM generate_series(1, $1) AS n) AS s`,
      [incidents, services],
    );
    await pool.query(
      `INSERT INTO incident_alerts (incident_id, fingerprint, alert_id, group_name, rule_name, labels, state, fired_at,
                                    resolved_at, notification)
       SELECT i.id, 'fp-' || k, gen_random_uuid(), 'group-' || (hashtext(i.service) & 7), 'Rule' || (abs(hashtext(i.title)) % 40),
              '{}'::jsonb, 'resolved', i.started_at, i.resolved_at, '{}'::jsonb
         FROM incidents i CROSS JOIN LATERAL generate_series(1, 1 + abs(hashtext(i.title)) % 3) AS k`,
    );
    await pool.query('ANALYZE incidents; ANALYZE incident_alerts');
    const loadMs = performance.now() - loadStart;
    const repository = new ReportRepository(pool);
    const quarter = parseReportPeriod('2026-Q3');
    const buckets = periodsBetween('month', quarter.startMs, quarter.endMs);
    const nowMs = Date.parse('2027-01-01T00:00:00Z');
    let count = 0;
    const scanMs = await median(async () => {
      count = (await pool.query<{ count: number }>('SELECT count(*) FROM incidents')).rows[0]?.count ?? 0;
    });
    let reported = 0;
    const reportMs = await median(async () => {
      const { incidents: rows, alerts } = await repository.incidentsStartedIn(
        quarter.startMs,
        quarter.endMs,
        {},
      );
      const view = reportView(
        reliabilityReport({
          period: quarter,
          granularity: 'month',
          buckets,
          timeZone: 'UTC',
          nowMs,
          filters: {},
          incidents: rows,
          alerts,
          slos: [],
        }),
      );
      reported = view.totals.incidents;
    });
    const ratio = reportMs / scanMs;
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `bench:reports scale ${scale}: ${count} incidents of ${services} services over 2026 (loaded in ${(loadMs / 1000).toFixed(1)} s)`,
    );
    out(`SELECT count(*) FROM incidents: ${scanMs.toFixed(1)} ms (median of ${rounds})`);
    out(`quarterly report 2026-Q3 (${reported} incidents): ${reportMs.toFixed(1)} ms (median of ${rounds})`);
    out(
      `ratio ${ratio.toFixed(2)}x (target ≤ 10x: ${ratio <= 10 ? 'met' : 'MISSED'}); ≤ 500 ms: ${reportMs <= 500 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:reports failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
