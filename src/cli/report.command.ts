import { parseArgs } from 'node:util';
import { AppConfig } from 'src/config/app-config';
import { InvalidInputError } from 'src/core/errors';
import { reportCsv } from 'src/core/reports/report-csv';
import { reportText } from 'src/core/reports/report-text';
import { reportView } from 'src/core/reports/report-view';
import { ReportsModule } from 'src/modules/reports/reports.module';
import { ReportsService } from 'src/modules/reports/reports.service';
import { TelemetryModule } from 'src/infra/telemetry/telemetry.module';
import { withDatabaseContext } from './database-context';

const USAGE = `usage: forewarn report [--period 2026-W47|2026-11|2026-Q4] [--service NAME] [--team NAME] [--json|--csv]
  without --period: the last 8 weeks; a named period is compared with the one before it`;

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
      },
    }));
  } catch (error) {
    err(`forewarn report: ${(error as Error).message}\n${USAGE}`);
    return 2;
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
