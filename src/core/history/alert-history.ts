import { Labels } from '../model';
import { AlertHistoryFilters } from './alert-history-filters';

/** One firing episode of an alert (an alert in one or more incidents, from firing to resolved) and what held it back. */
export interface HistoryMute {
  readonly kind: 'silenced' | 'inhibited' | 'time-interval';
  /** `silenced by <ids>`, `inhibited by <labels>`, `muted by time interval <names>`. */
  readonly reason: string;
  readonly startedAtMs: number;
  /** Null while it lasts. */
  readonly endedAtMs: number | null;
}

export interface HistoryAlert {
  readonly groupName: string;
  readonly ruleName: string;
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly state: 'firing' | 'resolved';
  readonly firedAtMs: number;
  readonly resolvedAtMs: number | null;
  readonly incidentIds: readonly string[];
  readonly mutes: readonly HistoryMute[];
}

export interface AlertHistory {
  readonly filters: AlertHistoryFilters;
  /** Episodes matching the filters, in all. */
  readonly total: number;
  /** This page of them, newest first. */
  readonly alerts: readonly HistoryAlert[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `/alerts?format=json`: the same rows as the page. */
export function alertHistoryJson(history: AlertHistory) {
  const { filters } = history;
  return {
    filters: {
      rule: filters.rule ?? null,
      service: filters.service ?? null,
      state: filters.state ?? null,
      from: iso(filters.fromMs),
      to: iso(filters.toMs),
      limit: filters.limit,
      page: filters.page,
    },
    total: history.total,
    shown: history.alerts.length,
    alerts: history.alerts.map((alert) => ({
      group: alert.groupName,
      rule: alert.ruleName,
      fingerprint: alert.fingerprint,
      labels: alert.labels,
      state: alert.state,
      firedAt: iso(alert.firedAtMs),
      resolvedAt: iso(alert.resolvedAtMs),
      incidents: alert.incidentIds,
      mutes: alert.mutes.map((mute) => ({
        kind: mute.kind,
        reason: mute.reason,
        startedAt: iso(mute.startedAtMs),
        endedAt: iso(mute.endedAtMs),
      })),
    })),
  };
}
