import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { stringify } from 'yaml';
import { startComponents } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { RuleRegistry } from 'src/modules/rules/rule-registry.service';
import { PrometheusServer, prometheusVersion } from '../test/promql-differential/prometheus-server';
import {
  ALERT_PATTERNS,
  BENCH_DATABASE_URL,
  BENCH_WORK_DIR,
  JOBS,
  benchData,
  benchSeries,
  loadAverage,
  median,
  resetBenchData,
  say,
  benchFlags,
} from './support/bench-data';

/**
 * `npm run bench:eval [-- --scale 1] [--rounds 3] [--reuse]`: 1,000 × scale threshold rules (the 10 alerting
 * patterns of bench:query, each for the 10 jobs at 10 × scale thresholds) in 10 rule groups of one job each, at a
 * 15 s interval, over bench:query's data (10,000 × scale series; `--reuse` takes the data of an earlier run of either
 * benchmark). forewarn runs its scheduler and a worker (the production path: a job per group and slot on the queue,
 * a worker evaluating it and committing alert state); a round is timed from the start of its slot to the moment the
 * last group's slot is seen committed. The same rules go to the local Prometheus as a rules file, and its
 * `prometheus_rule_group_last_duration_seconds` is read from its /metrics after each of its rounds. Prints the round
 * times against the interval (target: a third of it) and against Prometheus's, and the load average.
 */

const { scale, rounds, reuse } = benchFlags();
const INTERVAL_MS = 15_000;
const TARGET_SHARE = 1 / 3;
const POLL_MS = 100;
const RULES = Math.max(ALERT_PATTERNS.length * JOBS, Math.round(1000 * scale));

