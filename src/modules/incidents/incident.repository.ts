import { Injectable } from '@nestjs/common';
import { AlertNotification } from 'src/core/alerts/alert-notification';
import { GroupMember } from 'src/core/dispatch/flush-group';
import { Labels } from 'src/core/model';
import { Prisma } from 'src/generated/prisma/client';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

export type IncidentAckSource = 'slack' | 'email' | 'api' | 'page';

export interface StoredIncident {
  readonly id: string;
  readonly groupKey: string;
  readonly routeId: string;
  readonly receiver: string;
  readonly groupLabels: Labels;
  readonly title: string;
  readonly service?: string;
  readonly team?: string;
  readonly severity?: string;
  readonly startedAtMs: number;
  readonly acknowledged?: { readonly atMs: number; readonly by: string; readonly source: string };
  readonly resolvedAtMs?: number;
  readonly nextFlushAtMs?: number;
}

export interface IncidentMember extends GroupMember {
  readonly alertId: string;
  readonly ruleName: string;
  readonly groupName: string;
  readonly firedAtMs: number;
  readonly notification: AlertNotification;
  readonly muted?: string;
}

export interface NewIncident {
  readonly groupKey: string;
  readonly routeId: string;
  readonly receiver: string;
  readonly groupLabels: Labels;
  readonly title: string;
  readonly severity?: string;
  readonly startedAtMs: number;
  readonly nextFlushAtMs: number;
}

const OPEN_ATTEMPTS = 3;

type IncidentRow = Prisma.IncidentGetPayload<object>;

export function toMember(row: Prisma.IncidentAlertGetPayload<object>): IncidentMember {
  return {
    fingerprint: row.fingerprint,
    alertId: row.alertId,
    groupName: row.groupName,
    ruleName: row.ruleName,
    labels: row.labels as Labels,
    state: row.state as GroupMember['state'],
    firedAtMs: row.firedAt.getTime(),
    ...(row.resolvedAt === null ? {} : { resolvedAtMs: row.resolvedAt.getTime() }),
    notification: row.notification as unknown as AlertNotification,
    ...(row.muted === null ? {} : { muted: row.muted }),
  };
}

/** An incidents row as raw SQL returns it. */
export interface RawIncident {
  id: string;
  group_key: string;
  route_id: string;
  receiver: string;
  group_labels: unknown;
  title: string;
  service: string | null;
  team: string | null;
  severity: string | null;
  started_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  ack_source: string | null;
  resolved_at: Date | null;
  next_flush_at: Date | null;
}

export function fromRaw(row: RawIncident): StoredIncident {
  return toIncident({
    id: row.id,
    groupKey: row.group_key,
    routeId: row.route_id,
    receiver: row.receiver,
    groupLabels: row.group_labels as Prisma.JsonValue,
    title: row.title,
    service: row.service,
    team: row.team,
    severity: row.severity,
    startedAt: row.started_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    ackSource: row.ack_source,
    resolvedAt: row.resolved_at,
    nextFlushAt: row.next_flush_at,
  });
}

function toIncident(row: Omit<IncidentRow, 'lastFlushAt' | 'createdAt' | 'updatedAt'>): StoredIncident {
  const labels = row.groupLabels as Labels;
  return {
    id: row.id,
    groupKey: row.groupKey,
    routeId: row.routeId,
    receiver: row.receiver,
    groupLabels: labels,
    title: row.title,
    ...(row.service === null ? {} : { service: row.service }),
    ...(row.team === null ? {} : { team: row.team }),
    ...(row.severity === null ? {} : { severity: row.severity }),
    startedAtMs: row.startedAt.getTime(),
    ...(row.acknowledgedAt === null
      ? {}
      : {
          acknowledged: {
            atMs: row.acknowledgedAt.getTime(),
            by: row.acknowledgedBy ?? '',
            source: row.ackSource ?? '',
          },
        }),
    ...(row.resolvedAt === null ? {} : { resolvedAtMs: row.resolvedAt.getTime() }),
    ...(row.nextFlushAt === null ? {} : { nextFlushAtMs: row.nextFlushAt.getTime() }),
  };
}

