import { Injectable } from '@nestjs/common';
import { NotificationLogEntry } from 'src/core/dispatch/dedup';
import { MuteVerdict } from 'src/core/dispatch/mute';
import { Tx } from 'src/infra/database/transaction-runner';
import { IncidentMember, RawIncident, StoredIncident, fromRaw, toMember } from './incident.repository';

/** What one incident's flush writes to the notification log for one integration. */
export interface LogSend {
  readonly incidentId: string;
  readonly integration: string;
  readonly firing: readonly string[];
  readonly resolved: readonly string[];
}

/** A change of why an incident's alert is held back (`muted` undefined: it no longer is). */
export interface MuteChange {
  readonly incidentId: string;
  readonly fingerprint: string;
  readonly muted: string | undefined;
  readonly kind: MuteVerdict['kind'] | undefined;
}

/** How one incident's flush ends: when it is flushed next (none once closed) and when it resolved. */
export interface FlushEnd {
  readonly incidentId: string;
  readonly nextFlushAtMs?: number;
  readonly resolvedAtMs?: number;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * The statements of a batch of incident flushes, each set-based: a batch of any size is a constant number of
 * statements (a storm flushes hundreds of incidents at once).
 */
@Injectable()
export class IncidentFlushRepository {
  /** Locks the incidents that are open and due at `nowMs` and not being flushed elsewhere (SKIP LOCKED). */
  async lockDue(tx: Tx, ids: readonly string[], nowMs: number): Promise<StoredIncident[]> {
    const rows = await tx.$queryRaw<RawIncident[]>`
      SELECT * FROM public.incidents
      WHERE id = ANY(${[...ids]}::uuid[]) AND resolved_at IS NULL AND next_flush_at <= ${new Date(nowMs)}
      ORDER BY id FOR NO KEY UPDATE SKIP LOCKED`;
    return rows.map(fromRaw);
  }

  /** The alerts of each incident, in the order they joined. */
  async members(tx: Tx, ids: readonly string[]): Promise<Map<string, IncidentMember[]>> {
    const rows = await tx.incidentAlert.findMany({
      where: { incidentId: { in: [...ids] } },
      orderBy: [{ incidentId: 'asc' }, { addedAt: 'asc' }],
    });
    const byIncident = new Map<string, IncidentMember[]>(ids.map((id) => [id, []]));
    for (const row of rows) {
      byIncident.get(row.incidentId)?.push(toMember(row));
    }
    return byIncident;
  }

  /** The notification log of each incident, by integration key. */
  async logs(tx: Tx, ids: readonly string[]): Promise<Map<string, Map<string, NotificationLogEntry>>> {
    const rows = await tx.notificationLog.findMany({ where: { incidentId: { in: [...ids] } } });
    const byIncident = new Map<string, Map<string, NotificationLogEntry>>(ids.map((id) => [id, new Map()]));
    for (const row of rows) {
      byIncident.get(row.incidentId)?.set(row.integration, {
        firing: row.firing as string[],
        resolved: row.resolved as string[],
        sentAtMs: row.sentAt.getTime(),
        sends: row.sends,
      });
    }
    return byIncident;
  }

  /**
   * Stores why each listed alert is held back now (null: it no longer is), and in `alert_mutes` when each reason began
   * and ended (the alert history shows them).
   */
  async setMuted(tx: Tx, changes: readonly MuteChange[], nowMs: number): Promise<void> {
    if (changes.length === 0) {
      return;
    }
    const at = new Date(nowMs);
    const incidents = changes.map((c) => c.incidentId);
    const fingerprints = changes.map((c) => c.fingerprint);
    await tx.$executeRaw`
      UPDATE public.incident_alerts a SET muted = v.muted, updated_at = CURRENT_TIMESTAMP
      FROM unnest(${incidents}::uuid[], ${fingerprints}::text[],
                  ${changes.map((c) => c.muted ?? null)}::text[]) AS v(incident_id, fingerprint, muted)
      WHERE a.incident_id = v.incident_id AND a.fingerprint = v.fingerprint`;
    // The mute history: the previous reason ends now, the new one (if any) begins.
    await tx.$executeRaw`
      UPDATE public.alert_mutes m SET ended_at = ${at}
      FROM unnest(${incidents}::uuid[], ${fingerprints}::text[]) AS v(incident_id, fingerprint)
      WHERE m.incident_id = v.incident_id AND m.fingerprint = v.fingerprint AND m.ended_at IS NULL`;
    const begun = changes.filter((c) => c.muted !== undefined && c.kind !== undefined);
    if (begun.length > 0) {
      await tx.$executeRaw`
        INSERT INTO public.alert_mutes (incident_id, fingerprint, kind, reason, started_at)
        SELECT v.incident_id, v.fingerprint, v.kind, v.reason, ${at}
        FROM unnest(${begun.map((c) => c.incidentId)}::uuid[], ${begun.map((c) => c.fingerprint)}::text[],
                    ${begun.map((c) => c.kind ?? null)}::text[], ${begun.map((c) => c.muted ?? null)}::text[])
             AS v(incident_id, fingerprint, kind, reason)
        ON CONFLICT (incident_id, fingerprint, started_at) DO UPDATE SET
          kind = EXCLUDED.kind, reason = EXCLUDED.reason, ended_at = NULL`;
    }
  }

  /** Records what each integration was sent (or decided to be sent) at `atMs`, counting the sends. */
  async recordSends(tx: Tx, sends: readonly LogSend[], atMs: number): Promise<void> {
    const unique = [
      ...new Map(sends.map((send) => [`${send.incidentId}/${send.integration}`, send])).values(),
    ];
    if (unique.length === 0) {
      return;
    }
    await tx.$executeRaw`
      INSERT INTO public.notification_log (incident_id, integration, firing, resolved, sent_at)
      SELECT v.incident_id, v.integration, v.firing, v.resolved, ${new Date(atMs)}
      FROM unnest(${unique.map((s) => s.incidentId)}::uuid[], ${unique.map((s) => s.integration)}::text[],
                  ${unique.map((s) => JSON.stringify(s.firing))}::jsonb[],
                  ${unique.map((s) => JSON.stringify(s.resolved))}::jsonb[]) AS v(incident_id, integration, firing, resolved)
      ON CONFLICT (incident_id, integration) DO UPDATE SET
        firing = EXCLUDED.firing, resolved = EXCLUDED.resolved, sent_at = EXCLUDED.sent_at,
        sends = public.notification_log.sends + 1`;
  }

  /** Ends the flushes: flushed at `atMs`, next flush (none once closed), resolution. */
  async finish(tx: Tx, ends: readonly FlushEnd[], atMs: number): Promise<void> {
    if (ends.length === 0) {
      return;
    }
    await tx.$executeRaw`
      UPDATE public.incidents i SET last_flush_at = ${new Date(atMs)}, next_flush_at = v.next_flush_at,
        resolved_at = COALESCE(v.resolved_at, i.resolved_at), updated_at = CURRENT_TIMESTAMP
      FROM unnest(${ends.map((e) => e.incidentId)}::uuid[], ${ends.map((e) => iso(e.nextFlushAtMs))}::timestamptz[],
                  ${ends.map((e) => iso(e.resolvedAtMs))}::timestamptz[]) AS v(id, next_flush_at, resolved_at)
      WHERE i.id = v.id`;
  }
}
