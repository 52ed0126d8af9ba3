import { seededRandom } from 'src/core/detectors/synthetic-series';

/**
 * The made-up history of `npm run seed:history`: 8 weeks of incidents of five services, deterministic for a given
 * `nowMs` (a seeded generator), so the pages and reports show something on first start and tests can count on it.
 * Rule names, severities and behaviour are chosen to look like a real on-call week: a noisy queue alert nobody
 * acknowledges, checkout latency after deploys, a nightly batch that breaches, one or two incidents still open.
 */
export interface SeedIncident {
  readonly id: string;
  readonly service: string;
  readonly team: string;
  readonly severity: 'critical' | 'warning' | 'info';
  readonly groupName: string;
  readonly ruleName: string;
  readonly title: string;
  readonly summary: string;
  readonly threshold: number;
  readonly startedAtMs: number;
  readonly acknowledgedAtMs: number | null;
  readonly acknowledgedBy: string | null;
  readonly resolvedAtMs: number | null;
  readonly fingerprints: readonly string[];
}

export interface SeedDeploy {
  readonly service: string;
  readonly atMs: number;
  readonly version: string;
  readonly author: string;
}

interface RuleProfile {
  readonly service: string;
  readonly team: string;
  readonly groupName: string;
  readonly ruleName: string;
  readonly severity: SeedIncident['severity'];
  readonly perWeek: number;
  /** Share of incidents someone acknowledges. */
  readonly ackShare: number;
  readonly ackMinutes: readonly [number, number];
  readonly resolveMinutes: readonly [number, number];
  readonly summary: string;
  readonly threshold: number;
  readonly series: number;
}

const PROFILES: readonly RuleProfile[] = [
  {
    service: 'checkout',
    team: 'payments',
    groupName: 'checkout',
    ruleName: 'CheckoutLatencyHigh',
    severity: 'critical',
    perWeek: 2,
    ackShare: 0.95,
    ackMinutes: [1, 12],
    resolveMinutes: [12, 95],
    summary: 'p99 checkout latency above 500 ms',
    threshold: 0.5,
    series: 2,
  },
  {
    service: 'checkout',
    team: 'payments',
    groupName: 'checkout',
    ruleName: 'CheckoutErrorBudgetBurn',
    severity: 'critical',
    perWeek: 0.6,
    ackShare: 1,
    ackMinutes: [2, 8],
    resolveMinutes: [30, 240],
    summary: 'checkout availability burning its budget 14x',
    threshold: 14.4,
    series: 1,
  },
  {
    service: 'search',
    team: 'discovery',
    groupName: 'search',
    ruleName: 'SearchIndexLag',
    severity: 'warning',
    perWeek: 3,
    ackShare: 0.6,
    ackMinutes: [5, 45],
    resolveMinutes: [20, 180],
    summary: 'search index 10 minutes behind',
    threshold: 600,
    series: 3,
  },
  {
    service: 'auth',
    team: 'identity',
    groupName: 'auth',
    ruleName: 'LoginFailuresAnomalous',
    severity: 'warning',
    perWeek: 1.2,
    ackShare: 0.8,
    ackMinutes: [3, 25],
    resolveMinutes: [10, 60],
    summary: 'login failures outside the expected band',
    threshold: 40,
    series: 1,
  },
  {
    service: 'inventory',
    team: 'supply',
    groupName: 'inventory',
    ruleName: 'NightlySyncLate',
    severity: 'warning',
    perWeek: 1.5,
    ackShare: 0.5,
    ackMinutes: [20, 240],
    resolveMinutes: [60, 400],
    summary: 'nightly stock sync has not finished',
    threshold: 1,
    series: 1,
  },
  {
    service: 'inventory',
    team: 'supply',
    groupName: 'inventory',
    ruleName: 'DiskWillFill',
    severity: 'info',
    perWeek: 0.7,
    ackShare: 0.3,
    ackMinutes: [30, 600],
    resolveMinutes: [120, 1440],
    summary: 'disk forecast to fill within 24 h',
    threshold: 0.9,
    series: 2,
  },
  {
    service: 'notifications',
    team: 'platform',
    groupName: 'platform',
    ruleName: 'QueueBacklogHigh',
    severity: 'warning',
    perWeek: 6,
    ackShare: 0.15,
    ackMinutes: [10, 60],
    resolveMinutes: [3, 25],
    summary: 'notification queue backlog above 10k',
    threshold: 10_000,
    series: 2,
  },
];

