import { parseArgs } from 'node:util';
import { AppConfig } from 'src/config/app-config';
import { InvalidInputError } from 'src/core/errors';
import { reportCsv } from 'src/core/reports/report-csv';
import { reportText } from 'src/core/reports/report-text';
import { reportView } from 'src/core/reports/report-view';
import { digestWeekAt } from 'src/core/reports/digest-week';
import { DeliveryService } from 'src/modules/notifications/delivery.service';
import { DeliveryError } from 'src/modules/notifications/notifiers/delivery-error';
import { DigestService } from 'src/modules/reports/digest.service';
import { DigestModule, ReportsModule } from 'src/modules/reports/reports.module';
import { ReportsService } from 'src/modules/reports/reports.service';
import { TelemetryModule } from 'src/infra/telemetry/telemetry.module';
import { withDatabaseContext } from './database-context';

const USAGE = `usage: forewarn report [--period 2026-W47|2026-11|2026-Q4] [--service NAME] [--team NAME] [--json|--csv]
       forewarn report --send [--period 2026-W47]
  without --period: the last 8 weeks; a named period is compared with the one before it
  --send: mails the week's digest to DIGEST_TO now (default: the last complete week), once per week`;

type Write = (line: string) => void;

/** `forewarn report`: the reliability report in the terminal (or as JSON / CSV), straight from the database. */
export async function runReportCommand(
  args: string[],
  config: AppConfig,
  out: Write,
  err: Write,
  nowMs = Date.now(),
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        period: { type: 'string' },
        service: { type: 'string' },
        team: { type: 'string' },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        send: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    err(`forewarn report: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.send) {
    if (values.service !== undefined || values.team !== undefined || values.json || values.csv) {
      err(`forewarn report: --send takes only --period (the digest covers every service and team)\n${USAGE}`);
      return 2;
    }
    return sendDigest(values.period ?? digestWeekAt(nowMs, config.FOREWARN_TIMEZONE).label, config, out, err);
  }
  return withDatabaseContext(config, { imports: [TelemetryModule, ReportsModule] }, async (app) => {
    const reports = app.get(ReportsService);
    let period;
    try {
      period = reports.period(values.period, nowMs);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        err(
          `forewarn report: ${error.message}: ${error.problems.map((problem) => problem.message).join('; ')}`,
        );
        return 2;
      }
      throw error;
    }
    const filters = {
      ...(values.service === undefined ? {} : { service: values.service }),
      ...(values.team === undefined ? {} : { team: values.team }),
    };
    const view = reportView(await reports.report(period, filters, nowMs));
    if (values.json) {
      out(JSON.stringify(view, null, 2));
      return 0;
    }
    if (values.csv) {
      out(reportCsv(view, 'incidents').trimEnd());
      return 0;
    }
    const previous =
      'kind' in period
        ? reportView(await reports.report(reports.previous(period), filters, nowMs))
        : undefined;
    reportText(view, previous).forEach(out);
    return 0;
  });
}

/**
 * `forewarn report --send`: writes the week's digest into the outbox (unless the week has one) and delivers it from
 * this process, so it works without a running worker. A week is mailed once: asking again says when it went out.
 */
function sendDigest(week: string, config: AppConfig, out: Write, err: Write): Promise<number> {
  return withDatabaseContext(config, { imports: [TelemetryModule, DigestModule] }, async (app) => {
    let prepared;
    try {
      prepared = await app.get(DigestService).prepare(week);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        err(
          `forewarn report: ${error.message}: ${error.problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`,
        );
        return 2;
      }
      throw error;
    }
    const { entry } = prepared;
    const what = `the digest of ${week} (${entry.payload.messageId})`;
    if (entry.status === 'delivered') {
      out(`${what} was sent already, to ${entry.target}; a week's digest is sent once`);
      return 0;
    }
    if (entry.status === 'failed') {
      err(`forewarn report: ${what} failed for good: ${entry.lastError ?? 'unknown error'}`);
      return 1;
    }
    try {
      await app.get(DeliveryService).deliver(entry.id);
    } catch (error) {
      if (error instanceof DeliveryError) {
        err(
          `forewarn report: ${what} was not sent: ${error.message}` +
            (error.retryable ? '; it stays in the outbox and a worker retries it' : ''),
        );
        return 1;
      }
      throw error;
    }
    out(`sent ${what} to ${entry.target}`);
    return 0;
  });
}
