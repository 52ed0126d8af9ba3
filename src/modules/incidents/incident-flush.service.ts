import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { IncidentNotification, orderAlerts } from 'src/core/dispatch/incident-notification';
import { planFlush } from 'src/core/dispatch/flush-group';
import { MuteVerdict, describeMute } from 'src/core/dispatch/mute';
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
import { IncidentMember, IncidentRepository, StoredIncident } from './incident.repository';

const DUE_BATCH = 500;

/** What muting looks at besides the routing: active silences and every firing alert's labels. */
interface MuteSources {
  readonly silences: Awaited<ReturnType<SilenceRepository['activeAt']>>;
  readonly firingAlerts: Awaited<ReturnType<AlertRepository['firingLabels']>>;
}
/** Incidents flushed in parallel: a storm opens hundreds at once, and each flush is a few short statements. */
const FLUSH_LANES = 4;

/**
 * Flushes incidents that are due: mute, dedup against the notification log, and for every integration that has
 * something new an outbox row, all in one transaction with the log (so a crash sends nothing twice and loses
 * nothing). Any worker may flush; the row lock makes each flush happen once.
 */
@Injectable()
export class IncidentFlushService {
  private readonly logger = new Logger(IncidentFlushService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly incidents: IncidentRepository,
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

  /** Flushes the given incidents that are due, a few at a time (each in its own transaction); returns how many. */
  async flushAll(incidentIds: readonly string[]): Promise<number> {
    if (incidentIds.length === 0) {
      return 0;
    }
    // Silences and firing alerts read once for the batch, not once per incident (a storm flushes hundreds).
    const sources = await this.transactions.run((tx) => this.muteSources(tx));
    let next = 0;
    let flushed = 0;
    const lane = async () => {
      while (next < incidentIds.length) {
        const id = incidentIds[next++];
        if (id !== undefined && (await this.flush(id, sources))) {
          flushed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: FLUSH_LANES }, lane));
    return flushed;
  }

  /**
   * Flushes the incident if it is due (and not being flushed elsewhere); returns whether it did. `sources` (the
   * silences and firing alerts muting looks at) may come from the caller's batch.
   */
  async flush(incidentId: string, sources?: MuteSources): Promise<boolean> {
    const outboxIds: string[] = [];
    const flushed = await this.transactions.run(async (tx) => {
      const nowMs = this.clock.nowMs();
      const incident = await this.incidents.lockDue(tx, incidentId, nowMs);
      if (incident === undefined) {
        return false;
      }
      outboxIds.push(
        ...(await this.flushLocked(tx, incident, nowMs, sources ?? (await this.muteSources(tx)))),
      );
      return true;
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

  private async flushLocked(
    tx: Tx,
    incident: StoredIncident,
    nowMs: number,
    sources: MuteSources,
  ): Promise<string[]> {
    const routing = this.routing.routing();
    const route =
      walkRoutes(routing.route).find((candidate) => candidate.id === incident.routeId) ??
      ({ ...routing.route, receiver: incident.receiver } as const);
    const integrations = this.routing.integrations(incident.receiver);
    const members = await this.incidents.members(tx, incident.id);
    const log = await this.incidents.log(tx, incident.id);
    const plan = planFlush({
      members,
      route,
      integrations,
      log,
      mute: {
        silences: sources.silences,
        inhibitRules: routing.inhibitRules,
        firingAlerts: sources.firingAlerts,
        timeIntervals: routing.timeIntervals,
        nowMs,
      },
    });
    await this.recordMutes(tx, incident.id, members, plan.muted);
    const outboxIds: string[] = [];
    for (const flush of plan.integrations) {
      const { integration } = flush;
      this.telemetry.notificationDecisions.inc({ reason: flush.decision.reason });
      if (!flush.decision.send) {
        continue;
      }
      const previous = log.get(integration.key);
      await this.incidents.recordSend(tx, incident.id, integration.key, {
        firing: flush.firing,
        resolved: flush.resolved,
        atMs: nowMs,
      });
      if (!flush.deliver) {
        continue;
      }
      const shown = new Set([...flush.firing, ...flush.resolved]);
      const payload: IncidentNotification = {
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
      };
      outboxIds.push(
        await this.outbox.addForIncident(tx, {
          incidentId: incident.id,
          integration,
          reason: flush.decision.reason,
          payload,
        }),
      );
      this.logger.log(
        `incident ${incident.id} (${incident.title}) → ${integration.key}: ${flush.decision.reason}, ` +
          `${flush.firing.length} firing, ${flush.resolved.length} resolved`,
      );
    }
    await this.incidents.finishFlush(tx, incident.id, {
      atMs: nowMs,
      ...(plan.nextFlushAtMs === undefined ? {} : { nextFlushAtMs: plan.nextFlushAtMs }),
      ...(plan.resolvedAtMs === undefined ? {} : { resolvedAtMs: plan.resolvedAtMs }),
    });
    return outboxIds;
  }

  /** Stores why each alert is held back; a silence counts an alert it newly holds back once. */
  private async recordMutes(
    tx: Tx,
    incidentId: string,
    members: readonly IncidentMember[],
    muted: ReadonlyMap<string, MuteVerdict>,
  ): Promise<void> {
    for (const member of members) {
      const verdict = muted.get(member.fingerprint);
      const reason = verdict === undefined ? undefined : describeMute(verdict);
      if (reason === member.muted) {
        continue;
      }
      await this.incidents.setMuted(tx, incidentId, member.fingerprint, reason);
      if (verdict?.kind === 'silenced') {
        await this.silences.countSuppressed(tx, verdict.silenceIds);
      }
    }
  }
}
