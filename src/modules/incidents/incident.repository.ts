import { Injectable } from '@nestjs/common';
import { AlertNotification } from 'src/core/alerts/alert-notification';
import { NotificationLogEntry } from 'src/core/dispatch/dedup';
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

function toIncident(row: IncidentRow): StoredIncident {
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
   * The open incident of `groupKey`, locked for the rest of the transaction, created when there is none. Concurrent
   * evaluations of the same group key meet on the partial unique index: the loser waits and then finds the winner's.
   */
  async openFor(tx: Tx, incident: NewIncident): Promise<{ incident: StoredIncident; created: boolean }> {
    // The open incident found in conflict may be closed by a flush before we lock it: then open a new one.
    for (let attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
      const opened = await this.tryOpen(tx, incident);
      if (opened !== undefined) {
        return opened;
      }
    }
    throw new Error(`incident for ${incident.groupKey} was closed ${OPEN_ATTEMPTS} times while being opened`);
  }

  private async tryOpen(
    tx: Tx,
    incident: NewIncident,
  ): Promise<{ incident: StoredIncident; created: boolean } | undefined> {
    const labels = incident.groupLabels;
    const inserted = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO public.incidents (group_key, route_id, receiver, group_labels, title, service, team, severity,
                                    started_at, next_flush_at)
      VALUES (${incident.groupKey}, ${incident.routeId}, ${incident.receiver}, ${JSON.stringify(labels)}::jsonb,
              ${incident.title}, ${labels.service ?? null}, ${labels.team ?? null}, ${incident.severity ?? null},
              ${new Date(incident.startedAtMs)}, ${new Date(incident.nextFlushAtMs)})
      ON CONFLICT (group_key) WHERE resolved_at IS NULL DO NOTHING
      RETURNING id`;
    const created = inserted.length > 0;
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM public.incidents WHERE group_key = ${incident.groupKey} AND resolved_at IS NULL FOR NO KEY UPDATE`;
    const id = rows[0]?.id;
    if (id === undefined) {
      return undefined;
    }
    return { incident: toIncident(await tx.incident.findUniqueOrThrow({ where: { id } })), created };
  }

  /** The open incidents that `fingerprint` belongs to. */
  async openWithAlert(tx: Tx, fingerprint: string): Promise<StoredIncident[]> {
    const rows = await tx.incident.findMany({
      where: { resolvedAt: null, alerts: { some: { fingerprint } } },
    });
    return rows.map(toIncident);
  }

  /** Adds the alert to the incident or updates its snapshot; the incident's severity becomes the highest seen. */
  async saveMember(
    tx: Tx,
    incidentId: string,
    member: Omit<IncidentMember, 'muted'>,
    severity: string | undefined,
  ): Promise<void> {
    const data = {
      alertId: member.alertId,
      groupName: member.groupName,
      ruleName: member.ruleName,
      labels: member.labels,
      state: member.state,
      firedAt: new Date(member.firedAtMs),
      resolvedAt: member.resolvedAtMs === undefined ? null : new Date(member.resolvedAtMs),
      notification: { ...member.notification },
    };
    await tx.incidentAlert.upsert({
      where: { incidentId_fingerprint: { incidentId, fingerprint: member.fingerprint } },
      create: { incidentId, fingerprint: member.fingerprint, ...data },
      update: data,
    });
    if (severity !== undefined) {
      await tx.incident.update({ where: { id: incidentId }, data: { severity } });
    }
  }

  /** Locks the incident for a flush; undefined when it is closed or not due at `nowMs`. */
  async lockDue(tx: Tx, id: string, nowMs: number): Promise<StoredIncident | undefined> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM public.incidents
      WHERE id = ${id}::uuid AND resolved_at IS NULL AND next_flush_at <= ${new Date(nowMs)}
      FOR NO KEY UPDATE SKIP LOCKED`;
    if (rows.length === 0) {
      return undefined;
    }
    return toIncident(await tx.incident.findUniqueOrThrow({ where: { id } }));
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
    return rows.map((row) => ({
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
    }));
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

  async setMuted(tx: Tx, incidentId: string, fingerprint: string, muted: string | undefined): Promise<void> {
    await tx.incidentAlert.update({
      where: { incidentId_fingerprint: { incidentId, fingerprint } },
      data: { muted: muted ?? null },
    });
  }

  async log(tx: Tx, incidentId: string): Promise<Map<string, NotificationLogEntry>> {
    const rows = await tx.notificationLog.findMany({ where: { incidentId } });
    return new Map(
      rows.map((row) => [
        row.integration,
        {
          firing: row.firing as string[],
          resolved: row.resolved as string[],
          sentAtMs: row.sentAt.getTime(),
          sends: row.sends,
        },
      ]),
    );
  }

  async recordSend(
    tx: Tx,
    incidentId: string,
    integration: string,
    sent: { firing: readonly string[]; resolved: readonly string[]; atMs: number },
  ): Promise<void> {
    const data = { firing: [...sent.firing], resolved: [...sent.resolved], sentAt: new Date(sent.atMs) };
    await tx.notificationLog.upsert({
      where: { incidentId_integration: { incidentId, integration } },
      create: { incidentId, integration, ...data },
      update: { ...data, sends: { increment: 1 } },
    });
  }

  async finishFlush(
    tx: Tx,
    incidentId: string,
    flush: { atMs: number; nextFlushAtMs?: number; resolvedAtMs?: number },
  ): Promise<void> {
    await tx.incident.update({
      where: { id: incidentId },
      data: {
        lastFlushAt: new Date(flush.atMs),
        nextFlushAt: flush.nextFlushAtMs === undefined ? null : new Date(flush.nextFlushAtMs),
        ...(flush.resolvedAtMs === undefined ? {} : { resolvedAt: new Date(flush.resolvedAtMs) }),
      },
    });
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
