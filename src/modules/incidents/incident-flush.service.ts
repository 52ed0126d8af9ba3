import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { NotificationLogEntry } from 'src/core/dispatch/dedup';
import { IncidentNotification, orderAlerts } from 'src/core/dispatch/incident-notification';
import { FlushPlan, planFlush } from 'src/core/dispatch/flush-group';
import { Integration } from 'src/core/dispatch/integrations';
import { describeMute } from 'src/core/dispatch/mute';
import { walkRoutes } from 'src/core/routing/route-tree';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { Tx, TransactionRunner } from 'src/infra/database/transaction-runner';
import { JobQueue } from 'src/infra/queue/job-queue';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';
import { AlertRepository } from '../alerts/alert.repository';
import { OutboxRepository } from '../notifications/outbox.repository';
import { RoutingRegistry } from '../routing/routing.registry';
import { SilenceRepository } from '../silences/silence.repository';
import { FlushEnd, IncidentFlushRepository, LogSend, MuteChange } from './incident-flush.repository';
import { IncidentMember, IncidentRepository, StoredIncident } from './incident.repository';

const DUE_BATCH = 500;
/**
 * Incidents flushed in one transaction. Each batch is a constant number of statements; a smaller batch commits
 * sooner, so deliveries of a storm's first incidents start while later ones are still being flushed.
 */
const FLUSH_BATCH = 50;
/** Batches flushed at once (each waits on the database most of its time). */
const FLUSH_LANES = 2;

/** What muting looks at besides the routing: active silences and every firing alert's labels. */
interface MuteSources {
  readonly silences: Awaited<ReturnType<SilenceRepository['activeAt']>>;
  readonly firingAlerts: Awaited<ReturnType<AlertRepository['firingLabels']>>;
}

/** Everything a batch of flushes writes, gathered from each incident's plan and written set-based. */
interface FlushWrites {
  readonly muted: MuteChange[];
  /** Alerts newly held back, by silence id. */
  readonly suppressed: Map<string, number>;
  readonly sends: LogSend[];
  readonly notifications: Array<{
    incidentId: string;
    integration: Integration;
    reason: string;
    payload: IncidentNotification;
  }>;
  readonly ends: FlushEnd[];
}

/**
 * Flushes incidents that are due: mute, dedup against the notification log, and for every integration that has
 * something new an outbox row, all in one transaction with the log (so a crash sends nothing twice and loses
 * nothing). Incidents are flushed in batches, each batch in one transaction. Any worker may flush; the row lock
 * (SKIP LOCKED) makes each flush happen once.
 */
@Injectable()
export class IncidentFlushService {
  private readonly logger = new Logger(IncidentFlushService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly incidents: IncidentRepository,
    private readonly flushes: IncidentFlushRepository,
    private readonly alerts: AlertRepository,
    private readonly silences: SilenceRepository,
    private readonly outbox: OutboxRepository,
    private readonly routing: RoutingRegistry,
    private readonly queue: JobQueue,
    private readonly telemetry: TelemetryService,
  ) {}

  /** Flushes every incident due now; returns how many were flushed. */
  async flushDue(): Promise<number> {
    return this.flushAll(await this.incidents.due(this.clock.nowMs(), DUE_BATCH));
  }