/** Incidents (notification groups), their alerts and their notification log. */
@Injectable()
export class IncidentRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The open incident of every group key, locked for the rest of the transaction, created where there is none: a
   * constant number of statements however many groups an evaluation touches (a storm opens hundreds at once).
   */
  async openMany(
    tx: Tx,
    wanted: readonly NewIncident[],
  ): Promise<Map<string, { incident: StoredIncident; created: boolean }>> {
    const result = new Map<string, { incident: StoredIncident; created: boolean }>();
    let missing = [...new Map(wanted.map((incident) => [incident.groupKey, incident])).values()];
    for (let attempt = 0; attempt < OPEN_ATTEMPTS && missing.length > 0; attempt++) {
      const created = new Set(
        (
          await tx.$queryRaw<Array<{ group_key: string }>>`
            INSERT INTO public.incidents (group_key, route_id, receiver, group_labels, title, service, team, severity,
                                          started_at, next_flush_at)
            SELECT * FROM unnest(${missing.map((i) => i.groupKey)}::text[], ${missing.map((i) => i.routeId)}::text[],
                                 ${missing.map((i) => i.receiver)}::text[],
                                 ${missing.map((i) => JSON.stringify(i.groupLabels))}::jsonb[],
                                 ${missing.map((i) => i.title)}::text[],
                                 ${missing.map((i) => i.groupLabels.service ?? null)}::text[],
                                 ${missing.map((i) => i.groupLabels.team ?? null)}::text[],
                                 ${missing.map((i) => i.severity ?? null)}::text[],
                                 ${missing.map((i) => new Date(i.startedAtMs).toISOString())}::timestamptz[],
                                 ${missing.map((i) => new Date(i.nextFlushAtMs).toISOString())}::timestamptz[])
            ON CONFLICT (group_key) WHERE resolved_at IS NULL DO NOTHING
            RETURNING group_key`
        ).map((row) => row.group_key),
      );
      const rows = await tx.$queryRaw<RawIncident[]>`
        SELECT * FROM public.incidents
        WHERE group_key = ANY(${missing.map((i) => i.groupKey)}::text[]) AND resolved_at IS NULL
        ORDER BY id FOR NO KEY UPDATE`;
      for (const row of rows) {
        result.set(row.group_key, { incident: fromRaw(row), created: created.has(row.group_key) });
      }
      // A group whose open incident was closed by a flush between the two statements: open it again.
      missing = missing.filter((incident) => !result.has(incident.groupKey));
    }
    if (missing.length > 0) {
      throw new Error(
        `incidents for ${missing.map((i) => i.groupKey).join(', ')} kept closing while being opened`,
      );
    }
    return result;
  }

  /** Open incidents holding any of `fingerprints`, as (incident, fingerprint) pairs. */
  async openWithAlerts(
    tx: Tx,
    fingerprints: readonly string[],
  ): Promise<Array<{ incidentId: string; fingerprint: string; nextFlushAtMs?: number }>> {
    if (fingerprints.length === 0) {
      return [];
    }
    const rows = await tx.$queryRaw<
      Array<{ incident_id: string; fingerprint: string; next_flush_at: Date | null }>
    >`
      SELECT a.incident_id, a.fingerprint, i.next_flush_at
      FROM public.incident_alerts a JOIN public.incidents i ON i.id = a.incident_id
      WHERE a.fingerprint = ANY(${[...fingerprints]}::text[]) AND i.resolved_at IS NULL`;
    return rows.map((row) => ({
      incidentId: row.incident_id,
      fingerprint: row.fingerprint,
      ...(row.next_flush_at === null ? {} : { nextFlushAtMs: row.next_flush_at.getTime() }),
    }));
  }

  /** Adds alerts to incidents or updates their snapshots, in one statement. */
  async saveMembers(
    tx: Tx,
    members: ReadonlyArray<{ incidentId: string; member: Omit<IncidentMember, 'muted'> }>,
  ): Promise<void> {
    const unique = [...new Map(members.map((m) => [`${m.incidentId}/${m.member.fingerprint}`, m])).values()];
    if (unique.length === 0) {
      return;
    }
    const col = <T>(pick: (m: Omit<IncidentMember, 'muted'>) => T) =>
      unique.map(({ member }) => pick(member));
    await tx.$executeRaw`
      INSERT INTO public.incident_alerts (incident_id, fingerprint, alert_id, group_name, rule_name, labels, state,
                                          fired_at, resolved_at, notification)
      SELECT * FROM unnest(${unique.map((m) => m.incidentId)}::uuid[], ${col((m) => m.fingerprint)}::text[],
                           ${col((m) => m.alertId)}::uuid[], ${col((m) => m.groupName)}::text[],
                           ${col((m) => m.ruleName)}::text[], ${col((m) => JSON.stringify(m.labels))}::jsonb[],
                           ${col((m) => m.state)}::text[], ${col((m) => new Date(m.firedAtMs).toISOString())}::timestamptz[],
                           ${col((m) => (m.resolvedAtMs === undefined ? null : new Date(m.resolvedAtMs).toISOString()))}::timestamptz[],
                           ${col((m) => JSON.stringify(m.notification))}::jsonb[])
      ON CONFLICT (incident_id, fingerprint) DO UPDATE SET
        alert_id = EXCLUDED.alert_id, labels = EXCLUDED.labels, state = EXCLUDED.state, fired_at = EXCLUDED.fired_at,
        resolved_at = EXCLUDED.resolved_at, notification = EXCLUDED.notification, updated_at = CURRENT_TIMESTAMP`;
  }

  /** Raises the severity of incidents whose new alerts are more severe. */
  async raiseSeverities(tx: Tx, severities: ReadonlyMap<string, string>): Promise<void> {
    if (severities.size === 0) {
      return;
    }
    await tx.$executeRaw`
      UPDATE public.incidents i SET severity = v.severity, updated_at = CURRENT_TIMESTAMP
      FROM unnest(${[...severities.keys()]}::uuid[], ${[...severities.values()]}::text[]) AS v(id, severity)
      WHERE i.id = v.id`;
  }

  /** Ids of open incidents due for a flush at `nowMs`, most overdue first. */
  async due(nowMs: number, limit: number): Promise<string[]> {
    const rows = await this.prisma.incident.findMany({
      where: { resolvedAt: null, nextFlushAt: { lte: new Date(nowMs) } },
      orderBy: { nextFlushAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  async members(tx: Tx | PrismaService, incidentId: string): Promise<IncidentMember[]> {
    const rows = await tx.incidentAlert.findMany({ where: { incidentId }, orderBy: { addedAt: 'asc' } });
    return rows.map(toMember);
  }

  /** The latest notification of the alert in any incident: the context for a resolution its removed rule cannot give. */
  async latestNotification(tx: Tx, alertId: string): Promise<AlertNotification | undefined> {
    const row = await tx.incidentAlert.findFirst({
      where: { alertId },
      orderBy: { updatedAt: 'desc' },
      select: { notification: true },
    });
    return row === null ? undefined : (row.notification as unknown as AlertNotification);
  }

  /**
   * Where the Slack message of the incident lives, locked until the caller's transaction ends, so that concurrent
   * deliveries (several workers) post at most one message and the others update it.
   */
  async lockMessageRef(tx: Tx, incidentId: string, integration: string): Promise<unknown> {
    const rows = await tx.$queryRaw<Array<{ external_ref: unknown }>>`
      SELECT external_ref FROM public.notification_log
      WHERE incident_id = ${incidentId}::uuid AND integration = ${integration} FOR UPDATE`;
    return rows[0]?.external_ref ?? undefined;
  }

  async saveMessageRef(tx: Tx, incidentId: string, integration: string, ref: object): Promise<void> {
    await tx.notificationLog.update({
      where: { incidentId_integration: { incidentId, integration } },
      data: { externalRef: { ...ref } },
    });
  }

  async find(id: string): Promise<StoredIncident | undefined> {
    const row = await this.prisma.incident.findUnique({ where: { id } });
    return row === null ? undefined : toIncident(row);
  }

  /** Open incidents holding the alert (its acknowledgement acknowledges them). */
  async openForAlert(alertId: string): Promise<StoredIncident[]> {
    const rows = await this.prisma.incident.findMany({
      where: { resolvedAt: null, alerts: { some: { alertId } } },
    });
    return rows.map(toIncident);
  }

  /** Records the first acknowledgement (a later one does not overwrite who was first); undefined when unknown. */
  async acknowledge(
    id: string,
    ack: { atMs: number; by: string; source: IncidentAckSource },
  ): Promise<StoredIncident | undefined> {
    await this.prisma.incident.updateMany({
      where: { id, acknowledgedAt: null },
      data: { acknowledgedAt: new Date(ack.atMs), acknowledgedBy: ack.by, ackSource: ack.source },
    });
    return this.find(id);
  }

  async alertIds(incidentId: string): Promise<string[]> {
    const rows = await this.prisma.incidentAlert.findMany({
      where: { incidentId },
      select: { alertId: true },
    });
    return rows.map((row) => row.alertId);
  }

  /** The incident with its alerts and its notifications (integration, reason, delivery status). */
  async detail(id: string): Promise<
    | {
        incident: StoredIncident;
        alerts: IncidentMember[];
        notifications: Array<{
          id: string;
          integration: string | null;
          reason: string | null;
          event: string;
          status: string;
          attempts: number;
          lastError: string | null;
          createdAt: string;
          deliveredAt: string | null;
          /** The storm summary that stands for it. */
          summaryId: string | null;
        }>;
      }
    | undefined
  > {
    const incident = await this.find(id);
    if (incident === undefined) {
      return undefined;
    }
    const alerts = await this.members(this.prisma, id);
    const rows = await this.prisma.notificationOutbox.findMany({
      where: { incidentId: id },
      orderBy: { createdAt: 'asc' },
    });
    return {
      incident,
      alerts,
      notifications: rows.map((row) => ({
        id: row.id,
        integration: row.integration,
        reason: row.reason,
        event: row.event,
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        createdAt: row.createdAt.toISOString(),
        deliveredAt: row.deliveredAt?.toISOString() ?? null,
        summaryId: row.summaryId,
      })),
    };
  }

  async list(filter: { open?: boolean; limit: number }): Promise<StoredIncident[]> {
    const rows = await this.prisma.incident.findMany({
      where:
        filter.open === undefined ? {} : filter.open ? { resolvedAt: null } : { resolvedAt: { not: null } },
      orderBy: { startedAt: 'desc' },
      take: filter.limit,
    });
    return rows.map(toIncident);
  }
}
