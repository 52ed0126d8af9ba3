import { Labels } from '../model';

/**
 * One alert of a rule, as Prometheus's `rules/alerting.go` keeps it. `inactive` alerts are resolved ones kept for
 * RESOLVED_RETENTION_MS so that a failed "resolved" notification can still be retried and restarts don't re-page.
 */
export type AlertStatus = 'pending' | 'firing' | 'inactive';

export interface AlertState {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly status: AlertStatus;
  readonly value: number;
  readonly activeAtMs: number;
  readonly firedAtMs?: number;
  readonly resolvedAtMs?: number;
  readonly keepFiringSinceMs?: number;
  readonly lastEvalMs: number;
}

/** A change worth telling someone about. Pending is not: like Prometheus, only firing and resolved notify. */
export interface AlertTransition {
  readonly kind: 'firing' | 'resolved';
  readonly alert: AlertState;
}

export const RESOLVED_RETENTION_MS = 15 * 60_000;