  /** Flushes the given incidents that are due (and not being flushed elsewhere), in batches; returns how many. */
  async flushAll(incidentIds: readonly string[]): Promise<number> {
    if (incidentIds.length === 0) {
      return 0;
    }
    // Silences and firing alerts read once for all the batches (a storm flushes hundreds of incidents).
    const sources = await this.transactions.run((tx) => this.muteSources(tx));
    const batches: Array<readonly string[]> = [];
    for (let start = 0; start < incidentIds.length; start += FLUSH_BATCH) {
      batches.push(incidentIds.slice(start, start + FLUSH_BATCH));
    }
    let next = 0;
    let flushed = 0;
    const lane = async () => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
        flushed += await this.flushBatch(batch, sources);
      }
    };
    await Promise.all(Array.from({ length: FLUSH_LANES }, lane));
    return flushed;
  }

  /** Flushes the batch's incidents that are due in one transaction, then enqueues their deliveries. */
  private async flushBatch(incidentIds: readonly string[], sources: MuteSources): Promise<number> {
    const outboxIds: string[] = [];
    const flushed = await this.transactions.run(async (tx) => {
      const nowMs = this.clock.nowMs();
      const locked = await this.flushes.lockDue(tx, incidentIds, nowMs);
      if (locked.length === 0) {
        return 0;
      }
      const ids = locked.map((incident) => incident.id);
      const members = await this.flushes.members(tx, ids);
      const logs = await this.flushes.logs(tx, ids);
      const writes: FlushWrites = {
        muted: [],
        suppressed: new Map(),
        sends: [],
        notifications: [],
        ends: [],
      };
      for (const incident of locked) {
        this.planIncident(
          incident,
          members.get(incident.id) ?? [],
          logs.get(incident.id) ?? new Map(),
          { nowMs, sources },
          writes,
        );
      }
      await this.flushes.setMuted(tx, writes.muted, nowMs);
      await this.silences.countSuppressed(tx, writes.suppressed);
      await this.flushes.recordSends(tx, writes.sends, nowMs);
      outboxIds.push(...(await this.outbox.addForIncidents(tx, writes.notifications)));
      await this.flushes.finish(tx, writes.ends, nowMs);
      return locked.length;
    });
    await this.queue.enqueueDeliveries(outboxIds);
    return flushed;
  }

  private async muteSources(tx: Tx): Promise<MuteSources> {
    return {
      silences: await this.silences.activeAt(tx, this.clock.nowMs()),
      firingAlerts: await this.alerts.firingLabels(tx),
    };
  }

  /** Plans one incident's flush and adds what it writes to `writes`. */
  private planIncident(
    incident: StoredIncident,
    members: readonly IncidentMember[],
    log: ReadonlyMap<string, NotificationLogEntry>,
    at: { nowMs: number; sources: MuteSources },
    writes: FlushWrites,
  ): void {
    const routing = this.routing.routing();
    const route =
      walkRoutes(routing.route).find((candidate) => candidate.id === incident.routeId) ??
      ({ ...routing.route, receiver: incident.receiver } as const);
    const plan = planFlush({
      members,
      route,
      integrations: this.routing.integrations(incident.receiver),
      log,
      mute: {
        silences: at.sources.silences,
        inhibitRules: routing.inhibitRules,
        firingAlerts: at.sources.firingAlerts,
        timeIntervals: routing.timeIntervals,
        nowMs: at.nowMs,
      },
    });
    this.addMutes(incident.id, members, plan, writes);
    for (const flush of plan.integrations) {
      const { integration } = flush;
      this.telemetry.notificationDecisions.inc({ reason: flush.decision.reason });
      if (!flush.decision.send) {
        continue;
      }
      writes.sends.push({
        incidentId: incident.id,
        integration: integration.key,
        firing: flush.firing,
        resolved: flush.resolved,
      });
      if (!flush.deliver) {
        continue;
      }
      const previous = log.get(integration.key);
      const shown = new Set([...flush.firing, ...flush.resolved]);
      writes.notifications.push({
        incidentId: incident.id,
        integration,
        reason: flush.decision.reason,
        payload: {
          incidentId: incident.id,
          groupKey: incident.groupKey,
          receiver: incident.receiver,
          groupLabels: incident.groupLabels,
          title: incident.title,
          ...(incident.severity === undefined ? {} : { severity: incident.severity }),
          status: flush.firing.length > 0 ? 'firing' : 'resolved',
          reason: flush.decision.reason,
          sequence: previous?.sends ?? 0,
          startedAtMs: incident.startedAtMs,
          ...(plan.resolvedAtMs === undefined ? {} : { resolvedAtMs: plan.resolvedAtMs }),
          ...(incident.acknowledged === undefined ? {} : { acknowledged: incident.acknowledged }),
          alerts: orderAlerts(
            members
              .filter((member) => shown.has(member.fingerprint))
              .map((member) => ({ ...member.notification, incidentId: incident.id })),
          ),
          newlyFiring: flush.firing.filter((fp) => !(previous?.firing ?? []).includes(fp)),
          newlyResolved: flush.resolved.filter((fp) => !(previous?.resolved ?? []).includes(fp)),
          incidentUrl: new URL(`/incidents/${incident.id}`, this.config.PUBLIC_URL).toString(),
        },
      });
      this.logger.log(
        `incident ${incident.id} (${incident.title}) → ${integration.key}: ${flush.decision.reason}, ` +
          `${flush.firing.length} firing, ${flush.resolved.length} resolved`,
      );
    }
    writes.ends.push({
      incidentId: incident.id,
      ...(plan.nextFlushAtMs === undefined ? {} : { nextFlushAtMs: plan.nextFlushAtMs }),
      ...(plan.resolvedAtMs === undefined ? {} : { resolvedAtMs: plan.resolvedAtMs }),
    });
  }

  /** Why each alert is held back, where that changed; a silence counts an alert it newly holds back once. */
  private addMutes(
    incidentId: string,
    members: readonly IncidentMember[],
    plan: FlushPlan<Integration>,
    writes: FlushWrites,
  ): void {
    for (const member of members) {
      const verdict = plan.muted.get(member.fingerprint);
      const muted = verdict === undefined ? undefined : describeMute(verdict);
      if (muted === member.muted) {
        continue;
      }
      writes.muted.push({ incidentId, fingerprint: member.fingerprint, muted, kind: verdict?.kind });
      for (const id of verdict?.kind === 'silenced' ? verdict.silenceIds : []) {
        writes.suppressed.set(id, (writes.suppressed.get(id) ?? 0) + 1);
      }
    }
  }
}
