/**
 * The dedup stage, as Alertmanager's `notify.DedupStage.needsUpdate`: a flush is sent only when it tells the
 * receiver something new, or when the repeat interval has passed. Every decision carries its reason.
 */

/** What was last notified to one integration of one group (Alertmanager's nflog entry). */
export interface NotificationLogEntry {
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
  readonly sentAtMs: number;
  readonly sends: number;
}

export type DedupDecision =
  | { readonly send: true; readonly reason: SendReason }
  | { readonly send: false; readonly reason: SkipReason };

export type SendReason =
  'first notification' | 'new alerts firing' | 'all resolved' | 'alerts resolved' | 'repeat interval elapsed';
export type SkipReason = 'nothing firing yet' | 'no change' | 'fired and resolved between flushes';

export function needsUpdate(
  entry: NotificationLogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  nowMs: number,
): DedupDecision {
  if (entry === undefined) {
    return firing.size > 0
      ? { send: true, reason: 'first notification' }
      : { send: false, reason: 'nothing firing yet' };
  }
  const notifiedFiring = new Set(entry.firing);
  if ([...firing].some((fingerprint) => !notifiedFiring.has(fingerprint))) {
    return { send: true, reason: 'new alerts firing' };
  }
  if (firing.size === 0) {
    // Sent whatever send_resolved says, so the log forgets the firing alerts (the integration may send nothing).
    return entry.firing.length > 0
      ? { send: true, reason: 'all resolved' }
      : { send: false, reason: 'fired and resolved between flushes' };
  }
  const notifiedResolved = new Set(entry.resolved);
  if (sendResolved && [...resolved].some((fingerprint) => !notifiedResolved.has(fingerprint))) {
    return { send: true, reason: 'alerts resolved' };
  }
  return entry.sentAtMs < nowMs - repeatIntervalMs
    ? { send: true, reason: 'repeat interval elapsed' }
    : { send: false, reason: 'no change' };
}
