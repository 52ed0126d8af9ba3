import { Labels } from '../model';
import { sortLabels } from '../labels/labels';
import { LabelMatcher, formatMatchers, matchersMatch, parseMatcher } from './label-matchers';
import { GROUP_BY_ALL, RawRoute } from './routing-config.schema';
import { TimeInterval, isInAnyTimeInterval } from './time-interval';

/**
 * The routing tree, as Alertmanager's `dispatch/route.go`: options are inherited from the parent, matching is
 * depth-first and left to right, a matching route without `continue` stops its later siblings, and a route is
 * itself a match only when none of its children matched.
 */

export interface RouteOptions {
  readonly receiver: string;
  /** Labels to group by; empty with `groupByAll` when `group_by: ['...']`. */
  readonly groupBy: readonly string[];
  readonly groupByAll: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
}

export interface Route extends RouteOptions {
  /** Alertmanager's route ID: the matchers of every route on the path, with this route's position among siblings. */
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly continue: boolean;
  readonly routes: readonly Route[];
}

/** Options of the root route before the file's own settings (Alertmanager's, except forewarn's `group_by`). */
export const DEFAULT_ROUTE_OPTIONS: RouteOptions = {
  receiver: '',
  groupBy: ['service', 'alertname'],
  groupByAll: false,
  groupWaitMs: 30_000,
  groupIntervalMs: 5 * 60_000,
  repeatIntervalMs: 4 * 3_600_000,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
};

/** Builds the tree from the parsed `route:`, applying defaults and inheritance (Alertmanager's `NewRoute`). */
export function buildRouteTree(raw: RawRoute): Route {
  return buildRoute(raw, DEFAULT_ROUTE_OPTIONS, undefined);
}

function buildRoute(
  raw: RawRoute,
  inherited: RouteOptions,
  parent: { key: string; position: number } | undefined,
): Route {
  const groupByAll = raw.group_by === undefined ? inherited.groupByAll : raw.group_by.includes(GROUP_BY_ALL);
  const groupBy =
    raw.group_by === undefined ? inherited.groupBy : groupByAll ? [] : [...new Set(raw.group_by)].sort();
  const options: RouteOptions = {
    receiver: raw.receiver ?? inherited.receiver,
    groupBy,
    groupByAll,
    groupWaitMs: raw.group_wait ?? inherited.groupWaitMs,
    groupIntervalMs: raw.group_interval ?? inherited.groupIntervalMs,
    repeatIntervalMs: raw.repeat_interval ?? inherited.repeatIntervalMs,
    // Not inherited, as in Alertmanager: each route names its own intervals.
    muteTimeIntervals: raw.mute_time_intervals ?? [],
    activeTimeIntervals: raw.active_time_intervals ?? [],
  };
  const matchers = routeMatchers(raw);
  const key = `${parent === undefined ? '' : `${parent.key}/`}${formatMatchers(matchers)}`;
  const id = parent === undefined ? key : `${key}/${parent.position}`;
  const routes = (raw.routes ?? []).map((child, position) => buildRoute(child, options, { key, position }));
  return { ...options, id, matchers, continue: raw.continue ?? false, routes };
}

/** `match`, `match_re` and `matchers` together, sorted by label name as Alertmanager does. */
export function routeMatchers(raw: {
  readonly match?: Readonly<Record<string, string>>;
  readonly match_re?: Readonly<Record<string, string>>;
  readonly matchers?: readonly LabelMatcher[];
}): LabelMatcher[] {
  const matchers: LabelMatcher[] = [
    ...Object.entries(raw.match ?? {}).map(([name, value]) => ({ name, op: '=' as const, value })),
    ...Object.entries(raw.match_re ?? {}).map(([name, value]) => ({ name, op: '=~' as const, value })),
    ...(raw.matchers ?? []),
  ];
  return matchers.sort((a, b) => compare(a.name, b.name) || compare(a.op, b.op) || compare(a.value, b.value));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The routes an alert with `labels` goes to, in order (Alertmanager's `Route.Match`); empty when the root fails. */
export function matchRoutes(root: Route, labels: Labels): Route[] {
  if (!matchersMatch(root.matchers, labels)) {
    return [];
  }
  const all: Route[] = [];
  for (const child of root.routes) {
    const matches = matchRoutes(child, labels);
    all.push(...matches);
    if (matches.length > 0 && !child.continue) {
      break;
    }
  }
  return all.length === 0 ? [root] : all;
}

/** Every route, depth-first, parents before children (Alertmanager's `Walk`). */
export function walkRoutes(root: Route): Route[] {
  return [root, ...root.routes.flatMap(walkRoutes)];
}

/** The labels an alert is grouped by on `route`: all of them for `['...']`; empty values are left out. */
export function groupLabels(route: RouteOptions, labels: Labels): Labels {
  const sorted = sortLabels(labels);
  if (route.groupByAll) {
    return sorted;
  }
  const grouped: Record<string, string> = {};
  for (const name of route.groupBy) {
    const value = sorted[name];
    if (value !== undefined) {
      grouped[name] = value;
    }
  }
  return grouped;
}

/** What `amtool config routes test` prints: the receivers of the matching routes, comma-separated. */
export function formatRouteTest(root: Route, labels: Labels): string {
  return matchRoutes(root, labels)
    .map((route) => route.receiver)
    .join(',');
}

export type ParsedRouteTestLabels =
  { readonly ok: true; readonly labels: Labels } | { readonly ok: false; readonly message: string };

/** The `label=value ...` arguments of `routing test`, parsed as amtool does: matchers that must be equality. */
export function parseRouteTestLabels(args: readonly string[]): ParsedRouteTestLabels {
  const labels: Record<string, string> = {};
  for (const arg of args) {
    const parsed = parseMatcher(arg);
    if (!parsed.ok) {
      return { ok: false, message: `failed to parse labels: ${parsed.message}` };
    }
    for (const matcher of parsed.matchers) {
      if (matcher.op !== '=') {
        return { ok: false, message: 'labels must be specified as key=value pairs' };
      }
      labels[matcher.name] = matcher.value;
    }
  }
  return { ok: true, labels };
}

/**
 * Whether notifications of `route` are held back at `nowMs` (Alertmanager's time mute and time active stages): inside
 * any of its `mute_time_intervals`, or outside all of its `active_time_intervals` when it has some. Interval names
 * are checked by the loader; an unknown one here counts as empty.
 */
export function isRouteMuted(
  route: RouteOptions,
  timeIntervals: ReadonlyMap<string, readonly TimeInterval[]>,
  nowMs: number,
): boolean {
  const inAny = (names: readonly string[]) =>
    names.some((name) => isInAnyTimeInterval(timeIntervals.get(name) ?? [], nowMs));
  if (inAny(route.muteTimeIntervals)) {
    return true;
  }
  return route.activeTimeIntervals.length > 0 && !inAny(route.activeTimeIntervals);
}
