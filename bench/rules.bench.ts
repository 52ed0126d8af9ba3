import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { RuleFileSource, loadRuleFiles } from 'src/core/rules/load-rule-file';
import { clearPromqlParseCache } from 'src/core/rules/promql-fields';

/**
 * `npm run bench:rules [-- --scale 1]`: generates 1,000 × scale rule groups of 10 rules each (threshold, recording,
 * anomaly, forecast and SLO rules mixed) as YAML text in memory, split into files of 50 groups (rule files are
 * limited to 1 MiB), and times `loadRuleFiles` (YAML parse, schema validation, PromQL and template checks) against
 * bare `yaml.parse` of the same texts. Best of 3 runs each. The loader runs cold (PromQL parse cache emptied before
 * each run, as on a first load) and warm (cache kept, as on a hot reload of unchanged files). Target: cold ≤ 3×.
 */

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
if (!(scale > 0)) {
  throw new Error(`--scale must be a positive number, got ${values.scale}`);
}
const GROUPS = Math.max(1, Math.round(1000 * scale));
const GROUPS_PER_FILE = 50;
const RUNS = 3;

function groupYaml(g: number): string {
  const svc = `svc-${g}`;
  const sel = (metric: string, extra = '') => `${metric}{service="${svc}"${extra}}`;
  const errors = `sum(rate(${sel('http_requests_total', ',code=~"5.."')}[5m]))`;
  const total = `sum(rate(${sel('http_requests_total')}[5m]))`;
  return `  - name: group-${g}
    interval: 30s
    service: ${svc}
    team: team-${g % 17}
    labels: { tier: '${g % 3}' }
    rules:
      - record: service:http_requests:rate5m_${g}
        expr: sum by (route) (rate(${sel('http_requests_total')}[5m]))
      - record: service:http_errors:rate5m_${g}
        kind: recording
        expr: ${errors}
      - alert: ErrorRatioHigh${g}
        expr: ${errors} / ${total} > 0.05
        for: 2m
        keep_firing_for: 5m
        resolve_when: ${errors} / ${total} < 0.02
        labels: { severity: critical }
        annotations:
          summary: '{{ $labels.service }} fails {{ $value | humanizePercentage }} of requests'
          description: 'Error ratio of ${svc} is {{ printf "%.3f" $value }}'
        runbook_url: https://runbooks.example.com/errors/${g}
      - alert: LatencyHigh${g}
        kind: threshold
        expr: avg by (route) (avg_over_time(${sel('http_request_duration_seconds')}[5m])) > 0.5
        for: 5m
        labels: { severity: warning }
        annotations:
          summary: 'Latency {{ $value | humanize }}s on {{ $labels.route }}'
      - alert: InstanceDown${g}
        expr: max by (instance) (${sel('up')}) < 1
        for: 1m
        no_data: alert
      - alert: TrafficAnomalous${g}
        kind: anomaly
        series: sum(rate(${sel('http_requests_total')}[5m]))
        detector: seasonal
        sensitivity: 3.5
        min_deviation: 10
        direction: down
        exclude: [maintenance]
      - alert: LatencyShift${g}
        kind: anomaly
        series: avg(avg_over_time(${sel('http_request_duration_seconds')}[10m]))
        detector: ensemble
      - alert: DiskFull${g}
        kind: forecast
        series: max by (instance) (${sel('disk_used_ratio')})
        method: linear
        lookback: 6h
        threshold: 0.95
        horizon: 1d
        labels: { severity: warning }
      - slo: availability-${g}
        kind: slo
        objective: 99.9
        window: 28d
        sli:
          type: events
          bad: ${sel('http_requests_total', ',code=~"5.."')}
          total: ${sel('http_requests_total')}
      - slo: latency-${g}
        kind: slo
        objective: 99
        window: 30d
        sli: { type: latency, metric: '${sel('http_request_duration_seconds')}', le: 0.3 }
        burn_rates: sloth
`;
}

function generateFiles(): RuleFileSource[] {
  const files: RuleFileSource[] = [];
  for (let first = 0; first < GROUPS; first += GROUPS_PER_FILE) {
    const groups: string[] = [];
    for (let g = first; g < Math.min(first + GROUPS_PER_FILE, GROUPS); g++) {
      groups.push(groupYaml(g));
    }
    files.push({ file: `rules/bench-${files.length}.yaml`, text: `groups:\n${groups.join('')}` });
  }
  return files;
}

function timeMs(body: () => void): number {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const files = generateFiles();
const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);

// Sanity check: the generated rules are valid, so the loader does its full work.
const check = loadRuleFiles(files);
const ruleCount = check.groups.reduce((sum, group) => sum + group.rules.length, 0);
if (check.problems.length > 0 || ruleCount !== GROUPS * 10) {
  throw new Error(`generated rules do not load cleanly: ${JSON.stringify(check.problems.slice(0, 3))}`);
}

// Runs interleaved, so that all three see the same machine load; the best of each counts.
let yamlMs = Infinity;
let coldMs = Infinity;
let warmMs = Infinity;
for (let run = 0; run < RUNS; run++) {
  yamlMs = Math.min(
    yamlMs,
    timeMs(() => {
      for (const file of files) {
        parseYaml(file.text);
      }
    }),
  );
  clearPromqlParseCache();
  coldMs = Math.min(
    coldMs,
    timeMs(() => loadRuleFiles(files)),
  );
  warmMs = Math.min(
    warmMs,
    timeMs(() => loadRuleFiles(files)),
  );
}

const mib = (bytes / 1024 / 1024).toFixed(1);
process.stdout.write(
  `${GROUPS} groups, ${ruleCount} rules, ${files.length} files, ${mib} MiB of YAML (best of ${RUNS})\n` +
    `yaml.parse alone:          ${yamlMs.toFixed(0)} ms\n` +
    `loadRuleFiles (cold):      ${coldMs.toFixed(0)} ms  ratio ${(coldMs / yamlMs).toFixed(2)}x  (target <= 3x)\n` +
    `loadRuleFiles (warm cache): ${warmMs.toFixed(0)} ms  ratio ${(warmMs / yamlMs).toFixed(2)}x\n`,
);
