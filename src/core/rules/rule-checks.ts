import { InvalidDurationError, formatDuration, parseDuration } from '../time/duration';
import { isRecord } from './describe-value';
import { PositionedProblem } from './parse-rule-yaml';
import { DEFAULT_GROUP_INTERVAL_MS } from './rule-file.schema';
import { SourcePosition, YamlLocator } from './yaml-positions';

/**
 * Checks across entries that the schema cannot express: duplicate alert names in a group, and `for` shorter than
 * the group interval. They walk the raw data leniently so they run even when other parts of the file are broken.
 */

export interface GroupNameAt extends SourcePosition {
  readonly name: string;
}

/** Each group's `name` and where it is written, for duplicate checks within and across files. */
export function groupNames(data: unknown, locator: YamlLocator): GroupNameAt[] {
  return groupsOf(data).flatMap(({ group, index }) =>
    typeof group.name === 'string' ? [{ name: group.name, ...locator.value(['groups', index, 'name']) }] : [],
  );
}

export function ruleChecks(data: unknown, locator: YamlLocator): PositionedProblem[] {
  return groupsOf(data).flatMap(({ group, index }) => [
    ...duplicateAlerts(group, index, locator),
    ...shortForWarnings(group, index, locator),
  ]);
}

function duplicateAlerts(group: Record<string, unknown>, groupIndex: number, locator: YamlLocator) {
  const problems: PositionedProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const { rule, index } of rulesOf(group)) {
    if (typeof rule.alert !== 'string') {
      continue;
    }
    const at = locator.value(['groups', groupIndex, 'rules', index, 'alert']);
    const first = firstLine.get(rule.alert);
    if (first === undefined) {
      firstLine.set(rule.alert, at.line);
      continue;
    }
    const inGroup = typeof group.name === 'string' ? ` in group "${group.name}"` : '';
    const message = `duplicate alert "${rule.alert}"${inGroup} (first defined at line ${first})`;
    problems.push({ ...at, severity: 'error', message });
  }
  return problems;
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