const MINUTE = 60_000;
const WEEK = 7 * 86_400_000;

/** A uuid made from the generator (valid v4 layout), so seeded ids are stable for a given now. */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** Minutes between `low` and `high`, skewed towards `low` (most incidents are short). */
const skewed = (random: () => number, [low, high]: readonly [number, number]) =>
  low + (high - low) * random() ** 2;

export function seedHistoryData(
  nowMs: number,
  weeks = 8,
): { incidents: SeedIncident[]; deploys: SeedDeploy[] } {
  const random = seededRandom(20261207);
  const fromMs = nowMs - weeks * WEEK;
  const incidents: SeedIncident[] = [];
  for (const profile of PROFILES) {
    const count = Math.round(profile.perWeek * weeks);
    for (let index = 0; index < count; index += 1) {
      const startedAtMs = Math.floor((fromMs + random() * (nowMs - fromMs - 30 * MINUTE)) / 1000) * 1000;
      const acked = random() < profile.ackShare;
      const ackMs = acked ? Math.round(skewed(random, profile.ackMinutes) * MINUTE) : null;
      const resolveMs = Math.round(skewed(random, profile.resolveMinutes) * MINUTE);
      const resolvedAtMs = startedAtMs + resolveMs <= nowMs ? startedAtMs + resolveMs : null;
      const fingerprints = Array.from(
        { length: 1 + Math.floor(random() * profile.series) },
        (_, n) => `seed-${profile.ruleName}-${n}`,
      );
      incidents.push({
        id: uuid(random),
        service: profile.service,
        team: profile.team,
        severity: profile.severity,
        groupName: profile.groupName,
        ruleName: profile.ruleName,
        title: `${profile.ruleName} (${profile.service})`,
        summary: profile.summary,
        threshold: profile.threshold,
        startedAtMs,
        acknowledgedAtMs: ackMs === null ? null : Math.min(startedAtMs + ackMs, nowMs),
        acknowledgedBy: acked ? (['ana', 'bo', 'chen', 'dee'][Math.floor(random() * 4)] ?? 'ana') : null,
        resolvedAtMs,
        fingerprints,
      });
    }
  }
  // One checkout incident still firing and unacknowledged right now, for the overview and the Acknowledge button.
  incidents.push({
    id: uuid(random),
    service: 'checkout',
    team: 'payments',
    severity: 'critical',
    groupName: 'checkout',
    ruleName: 'CheckoutLatencyHigh',
    title: 'CheckoutLatencyHigh (checkout)',
    summary: 'p99 checkout latency above 500 ms',
    threshold: 0.5,
    startedAtMs: Math.floor((nowMs - 25 * MINUTE) / 1000) * 1000,
    acknowledgedAtMs: null,
    acknowledgedBy: null,
    resolvedAtMs: null,
    fingerprints: ['seed-CheckoutLatencyHigh-0'],
  });
  const deploys: SeedDeploy[] = [];
  for (const service of ['checkout', 'search', 'auth', 'inventory', 'notifications']) {
    for (let day = 0; day < weeks * 7; day += 1 + Math.floor(random() * 3)) {
      deploys.push({
        service,
        atMs: Math.floor((fromMs + day * 86_400_000 + (9 + random() * 8) * 3_600_000) / 1000) * 1000,
        version: `v1.${day}.${Math.floor(random() * 10)}`,
        author: ['ana', 'bo', 'chen', 'dee'][Math.floor(random() * 4)] ?? 'ana',
      });
    }
  }
  deploys.push({
    service: 'checkout',
    atMs: Math.floor((nowMs - 40 * MINUTE) / 1000) * 1000,
    version: 'v2.0.0',
    author: 'ana',
  });
  return { incidents: incidents.sort((a, b) => a.startedAtMs - b.startedAtMs), deploys };
}
