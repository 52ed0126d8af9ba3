import { parseArgs } from 'node:util';
import { AppConfig } from 'src/config/app-config';
import { BacktestResult, backtest, backtestRequests } from 'src/core/backtest/backtest';
import { compileRule } from 'src/core/evaluation/compile-rule';
import { fingerprint, formatLabels } from 'src/core/labels/labels';
import { formatRuleProblem, loadRuleFiles } from 'src/core/rules/load-rule-file';
import { TestSeries } from 'src/core/rule-tests/selector-data';
import { InvalidDurationError, formatDuration, parseDuration } from 'src/core/time/duration';
import { MetricReader } from 'src/modules/metrics/metric-reader';
import { MetricsModule } from 'src/modules/metrics/metrics.module';
import { withDatabaseContext } from './database-context';
import { readRuleFolder } from 'src/modules/rules/rule-registry.service';

const USAGE =
  'usage: forewarn backtest RULE --from TIME [--to TIME] [--step DURATION] [--incident-start TIME] [--json]\n' +
  '  TIME is an ISO 8601 time (2026-11-20T08:00:00Z) or a duration before now (6h); --to defaults to now,\n' +
  "  --step to the rule group's interval";

type Write = (line: string) => void;

/** `2026-11-20T08:00:00Z`, or `6h` meaning 6 hours before now. */
export function parseTime(text: string, nowMs: number): number {
  try {
    return nowMs - parseDuration(text);
  } catch (error) {
    if (!(error instanceof InvalidDurationError)) {
      throw error;
    }
  }
  const ms = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\d/.test(text) || Number.isNaN(ms)) {
    throw new Error(`"${text}" is neither an ISO 8601 time nor a duration such as 6h`);
  }
  return ms;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function formatBacktest(result: BacktestResult): string[] {
  const lines = result.events.map(
    (event) =>
      `${iso(event.atMs)} ${event.kind === 'firing' ? 'FIRING  ' : 'RESOLVED'} ${formatLabels(event.labels)} ` +
      `value=${event.value}${event.summary === undefined ? '' : `  ${event.summary}`}`,
  );
  const fired = result.events.filter((event) => event.kind === 'firing').length;
  const resolved = result.events.length - fired;
  lines.push(
    `${result.rule}: ${result.evaluations} evaluations from ${iso(result.fromMs)} to ${iso(result.toMs)} every ` +
      `${formatDuration(result.stepMs)}: ${fired} fired, ${resolved} resolved`,
  );
  if (result.detected === false) {
    lines.push('incident: not detected');
  } else if (result.leadTimeMs !== undefined) {
    const lead = formatDuration(Math.abs(result.leadTimeMs));
    lines.push(
      result.leadTimeMs >= 0
        ? `incident: first fired ${lead} before the incident started`
        : `incident: first fired ${lead} after the incident started`,
    );
  }
  if (result.error !== undefined) {
    lines.push(`error: ${result.error}`);
  }
  return lines;
}

/** `forewarn backtest`: replays a rule over stored data (see `src/core/backtest`). Exit 0, 1 on an evaluation error, 2 on bad input. */
export async function runBacktestCommand(
  args: string[],
  config: AppConfig,
  out: Write,
  err: Write,
  nowMs = Date.now(),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        step: { type: 'string' },
        'incident-start': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    err(`forewarn backtest: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const ruleName = positionals[0];
  if (ruleName === undefined || positionals.length > 1 || values.from === undefined) {
    err(USAGE);
    return 2;
  }
  const loaded = loadRuleFiles(await readRuleFolder(config.RULES_DIR));
  const errors = loaded.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    errors.forEach((problem) => err(formatRuleProblem(problem)));
    return 2;
  }
  const group = loaded.groups.find((candidate) =>
    candidate.rules.some((rule) => rule.kind !== 'recording' && rule.name === ruleName),
  );
  if (group === undefined) {
    err(`forewarn backtest: no alerting rule named "${ruleName}" in ${config.RULES_DIR}`);
    return 2;
  }
  let fromMs: number;
  let toMs: number;
  let stepMs: number;
  let incidentStartMs: number | undefined;
  try {
    fromMs = parseTime(values.from, nowMs);
    toMs = values.to === undefined ? nowMs : parseTime(values.to, nowMs);
    stepMs = values.step === undefined ? group.intervalMs : parseDuration(values.step);
    incidentStartMs =
      values['incident-start'] === undefined ? undefined : parseTime(values['incident-start'], nowMs);
  } catch (error) {
    err(`forewarn backtest: ${(error as Error).message}`);
    return 2;
  }
  if (!(toMs > fromMs) || !(stepMs > 0)) {
    err('forewarn backtest: --from must be before --to, and --step longer than 0s');
    return 2;
  }

  const rules = group.rules.map((rule) => compileRule(group, rule));
  const series = await readSeries(config, backtestRequests(rules, fromMs, toMs), toMs);
  err(`read ${series.length} series; replaying group ${group.name}`);
  let shown = 0;
  const result = backtest(rules, series, {
    rule: ruleName,
    fromMs,
    toMs,
    stepMs,
    ...(incidentStartMs === undefined ? {} : { incidentStartMs }),
    onProgress: (done, total) => {
      const percent = Math.floor((done * 10) / total) * 10;
      if (percent > shown) {
        shown = percent;
        err(`  ${percent}% (${done}/${total} evaluations)`);
      }
    },
  });
  if (values.json) {
    out(JSON.stringify(result, null, 2));
  } else {
    formatBacktest(result).forEach(out);
  }
  return result.error === undefined ? 0 : 1;
}

/** Every series the requests select, with all their samples in the read spans (each series once). */
async function readSeries(
  config: AppConfig,
  requests: Parameters<MetricReader['read']>[0],
  toMs: number,
): Promise<TestSeries[]> {
  return withDatabaseContext(config, { imports: [MetricsModule] }, async (app) => {
    const data = await app.get(MetricReader).read(requests, toMs);
    const byFingerprint = new Map<string, TestSeries>();
    for (const entries of data.values()) {
      for (const entry of entries) {
        byFingerprint.set(fingerprint(entry.labels), {
          labels: entry.labels,
          times: entry.samples.map(([ts]) => ts),
          values: entry.samples.map(([, value]) => value),
        });
      }
    }
    return [...byFingerprint.values()];
  });
}
