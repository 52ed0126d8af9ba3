import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ROLES, Role } from './app.module';
import { startRole } from './bootstrap';
import { AppConfig, ConfigError, parseConfig } from './config/app-config';
import { withOpenDatabase } from './infra/database/database-backend';
import { DataDirLockedError } from './infra/embedded/data-dir-lock';
import { runMigrateCommand, runRulesCheckCommand, runTokenCreateCommand } from './cli/commands';
import { runRoutingCheckCommand, runRoutingTestCommand } from './cli/routing.command';
import { runSloExportPrometheusCommand, runSloImportCommand } from './cli/slo.command';
import { runRulesTestCommand } from './cli/rules-test.command';
import { runSilenceCommand } from './cli/silence.command';
import { runNotifyTestCommand } from './cli/notify-test.command';
import { runNabCommand } from './cli/nab.command';
import { runBacktestCommand } from './cli/backtest.command';
import { runReportCommand } from './cli/report.command';

const USAGE = `usage: forewarn [command]

Roles (long-running):
  all                      api + scheduler + worker in one process (default)
  api                      HTTP API: ingest, health
  scheduler                enqueues rule evaluations on their intervals, and the weekly digest
  worker                   evaluates rules and delivers notifications

Commands:
  migrate                  apply pending database migrations and exit
  token create NAME [--scopes ingest,read,admin]
                           create an API token and print it once
  rules check [PATH...]    validate rule files (default: RULES_DIR) and print file:line:col problems
  rules test [PATH...]     run rule unit tests (*.test.yaml files or folders; default: rules/tests)
  routing check [FILE...]  validate routing files (default: ROUTING_FILE) and print file:line:col problems
  routing test [--config FILE] label=value...
                           print the receivers an alert with these labels reaches, like amtool
  slo import FILE [--out FILE]
                           convert a Sloth (prometheus/v1) or OpenSLO (openslo/v1) file into a forewarn rule file
  slo export-prometheus [RULES_PATH] [--out FILE]
                           write Prometheus rules for the burn-rate alerts of every SLO (default: RULES_DIR)
  notify test slack|email|webhook
                           send a test notification to a configured receiver and say whether it arrived
  silence add MATCHERS (--for DURATION | --until TIME) --comment TEXT [--author NAME]
  silence list [--expired] | silence expire ID
                           create, list and expire silences (Alertmanager matchers, e.g. 'service="checkout"')
  backtest RULE --from TIME [--to TIME] [--step DURATION] [--incident-start TIME] [--json]
                           replay a rule over stored data: every would-be fire and resolve, and the lead time
  report [--period 2026-W47|2026-11|2026-Q4] [--service NAME] [--team NAME] [--json|--csv]
                           the reliability report: incidents, MTTA/MTTR, noisiest rules, SLO compliance
  report --send [--period 2026-W47]
                           mail the week's digest to DIGEST_TO now (default: the last complete week), once per week
  nab --data DIR --out DIR
                           score a NAB data/ folder with the ensemble detector, writing NAB result files
  help                     this text

Configuration comes from environment variables; see README.md.`;

const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`);

/** The one-shot commands that use the database. */
function databaseCommand(
  command: string,
  rest: string[],
): ((config: AppConfig) => Promise<number>) | undefined {
  if (command === 'backtest') {
    return (config) => runBacktestCommand(rest, config, write(process.stdout), write(process.stderr));
  }
  if (command === 'notify' && rest[0] === 'test') {
    return (config) =>
      runNotifyTestCommand(rest.slice(1), config, write(process.stdout), write(process.stderr));
  }
  if (command === 'report') {
    return (config) => runReportCommand(rest, config, write(process.stdout), write(process.stderr));
  }
  if (command === 'silence') {
    return (config) => runSilenceCommand(rest, config, write(process.stdout), write(process.stderr));
  }
  if (command === 'migrate') {
    return (config) => runMigrateCommand(config);
  }
  if (command === 'token' && rest[0] === 'create') {
    const { values, positionals } = parseArgs({
      args: rest.slice(1),
      options: { scopes: { type: 'string', default: 'ingest,read' } },
      allowPositionals: true,
    });
    return (config) => runTokenCreateCommand(config, positionals[0], values.scopes);
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command = 'all', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'rules' && rest[0] === 'check') {
    return runRulesCheckCommand(rest.slice(1), parseConfig(process.env));
  }
  if (command === 'rules' && rest[0] === 'test') {
    return runRulesTestCommand(rest.slice(1), write(process.stdout), write(process.stderr));
  }
  if (command === 'nab') {
    return runNabCommand(rest, write(process.stdout), write(process.stderr));
  }
  if (command === 'routing' && (rest[0] === 'check' || rest[0] === 'test')) {
    const run = rest[0] === 'check' ? runRoutingCheckCommand : runRoutingTestCommand;
    return run(
      rest.slice(1),
      parseConfig(process.env).ROUTING_FILE,
      write(process.stdout),
      write(process.stderr),
    );
  }
  if (command === 'slo' && rest[0] === 'import') {
    return runSloImportCommand(rest.slice(1), write(process.stdout), write(process.stderr));
  }
  if (command === 'slo' && rest[0] === 'export-prometheus') {
    const rulesDir = () => parseConfig(process.env).RULES_DIR;
    return runSloExportPrometheusCommand(
      rest.slice(1),
      rulesDir,
      write(process.stdout),
      write(process.stderr),
    );
  }
  const config = parseConfig(process.env);
  if ((ROLES as readonly string[]).includes(command)) {
    await startRole(command as Role, config);
    return -1; // keep running until a signal
  }
  const run = databaseCommand(command, rest);
  if (run !== undefined) {
    return withOpenDatabase(config, run); // the embedded database, when DATABASE_URL is unset
  }
  process.stderr.write(`forewarn: unknown command "${argv.join(' ')}"\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) {
      process.exitCode = code;
    }
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`forewarn: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`forewarn: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(
      `forewarn: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
