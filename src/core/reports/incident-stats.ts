import { DurationStats, durationStats } from './duration-stats';
import { ReportIncident } from './report-incident';

/**
 * The numbers of a set of incidents, all measured from `startedAt`:
 * - MTTA over the acknowledged ones (acknowledged − started); the others are counted as `unacknowledged`;
 * - MTTR over the resolved ones (resolved − started); still-open ones are excluded and counted as `open`;
 * - time in breach: how long at least one of them was open (the union of their [started, resolved) spans, an open
 *   one until `nowMs`), so two overlapping incidents of a service count their overlap once.
 * The caller decides which incidents belong to a period; reports put an incident in the period it started in, with
 * its whole duration, even when it resolved in a later period.
 */
export interface IncidentStats {
  readonly incidents: number;
  readonly open: number;
  readonly unacknowledged: number;
  readonly mtta: DurationStats;
  readonly mttr: DurationStats;
  readonly timeInBreachMs: number;
}

export function incidentStats(incidents: readonly ReportIncident[], nowMs: number): IncidentStats {
  const ackDurations: number[] = [];
  const resolveDurations: number[] = [];
  for (const incident of incidents) {
    if (incident.acknowledgedAtMs !== null) {
      ackDurations.push(Math.max(0, incident.acknowledgedAtMs - incident.startedAtMs));
    }
    if (incident.resolvedAtMs !== null) {
      resolveDurations.push(Math.max(0, incident.resolvedAtMs - incident.startedAtMs));
    }
  }
  return {
    incidents: incidents.length,
    open: incidents.length - resolveDurations.length,
    unacknowledged: incidents.length - ackDurations.length,
    mtta: durationStats(ackDurations),
    mttr: durationStats(resolveDurations),
    timeInBreachMs: unionLengthMs(
      incidents.map((incident) => [
        incident.startedAtMs,
        incident.resolvedAtMs ?? Math.max(nowMs, incident.startedAtMs),
      ]),
    ),
  };
}

/** Total length of the union of `[start, end)` spans. */
export function unionLengthMs(spans: ReadonlyArray<readonly [number, number]>): number {
  const sorted = spans.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const [start, end] of sorted) {
    if (current === undefined || start > current[1]) {
      total += current === undefined ? 0 : current[1] - current[0];
      current = [start, end];
    } else {
      current[1] = Math.max(current[1], end);
    }
  }
  return total + (current === undefined ? 0 : current[1] - current[0]);
}
