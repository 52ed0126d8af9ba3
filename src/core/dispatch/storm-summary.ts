/**
 * Storm summaries: when more notifications wait to post new incident messages in one Slack channel than
 * `threshold`, one summary message lists their incidents instead (Slack allows about one post a second per channel,
 * so 300 new incidents would take five minutes to arrive one by one). Every notification summarised is accounted
 * for by the summary; none is dropped.
 */

/** One incident of a summary, as its latest pending notification shows it. */
export interface StormSummaryIncident {
  readonly incidentId: string;
  readonly title: string;
  readonly severity?: string;
  readonly status: 'firing' | 'resolved';
  readonly alerts: number;
  readonly startedAtMs: number;
  readonly incidentUrl: string;
}

/** A pending notification that would post a new message (its incident has none in the channel yet). */
export interface PendingIncidentPost extends StormSummaryIncident {
  readonly outboxId: string;
  /** When the notification was written (its flush). */
  readonly createdAtMs: number;
}

export interface StormSummary {
  readonly channel: string;
  /** The outbox ids of every notification the summary stands for. */
  readonly covers: readonly string[];
  /** Most severe first, then oldest first. */
  readonly incidents: readonly StormSummaryIncident[];
  /** The oldest summarised notification: the summary speaks of what happened since. */
  readonly sinceMs: number;
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, warning: 1, info: 2 };
const rank = (severity: string | undefined) => SEVERITY_RANK[severity ?? ''] ?? 3;

/** The summary of the channel's pending posts when there are more than `threshold` (0: never), else undefined. */
export function planStormSummary(
  channel: string,
  pending: readonly PendingIncidentPost[],
  threshold: number,
): StormSummary | undefined {
  if (threshold <= 0 || pending.length <= threshold) {
    return undefined;
  }
  const latest = new Map<string, PendingIncidentPost>();
  for (const post of [...pending].sort((a, b) => a.createdAtMs - b.createdAtMs)) {
    latest.set(post.incidentId, post);
  }
  const incidents = [...latest.values()]
    .map(({ outboxId: _outboxId, createdAtMs: _createdAtMs, ...incident }): StormSummaryIncident => incident)
    .sort(
      (a, b) =>
        rank(a.severity) - rank(b.severity) ||
        a.startedAtMs - b.startedAtMs ||
        a.incidentId.localeCompare(b.incidentId),
    );
  return {
    channel,
    covers: pending.map((post) => post.outboxId),
    incidents,
    sinceMs: Math.min(...pending.map((post) => post.createdAtMs)),
  };
}
