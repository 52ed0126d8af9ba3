import { Labels } from '../model';
import { RouteOptions } from '../routing/route-tree';
import { DedupDecision, NotificationLogEntry, needsUpdate } from './dedup';
import { MuteContext, MuteVerdict, muteVerdict } from './mute';

/**
 * One flush of a notification group (Alertmanager's `aggrGroup.flush` through the notify pipeline), pure: mute each
 * alert, then per receiver integration decide against the notification log whether to send and what, and say when
 * the group is flushed next and whether the incident is over.
 */

export interface GroupMember {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly state: 'firing' | 'resolved';
  readonly resolvedAtMs?: number;
}

export interface GroupIntegration {
  /** Stable name of the integration within the receiver, e.g. `slack:#checkout`; keys the notification log. */
  readonly key: string;
  readonly sendResolved: boolean;
}

export interface FlushInput<I extends GroupIntegration = GroupIntegration> {
  readonly members: readonly GroupMember[];
  readonly route: RouteOptions;
  readonly integrations: readonly I[];
  readonly log: ReadonlyMap<string, NotificationLogEntry>;
  readonly mute: MuteContext;
}

export interface IntegrationFlush<I extends GroupIntegration = GroupIntegration> {
  readonly integration: I;
  readonly decision: DedupDecision;
  /** Fingerprints to show: the firing ones, and the resolved ones when the integration sends resolved alerts. */
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
  /** Whether a message goes out: a decision to send with nothing to show (all resolved, no send_resolved) only updates the log. */
  readonly deliver: boolean;
}

export interface FlushPlan<I extends GroupIntegration = GroupIntegration> {
  /** Why each member that is held back is held back, by fingerprint. */
  readonly muted: ReadonlyMap<string, MuteVerdict>;
  readonly integrations: readonly IntegrationFlush<I>[];
  /** The incident is over: nothing of it is firing any more. */
  readonly closed: boolean;
  readonly resolvedAtMs?: number;
  /** When to flush again; undefined once closed. */
  readonly nextFlushAtMs?: number;
}

export function planFlush<I extends GroupIntegration>(input: FlushInput<I>): FlushPlan<I> {
  const { mute } = input;
  const muted = new Map<string, MuteVerdict>();
  for (const member of input.members) {
    const verdict = muteVerdict(member.labels, input.route, mute);
    if (verdict !== undefined) {
      muted.set(member.fingerprint, verdict);
    }
  }
  const shown = input.members.filter((member) => !muted.has(member.fingerprint));
  const firing = new Set(shown.filter((m) => m.state === 'firing').map((m) => m.fingerprint));
  const resolved = new Set(shown.filter((m) => m.state === 'resolved').map((m) => m.fingerprint));
  const integrations = input.integrations.map((integration): IntegrationFlush<I> => {
    const decision = needsUpdate(
      input.log.get(integration.key),
      firing,
      resolved,
      integration.sendResolved,
      input.route.repeatIntervalMs,
      mute.nowMs,
    );
    const shownResolved = integration.sendResolved ? [...resolved] : [];
    return {
      integration,
      decision,
      firing: [...firing],
      resolved: shownResolved,
      deliver: decision.send && firing.size + shownResolved.length > 0,
    };
  });
  const closed = input.members.every((member) => member.state === 'resolved');
  const resolvedAtMs = closed
    ? Math.max(...input.members.map((member) => member.resolvedAtMs ?? mute.nowMs))
    : undefined;
  return {
    muted,
    integrations,
    closed,
    ...(closed ? { resolvedAtMs } : { nextFlushAtMs: mute.nowMs + input.route.groupIntervalMs }),
  };
}

/** When a group that gets a new alert is flushed first: after group_wait, or at once for an alert that began before that (Alertmanager). */
export function firstFlushAtMs(route: RouteOptions, alertStartMs: number, nowMs: number): number {
  return alertStartMs + route.groupWaitMs <= nowMs ? nowMs : nowMs + route.groupWaitMs;
}
