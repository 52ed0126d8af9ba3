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

/** Why the alert is held back on `route` now, or undefined when it goes through. Time intervals first, as in Alertmanager. */
export function muteReason(labels: Labels, route: RouteOptions, context: MuteContext): string | undefined {
  if (isRouteMuted(route, context.timeIntervals, context.nowMs)) {
    const names = [...route.muteTimeIntervals, ...route.activeTimeIntervals];
    return `muted by time interval ${names.join(', ')}`;
  }
  const [inhibitor] = inhibitingAlerts(labels, context.firingAlerts, context.inhibitRules);
  if (inhibitor !== undefined) {
    return `inhibited by ${formatLabels(inhibitor)}`;
  }
  const silences = silencedBy(labels, context.silences, context.nowMs);
  if (silences.length > 0) {
    return `silenced by ${silences.join(', ')}`;
  }
  return undefined;
}
