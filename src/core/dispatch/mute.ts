import { formatLabels } from '../labels/labels';
import { Labels } from '../model';
import { InhibitRule } from '../routing/load-routing-config';
import { RouteOptions, isRouteMuted } from '../routing/route-tree';
import { Silence, silencedBy } from '../routing/silence';
import { TimeInterval } from '../routing/time-interval';
import { inhibitingAlerts } from '../routing/inhibit';

/** What the mute stage looks at when a group is flushed (Alertmanager's MuteStage and time mute stages). */
export interface MuteContext {
  readonly silences: readonly Silence[];
  readonly inhibitRules: readonly InhibitRule[];
  /** Labels of every firing alert, silenced or not: a silenced source still inhibits. */
  readonly firingAlerts: readonly Labels[];
  readonly timeIntervals: ReadonlyMap<string, readonly TimeInterval[]>;
  readonly nowMs: number;
}

/** Why an alert is held back: by its route's time intervals, by a firing alert that inhibits it, or by silences. */
export type MuteVerdict =
  | { readonly kind: 'time-interval'; readonly intervals: readonly string[] }
  | { readonly kind: 'inhibited'; readonly by: Labels }
  | { readonly kind: 'silenced'; readonly silenceIds: readonly string[] };

/** Why the alert is held back on `route` now, or undefined when it goes through. Time intervals first, as in Alertmanager. */
export function muteVerdict(
  labels: Labels,
  route: RouteOptions,
  context: MuteContext,
): MuteVerdict | undefined {
  if (isRouteMuted(route, context.timeIntervals, context.nowMs)) {
    return { kind: 'time-interval', intervals: [...route.muteTimeIntervals, ...route.activeTimeIntervals] };
  }
  const [inhibitor] = inhibitingAlerts(labels, context.firingAlerts, context.inhibitRules);
  if (inhibitor !== undefined) {
    return { kind: 'inhibited', by: inhibitor };
  }
  const silenceIds = silencedBy(labels, context.silences, context.nowMs);
  if (silenceIds.length > 0) {
    return { kind: 'silenced', silenceIds };
  }
  return undefined;
}

/** The verdict as stored with the incident's alert and shown in the API and pages. */
export function describeMute(verdict: MuteVerdict): string {
  switch (verdict.kind) {
    case 'time-interval':
      return `muted by time interval ${verdict.intervals.join(', ')}`;
    case 'inhibited':
      return `inhibited by ${formatLabels(verdict.by)}`;
    case 'silenced':
      return `silenced by ${verdict.silenceIds.join(', ')}`;
  }
}
