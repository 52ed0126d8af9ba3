import { InvalidDurationError, formatDuration, parseDuration } from '../time/duration';
import { isRecord } from './describe-value';
import { PositionedProblem } from './parse-rule-yaml';
import { MAX_HORIZON_LOOKBACKS } from './forecast-rule.schema';
import { DEFAULT_TREND_WINDOW_MS, MIN_PROFILE_DAYS } from '../forecast/seasonal-linear-forecast';
import { DEFAULT_GROUP_INTERVAL_MS } from './rule-file.schema';
import { DataPath, SourcePosition, YamlLocator } from './yaml-positions';

/**
 * Checks across entries that the schema cannot express, and warnings: duplicate rule names in a group, `for`
 * shorter than the group interval, an SLO objective written as a ratio, a forecast horizon far beyond its lookback.
 * They walk the raw data leniently so they run even when other parts of the file are broken.
 */

export interface GroupNameAt extends SourcePosition {
  readonly name: string;
}

/** The keys that name a rule, and how messages call a rule named by each. */
const NAME_KEYS = [
  ['alert', 'alert'],
  ['slo', 'SLO'],
  ['record', 'recording rule'],
] as const;

/** Each group's `name` and where it is written, for duplicate checks within and across files. */
export function groupNames(data: unknown, locator: YamlLocator): GroupNameAt[] {
  return groupsOf(data).flatMap(({ group, index }) =>
    typeof group.name === 'string' ? [{ name: group.name, ...locator.value(['groups', index, 'name']) }] : [],
  );
}

export function ruleChecks(data: unknown, locator: YamlLocator): PositionedProblem[] {
  return groupsOf(data).flatMap(({ group, index }) => [
    ...duplicateRuleNames(group, index, locator),
    ...shortForWarnings(group, index, locator),
    ...rulesOf(group).flatMap(({ rule, index: ruleIndex }) => {
      const at = (key: string) => locator.value(['groups', index, 'rules', ruleIndex, key]);
      return [...objectiveWarnings(rule, at), ...horizonWarnings(rule, at), ...trendWindowProblems(rule, at)];
    }),
  ]);
}

/** Alerts, SLOs and recording rules share one namespace per group. Positions are looked up only for duplicates. */
function duplicateRuleNames(group: Record<string, unknown>, groupIndex: number, locator: YamlLocator) {
  const problems: PositionedProblem[] = [];
  const first = new Map<string, DataPath>();
  for (const { rule, index } of rulesOf(group)) {
    for (const [key, noun] of NAME_KEYS) {
      const name = rule[key];
      if (typeof name !== 'string') {
        continue;
      }
      const path = ['groups', groupIndex, 'rules', index, key];
      const earlier = first.get(name);
      if (earlier === undefined) {
        first.set(name, path);
        continue;
      }
      const inGroup = typeof group.name === 'string' ? ` in group "${group.name}"` : '';
      const message = `duplicate ${noun} "${name}"${inGroup} (first defined at line ${locator.value(earlier).line})`;
      problems.push({ ...locator.value(path), severity: 'error', message });
    }
  }
  return problems;
}

function objectiveWarnings(rule: Record<string, unknown>, at: (key: string) => SourcePosition) {
  const objective = rule.objective;
  if (rule.kind !== 'slo' || typeof objective !== 'number' || !(objective > 0 && objective < 1)) {
    return [];
  }
  const percent = Number((objective * 100).toPrecision(12));
  const message = `objective ${objective} looks like a ratio; objectives are percentages, e.g. ${percent}`;
  return [{ ...at('objective'), severity: 'warning' as const, message }];
}

function horizonWarnings(rule: Record<string, unknown>, at: (key: string) => SourcePosition) {
  const lookbackMs = tryDuration(rule.lookback);
  const horizonMs = tryDuration(rule.horizon);
  if (rule.kind !== 'forecast' || lookbackMs === undefined || horizonMs === undefined || lookbackMs <= 0) {
    return [];
  }
  if (horizonMs <= MAX_HORIZON_LOOKBACKS * lookbackMs) {
    return [];
  }
  const message =
    `horizon ${formatDuration(horizonMs)} is more than ${MAX_HORIZON_LOOKBACKS} times the lookback ` +
    `${formatDuration(lookbackMs)}; the forecast extrapolates far beyond the data it is fitted on`;
  return [{ ...at('horizon'), severity: 'warning' as const, message }];
}

const DAY_MS = 86_400_000;

/**
 * `trend_window` belongs to `seasonal_linear` (an error elsewhere), and a `seasonal_linear` lookback needs whole days
 * before the trend window for the daily shape: without them the rule never forecasts (a warning).
 */
function trendWindowProblems(rule: Record<string, unknown>, at: (key: string) => SourcePosition) {
  if (rule.kind !== 'forecast') {
    return [];
  }
  if (rule.method !== 'seasonal_linear') {
    if (rule.trend_window === undefined) {
      return [];
    }
    const message = `trend_window applies to method seasonal_linear only, not ${String(rule.method)}`;
    return [{ ...at('trend_window'), severity: 'error' as const, message }];
  }
  const lookbackMs = tryDuration(rule.lookback);
  const trendWindowMs =
    rule.trend_window === undefined ? DEFAULT_TREND_WINDOW_MS : tryDuration(rule.trend_window);
  if (lookbackMs === undefined || trendWindowMs === undefined) {
    return [];
  }
  const neededMs = trendWindowMs + MIN_PROFILE_DAYS * DAY_MS;
  if (lookbackMs >= neededMs) {
    return [];
  }
  const message =
    `lookback ${formatDuration(lookbackMs)} is shorter than the trend window plus ${MIN_PROFILE_DAYS} days ` +
    `(${formatDuration(neededMs)}): seasonal_linear learns the daily shape from whole days before the trend window ` +
    'and never forecasts without them; 7d is a good lookback';
  return [{ ...at('lookback'), severity: 'warning' as const, message }];
}

function shortForWarnings(group: Record<string, unknown>, groupIndex: number, locator: YamlLocator) {
  const intervalMs = group.interval === undefined ? DEFAULT_GROUP_INTERVAL_MS : tryDuration(group.interval);
  if (intervalMs === undefined) {
    return [];
  }
  const problems: PositionedProblem[] = [];
  for (const { rule, index } of rulesOf(group)) {
    const forMs = tryDuration(rule.for);
    if (forMs !== undefined && forMs > 0 && forMs < intervalMs) {
      const at = locator.value(['groups', groupIndex, 'rules', index, 'for']);
      const message =
        `for ${formatDuration(forMs)} is shorter than the group interval ${formatDuration(intervalMs)}; ` +
        'the alert can fire on one evaluation';
      problems.push({ ...at, severity: 'warning', message });
    }
  }
  return problems;
}

function groupsOf(data: unknown): Array<{ group: Record<string, unknown>; index: number }> {
  const groups = isRecord(data) ? data.groups : undefined;
  return recordsOf(groups).map(({ record, index }) => ({ group: record, index }));
}

function rulesOf(group: Record<string, unknown>): Array<{ rule: Record<string, unknown>; index: number }> {
  return recordsOf(group.rules).map(({ record, index }) => ({ rule: record, index }));
}

function recordsOf(list: unknown): Array<{ record: Record<string, unknown>; index: number }> {
  if (!Array.isArray(list)) {
    return [];
  }
  return list.flatMap((record: unknown, index) => (isRecord(record) ? [{ record, index }] : []));
}

function tryDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    return parseDuration(value);
  } catch (error) {
    if (error instanceof InvalidDurationError) {
      return undefined;
    }
    throw error;
  }
}