/** One group per job, each with its share of the rules: pattern after pattern, threshold variant after variant. */
function ruleGroups() {
  return Array.from({ length: JOBS }, (_, job) => {
    const rules = Array.from({ length: Math.round(RULES / JOBS) }, (_, index) => {
      const pattern = ALERT_PATTERNS[index % ALERT_PATTERNS.length];
      const variant = Math.floor(index / ALERT_PATTERNS.length);
      // for: 1h, so that what fires stays pending: a round is evaluation and alert state, not an alert storm's
      // notifications (bench:notify measures those).
      return {
        alert: `Bench${index % ALERT_PATTERNS.length}v${variant}`,
        expr: pattern?.(`j${job}`, variant),
        for: '1h',
      };
    });
    return { name: `bench-j${job}`, interval: `${INTERVAL_MS / 1000}s`, rules };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ForewarnRound {
  readonly slotMs: number;
  /** From the slot's start to the last group's slot seen committed. */
  readonly seconds: number;
  /** The groups' own durations (`rule_group_evaluations.last_duration_ms`), summed. */
  readonly groupSeconds: number;
}

/**
 * Watches `rule_group_evaluations` until `count` whole slots (after the one running at start, which began before the
 * scheduler did) have every group committed.
 */
async function forewarnRounds(pool: Pool, groups: number, count: number): Promise<ForewarnRound[]> {
  const firstSlotMs = (Math.floor(Date.now() / INTERVAL_MS) + 1) * INTERVAL_MS;
  const done = new Map<number, { seen: number; durationMs: number; lastSeenMs: number }>();
  const seenGroups = new Map<string, number>();
  // A round that takes minutes has missed the point; a group whose transaction failed never records its slot.
  const deadline = firstSlotMs + (count + 2) * INTERVAL_MS + 3 * 60_000;
  const rounds: ForewarnRound[] = [];
  while (rounds.length < count) {
    if (Date.now() > deadline) {
      const { rows: errors } = await pool.query<{ group_name: string; last_error: string | null }>(
        `SELECT group_name, last_error FROM public.rule_group_evaluations WHERE last_error IS NOT NULL`,
      );
      throw new Error(
        `only ${rounds.length} of ${count} rounds finished in time (${JSON.stringify(rounds)}); ` +
          `groups' slots seen: ${JSON.stringify([...done.entries()])}; errors: ${JSON.stringify(errors)}`,
      );
    }
    const { rows } = await pool.query<{ group_name: string; slot_ms: number; last_duration_ms: number }>(
      `SELECT group_name, (extract(epoch FROM last_slot_at) * 1000)::float8 AS slot_ms, last_duration_ms
       FROM public.rule_group_evaluations WHERE group_name LIKE 'bench-%'`,
    );
    const nowMs = Date.now();
    for (const row of rows) {
      const slotMs = Number(row.slot_ms);
      if (slotMs < firstSlotMs || seenGroups.get(row.group_name) === slotMs) {
        continue;
      }
      seenGroups.set(row.group_name, slotMs);
      const slot = done.get(slotMs) ?? { seen: 0, durationMs: 0, lastSeenMs: 0 };
      done.set(slotMs, {
        seen: slot.seen + 1,
        durationMs: slot.durationMs + row.last_duration_ms,
        lastSeenMs: nowMs,
      });
    }
    for (const [slotMs, slot] of [...done.entries()].sort(([a], [b]) => a - b)) {
      if (slot.seen === groups) {
        rounds.push({
          slotMs,
          seconds: (slot.lastSeenMs - slotMs) / 1000,
          groupSeconds: slot.durationMs / 1000,
        });
        done.delete(slotMs);
        say(
          `  forewarn slot ${new Date(slotMs).toISOString()}: round ${((slot.lastSeenMs - slotMs) / 1000).toFixed(2)} s, ` +
            `groups' own durations ${(slot.durationMs / 1000).toFixed(2)} s summed`,
        );
      }
    }
    await sleep(POLL_MS);
  }
  return rounds.slice(0, count);
}

/** `name{labels} value` lines of one metric in a text exposition, by their rule_group label. */
function byRuleGroup(metrics: string, name: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    const match = /^(\w+)\{.*rule_group="([^"]+)".*\} (\S+)$/.exec(line);
    if (match?.[1] === name && match[2] !== undefined) {
      result.set(match[2], Number(match[3]));
    }
  }
  return result;
}

interface PrometheusRound {
  /** The groups' `prometheus_rule_group_last_duration_seconds`: largest (they run concurrently) and summed. */
  readonly maxSeconds: number;
  readonly sumSeconds: number;
}

/** After every group of Prometheus has been evaluated `count` more times, one reading per group iteration. */
async function prometheusRounds(prometheus: PrometheusServer, count: number): Promise<PrometheusRound[]> {
  const iterations = async () =>
    byRuleGroup(await prometheus.metrics(), 'prometheus_rule_group_iterations_total');
  const rounds: PrometheusRound[] = [];
  let last = Math.min(...(await iterations()).values());
  const deadline = Date.now() + (count + 2) * INTERVAL_MS + 10 * 60_000;
  while (rounds.length < count && Date.now() < deadline) {
    await sleep(POLL_MS * 5);
    const metrics = await prometheus.metrics();
    const done = Math.min(...byRuleGroup(metrics, 'prometheus_rule_group_iterations_total').values());
    if (done > last) {
      last = done;
      const durations = [...byRuleGroup(metrics, 'prometheus_rule_group_last_duration_seconds').values()];
      const round = {
        maxSeconds: Math.max(...durations),
        sumSeconds: durations.reduce((sum, value) => sum + value, 0),
      };
      rounds.push(round);
      say(
        `  Prometheus round: groups' last durations largest ${round.maxSeconds.toFixed(3)} s, ` +
          `summed ${round.sumSeconds.toFixed(3)} s`,
      );
    }
  }
  if (rounds.length < count) {
    throw new Error(`Prometheus evaluated only ${rounds.length} of ${count} rounds in time`);
  }
  return rounds;
}

async function main(): Promise<void> {
  const version = prometheusVersion();
  if (version === undefined) {
    throw new Error('prometheus is not installed (apt-get install -y prometheus)');
  }
  const series = benchSeries(scale);
  const groups = ruleGroups();
  say(
    `evaluation benchmark: ${RULES.toLocaleString('en')} threshold rules in ${groups.length} groups every ` +
      `${INTERVAL_MS / 1000} s over ${series.length.toLocaleString('en')} series, forewarn (scheduler, queue, ` +
      `worker, PostgreSQL) vs ${version}`,
  );
  await resetBenchData(reuse);
  const rulesDir = await mkdtemp(join(tmpdir(), 'forewarn-bench-eval-'));
  const rulesYaml = stringify({ groups });
  await writeFile(join(rulesDir, 'bench.yaml'), rulesYaml);
  await writeFile(join(BENCH_WORK_DIR, 'rules.yml'), rulesYaml);
  const loadConfig = parseConfig({
    ...process.env,
    DATABASE_URL: BENCH_DATABASE_URL,
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  });
  // The data first (with a worker only: no rules are evaluated while it loads).
  const loader = await startComponents(['worker'], loadConfig);
  try {
    const loadedAtMs = await benchData(loader.app, loader.app.get<Pool>(PG_POOL), series, reuse);
    if (Date.now() > loadedAtMs + 3 * 3_600_000 - 10 * 60_000) {
      throw new Error('the reused data ends within 10 minutes: load it again (without --reuse)');
    }
  } finally {
    await loader.close();
  }

  say('Prometheus evaluating the rules:');
  const prometheus = await PrometheusServer.start(
    BENCH_WORK_DIR,
    join(BENCH_WORK_DIR, 'tsdb'),
    10 * 60_000,
    `global:\n  evaluation_interval: ${INTERVAL_MS / 1000}s\nrule_files: [rules.yml]\nscrape_configs: []\n`,
  );
  let theirs: PrometheusRound[];
  try {
    await prometheusRounds(prometheus, 1); // its first round runs on cold caches
    theirs = await prometheusRounds(prometheus, rounds);
  } finally {
    await prometheus.stop();
  }

  say('forewarn evaluating the rules:');
  const running = await startComponents(
    ['scheduler', 'worker'],
    parseConfig({
      ...process.env,
      DATABASE_URL: BENCH_DATABASE_URL,
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
      RULES_DIR: rulesDir,
      RULES_WATCH: 'false',
    }),
  );
  let ours: ForewarnRound[];
  try {
    const loaded = running.app.get(RuleRegistry, { strict: false }).allGroups().length;
    if (loaded !== groups.length) {
      throw new Error(`forewarn loaded ${loaded} of the ${groups.length} rule groups (see the errors above)`);
    }
    const pool = running.app.get<Pool>(PG_POOL);
    await pool.query(`DELETE FROM public.rule_group_evaluations WHERE group_name LIKE 'bench-%'`);
    ours = (await forewarnRounds(pool, groups.length, rounds + 1)).slice(1); // the first on cold caches
    const { rows } = await pool.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM public.alerts WHERE group_name LIKE 'bench-%' GROUP BY state`,
    );
    say(`  forewarn's alerts after the last round: ${JSON.stringify(rows)}`);
  } finally {
    await running.close();
    await rm(rulesDir, { recursive: true, force: true });
  }

  const roundSeconds = median(ours.map((round) => round.seconds));
  const targetSeconds = (INTERVAL_MS / 1000) * TARGET_SHARE;
  const prometheusMax = median(theirs.map((round) => round.maxSeconds));
  const prometheusSum = median(theirs.map((round) => round.sumSeconds));
  say(
    `forewarn   : median round ${roundSeconds.toFixed(2)} s of the ${INTERVAL_MS / 1000} s interval ` +
      `(${((100 * roundSeconds * 1000) / INTERVAL_MS).toFixed(0)}%; target ≤ ${targetSeconds.toFixed(0)} s: ` +
      `${roundSeconds <= targetSeconds ? 'met' : 'NOT met'}); groups' own durations summed: median ` +
      `${median(ours.map((round) => round.groupSeconds)).toFixed(2)} s`,
  );
  say(
    `Prometheus : prometheus_rule_group_last_duration_seconds, median of ${rounds} rounds: largest group ` +
      `${prometheusMax.toFixed(3)} s (its groups run concurrently), all groups summed ${prometheusSum.toFixed(3)} s`,
  );
  say(
    `ratio      : forewarn's round ${(roundSeconds / prometheusMax).toFixed(1)}x Prometheus's largest group, ` +
      `${(roundSeconds / prometheusSum).toFixed(1)}x its groups summed`,
  );
  say(`machine    : ${loadAverage()}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
