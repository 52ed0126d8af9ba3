import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { AlertNotification, LinkedContext } from 'src/core/alerts/alert-notification';
import { AlertTransition } from 'src/core/alerts/alert-state';
import { AlertRuleEvaluation } from 'src/core/alerts/evaluate-alert-rule';
import { isFlapping, recentFirings } from 'src/core/alerts/flapping';
import { retireAlerts } from 'src/core/alerts/retire-alerts';
import { CompiledRule } from 'src/core/evaluation/compiled-rule';
import { CompiledAlertRule } from 'src/core/evaluation/compile-alert-rule';
import { evaluateRuleOnVectors, thresholdQueries, ThresholdVectors } from 'src/core/evaluation/evaluate-rule';
import { evaluateSloRule } from 'src/core/evaluation/compile-slo-rule';
import { SloEvaluation } from 'src/core/slo/evaluate-slo';
import { CompiledAlertingRule, notificationCondition } from 'src/core/evaluation/notification-condition';
import { anomalyReadSpanMs, anomalySelectors, evaluateAnomalyRule } from 'src/core/evaluation/anomaly-rule';
import { evaluateForecastRule } from 'src/core/evaluation/forecast-rule';
import { AlertState } from 'src/core/alerts/alert-state';
import { CompiledRecordingRule, recordedSamples } from 'src/core/evaluation/recording-rule';
import { columnsAt } from 'src/core/ingest/columns-of';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';
import { Tx, TransactionRunner } from 'src/infra/database/transaction-runner';
import { AlertRepository, ListedAlert, StoredAlert } from '../alerts/alert.repository';
import { MetricReaders } from '../metrics/metric-readers';
import { SampleStore } from '../metrics/sample-store.service';
import { DispatchService, DispatchedTransition, TouchedIncident } from '../incidents/dispatch.service';
import { IncidentFlushService } from '../incidents/incident-flush.service';
import { IncidentRepository } from '../incidents/incident.repository';
import { RuleRegistry } from '../rules/rule-registry.service';
import { RuleGroupEvaluationRepository } from './rule-group-evaluation.repository';
import { RuleStatus, RuleStatusRepository } from '../alerts/rule-status.repository';
import { SloDataReader } from '../slo/slo-data.reader';
import { SloStatusRepository } from '../slo/slo-status.repository';
import { DetectorStateRepository } from '../anomaly/detector-state.repository';
import { ChangeEventRepository } from '../events/change-event.repository';
import { RoutingRegistry } from '../routing/routing.registry';
import { intervalSpans } from 'src/core/routing/interval-ranges';
import { CHANGE_LOOKBACK_MS } from 'src/core/events/change-event';
import { ackUrl } from 'src/core/auth/ack-link';
import { chartPointsByAlert, chartSource } from 'src/core/evaluation/chart-series';
import { Labels } from 'src/core/model';
import { formatPromql } from 'src/core/promql/format-promql';

/** What a group's evaluation reads once for all its rules: statuses, alerts, and threshold rules' vectors. */
interface GroupState {
  readonly vectors: ReadonlyMap<string, Promise<ThresholdVectors>>;
  readonly statuses: ReadonlyMap<string, RuleStatus>;
  readonly alerts: ReadonlyMap<string, StoredAlert[]>;
}

/** What the linked context of a service's alerts is made of, read once per evaluation. */
type ServiceContext = {
  readonly changes: Awaited<ReturnType<ChangeEventRepository['forServiceWindows']>>[number];
  readonly firing: ListedAlert[];
};

const contextKey = (service: string, activeAtMs: number) => `${service}@${activeAtMs}`;

export type GroupEvaluationOutcome = 'evaluated' | 'unknown-group' | 'stale-slot';

/**
 * Evaluates one rule group at one slot. Reads the data, runs the pure state machine, and writes the new alert
 * state, the outbox entries and the slot marker in one transaction; then enqueues delivery of the new entries.
 */
@Injectable()
export class EvaluationService {
  private readonly logger = new Logger(EvaluationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly registry: RuleRegistry,
    private readonly readers: MetricReaders,
    private readonly samples: SampleStore,
    private readonly transactions: TransactionRunner,
    private readonly alerts: AlertRepository,
    private readonly groupEvaluations: RuleGroupEvaluationRepository,
    private readonly ruleStatus: RuleStatusRepository,
    private readonly dispatcher: DispatchService,
    private readonly flusher: IncidentFlushService,
    private readonly incidents: IncidentRepository,
    private readonly telemetry: TelemetryService,
    private readonly sloData: SloDataReader,
    private readonly sloStatuses: SloStatusRepository,
    private readonly detectorStates: DetectorStateRepository,
    private readonly changes: ChangeEventRepository,
    private readonly routing: RoutingRegistry,
  ) {}

  async evaluateGroup(groupName: string, slotMs: number): Promise<GroupEvaluationOutcome> {
    const compiled = this.registry.group(groupName);
    if (compiled === undefined) {
      this.logger.warn(
        `rule group "${groupName}" is not loaded; slot ${new Date(slotMs).toISOString()} skipped`,
      );
      return 'unknown-group';
    }
    const started = this.clock.nowMs();
    const touched: TouchedIncident[] = [];
    const outcome = await this.transactions.run(async (tx) => {
      const lastSlot = await this.groupEvaluations.lockLastSlot(tx, groupName);
      if (lastSlot !== undefined && lastSlot >= slotMs) {
        return 'stale-slot' as const;
      }
      const before: GroupState = {
        vectors: this.prefetchThresholdVectors(compiled.rules, slotMs),
        statuses: await this.ruleStatus.findByGroup(tx, groupName),
        alerts: await this.alerts.findByGroup(tx, groupName),
      };
      for (const rule of compiled.rules) {
        if (rule.kind === 'recording') {
          await this.evaluateRecording(tx, rule, slotMs);
        } else {
          touched.push(...(await this.evaluateAlerting(tx, rule, slotMs, before)));
        }
      }
      await this.sloStatuses.removeOthers(
        tx,
        groupName,
        compiled.rules.flatMap((rule) => (rule.kind === 'slo' ? [rule.rule.name] : [])),
      );
      touched.push(...(await this.retireRemovedRules(tx, compiled.group.name, compiled.rules, slotMs)));
      await this.groupEvaluations.record(tx, groupName, slotMs, this.clock.nowMs() - started);
      return 'evaluated' as const;
    });
    if (outcome === 'evaluated') {
      this.telemetry.groupEvaluationSeconds.observe(
        { group: groupName },
        (this.clock.nowMs() - started) / 1000,
      );
    }
    await this.flushDueNow(touched);
    return outcome;
  }

  /** Incidents due at once (group_wait 0, or an alert older than group_wait) are flushed now, not at the next tick. */
  private async flushDueNow(touched: readonly TouchedIncident[]): Promise<void> {
    const nowMs = this.clock.nowMs();
    const due = new Set(
      touched
        .filter((incident) => incident.nextFlushAtMs !== undefined && incident.nextFlushAtMs <= nowMs)
        .map((incident) => incident.incidentId),
    );
    await this.flusher.flushAll([...due]);
  }

  /**
   * Alerts of rules removed from the group since they fired: firing ones resolve now, with a resolved notification
   * built from their last firing one (the rule itself is gone), so no red Slack message is left behind.
   */
  private async retireRemovedRules(
    tx: Tx,
    groupName: string,
    rules: readonly CompiledRule[],
    slotMs: number,
  ): Promise<TouchedIncident[]> {
    const orphans = await this.alerts.findOfOtherRules(
      tx,
      groupName,
      rules.map((rule) => rule.rule.name),
    );
    const byRule = new Map<string, StoredAlert[]>();
    for (const alert of orphans) {
      byRule.set(alert.ruleName, [...(byRule.get(alert.ruleName) ?? []), alert]);
    }
    const touched: TouchedIncident[] = [];
    for (const [ruleName, alerts] of byRule) {
      const result = retireAlerts(ruleName, alerts, slotMs);
      const ids = await this.alerts.replaceForRule(tx, { groupName, ruleName }, result.alerts);
      for (const { alert } of result.transitions) {
        const alertId = ids.get(alert.fingerprint);
        const firing =
          alertId === undefined ? undefined : await this.incidents.latestNotification(tx, alertId);
        if (alertId === undefined || firing === undefined) {
          continue;
        }
        this.logger.log(
          `${groupName}/${ruleName} was removed; its alert ${JSON.stringify(alert.labels)} resolves`,
        );
        const payload: AlertNotification = {
          ...firing,
          state: 'resolved',
          resolvedAtMs: alert.resolvedAtMs,
          annotations: { ...firing.annotations, resolution: `the rule was removed from ${firing.ruleFile}` },
        };
        touched.push(
          ...(await this.dispatcher.dispatch(tx, [
            { transition: { alert, kind: 'resolved' }, alertId, notification: payload },
          ])),
        );
      }
    }
    return touched;
  }

  /**
   * Evaluates a recording rule and writes its samples at the slot time straight away (committed on their own), so
   * that later rules of the group read them, as in Prometheus. Its status is recorded in the group's transaction.
   */
  private async evaluateRecording(tx: Tx, compiled: CompiledRecordingRule, slotMs: number): Promise<void> {
    const ref = { groupName: compiled.group.name, ruleName: compiled.rule.name };
    const started = this.clock.nowMs();
    let error: string | undefined;
    try {
      const reader = this.readers.forGroup(compiled.group);
      const samples = recordedSamples(compiled, await reader.instantVector(compiled.expr, slotMs));
      if (samples.length > 0) {
        await this.samples.write(columnsAt(slotMs, samples));
      }
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      this.logger.warn(`${ref.groupName}/${ref.ruleName} failed to evaluate: ${error}`);
    }
    await this.ruleStatus.save(tx, {
      ...ref,
      health: error === undefined ? 'ok' : 'err',
      lastError: error,
      lastEvalMs: slotMs,
      lastDurationMs: this.clock.nowMs() - started,
      recentFiringsMs: [],
      flapping: false,
    });
  }

  /**
   * Evaluates one alerting rule inside the group's transaction. A rule that fails (bad data, an evaluation error) keeps its
   * alerts as they were and records the error in its status; the group's other rules still run.
   */
  private async evaluateAlerting(
    tx: Tx,
    compiled: CompiledAlertingRule,
    slotMs: number,
    before: GroupState,
  ): Promise<TouchedIncident[]> {
    const ref = { groupName: compiled.group.name, ruleName: compiled.rule.name };
    const started = this.clock.nowMs();
    const status = before.statuses.get(ref.ruleName);
    const previous = before.alerts.get(ref.ruleName) ?? [];
    let result: AlertRuleEvaluation;
    let slo: SloEvaluation | undefined;
    try {
      ({ result, slo } = await this.evaluateByKind(tx, compiled, previous, slotMs, before.vectors));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`${ref.groupName}/${ref.ruleName} failed to evaluate: ${message}`);
      await this.ruleStatus.save(tx, {
        ...ref,
        health: 'err',
        lastError: message,
        lastEvalMs: slotMs,
        lastDurationMs: this.clock.nowMs() - started,
        recentFiringsMs: status?.recentFiringsMs ?? [],
        flapping: status?.flapping ?? false,
      });
      return [];
    }
    // Most rules have no alerts before or after: nothing to write.
    const ids =
      previous.length === 0 && result.alerts.length === 0
        ? new Map<string, string>()
        : await this.alerts.replaceForRule(tx, ref, result.alerts);
    const dispatched: DispatchedTransition[] = [];
    const contexts = await this.serviceContexts(
      tx,
      result.transitions.filter((t) => t.kind === 'firing').map((t) => t.alert),
    );
    let charts: Map<string, Array<[number, number]>> | undefined;
    for (const transition of result.transitions) {
      const alertId = ids.get(transition.alert.fingerprint);
      if (alertId === undefined) {
        continue;
      }
      this.logger.log(
        `${ref.groupName}/${ref.ruleName} ${transition.kind}: ${JSON.stringify(transition.alert.labels)}`,
      );
      if (transition.kind === 'firing' && charts === undefined) {
        charts = await this.chartsFor(compiled, slotMs);
      }
      const payload = this.notification(compiled, transition, alertId, slo, charts, contexts);
      dispatched.push({ transition, alertId, notification: payload });
    }
    const touched = await this.dispatcher.dispatch(tx, dispatched);
    const recentFiringsMs = recentFirings(status?.recentFiringsMs ?? [], result.transitions, slotMs);
    const flapping = isFlapping(recentFiringsMs, compiled.rule.flapThreshold);
    if (flapping && status?.flapping !== true) {
      this.logger.warn(
        `${ref.groupName}/${ref.ruleName} is flapping: fired ${recentFiringsMs.length} times in the last hour`,
      );
    }
    await this.ruleStatus.save(tx, {
      ...ref,
      health: 'ok',
      lastEvalMs: slotMs,
      lastDurationMs: this.clock.nowMs() - started,
      recentFiringsMs,
      flapping,
    });
    return touched;
  }

  /** One evaluation of an alerting rule of any kind: reads what the kind needs, runs its pure evaluation. */
  private async evaluateByKind(
    tx: Tx,
    compiled: CompiledAlertingRule,
    previous: readonly AlertState[],
    slotMs: number,
    vectors: ReadonlyMap<string, Promise<ThresholdVectors>>,
  ): Promise<{ result: AlertRuleEvaluation; slo?: SloEvaluation }> {
    switch (compiled.kind) {
      case 'threshold':
        return {
          result: evaluateRuleOnVectors(
            compiled,
            previous,
            await (vectors.get(compiled.rule.name) ?? this.thresholdVectors(compiled, slotMs)),
            slotMs,
          ),
        };
      case 'forecast':
        return {
          result: evaluateForecastRule(
            compiled,
            previous,
            await this.readers.forGroup(compiled.group).read(compiled.selectors, slotMs),
            slotMs,
          ).alerts,
        };
      case 'anomaly': {
        const ref = { groupName: compiled.group.name, ruleName: compiled.rule.name };
        const stored = await this.detectorStates.findByRule(tx, ref);
        const spanMs = anomalyReadSpanMs(compiled, stored, slotMs);
        const data = await this.readers
          .forGroup(compiled.group)
          .read(anomalySelectors(compiled, spanMs), slotMs);
        const excluded = compiled.rule.exclude.flatMap((name) => this.routing.named(name));
        const evaluated = evaluateAnomalyRule(
          compiled,
          previous,
          stored,
          data,
          spanMs,
          slotMs,
          intervalSpans(excluded, slotMs - spanMs, slotMs + 1),
        );
        await this.detectorStates.replaceForRule(tx, ref, evaluated.states);
        return { result: evaluated.alerts };
      }
      case 'slo': {
        const evaluated = evaluateSloRule(
          compiled,
          previous,
          await this.sloData.read(compiled, slotMs),
          slotMs,
        );
        if (evaluated.slo.recordings.length > 0) {
          await this.samples.write(columnsAt(slotMs, evaluated.slo.recordings));
        }
        await this.sloStatuses.save(tx, compiled.group.name, evaluated.slo.status);
        return { result: evaluated.alerts, slo: evaluated.slo };
      }
    }
  }

  /**
   * The vectors of every threshold rule of a group, read at once (they wait on the database, so reading them one
   * rule after the other would add up their round trips) and once per distinct expression, by rule name; the rules
   * then use them in order. Not when
   * the group records: a later rule must see what an earlier recording rule wrote at this slot, as in Prometheus.
   * A failed read fails its rule when the rule awaits it.
   */
  private prefetchThresholdVectors(
    rules: readonly CompiledRule[],
    slotMs: number,
  ): Map<string, Promise<ThresholdVectors>> {
    const vectors = new Map<string, Promise<ThresholdVectors>>();
    if (rules.some((rule) => rule.kind === 'recording')) {
      return vectors;
    }
    // Rules that differ only in their threshold (warning and critical levels) share one read.
    const byQueries = new Map<string, Promise<ThresholdVectors>>();
    for (const rule of rules) {
      if (rule.kind === 'threshold') {
        const queries = thresholdQueries(rule);
        const key = [queries.main, queries.resolveWhen].map((expr) => expr && formatPromql(expr)).join('\n');
        let read = byQueries.get(key);
        if (read === undefined) {
          read = this.thresholdVectors(rule, slotMs);
          read.catch(() => undefined); // handled where the rule awaits it
          byQueries.set(key, read);
        }
        vectors.set(rule.rule.name, read);
      }
    }
    return vectors;
  }

  /**
   * A threshold rule's vectors at the slot, each expression evaluated by the group's reader: here over PostgreSQL, or
   * sent whole to a Prometheus-compatible API.
   */
  private async thresholdVectors(compiled: CompiledAlertRule, slotMs: number): Promise<ThresholdVectors> {
    const reader = this.readers.forGroup(compiled.group);
    const queries = thresholdQueries(compiled);
    const [main, resolveWhen] = await Promise.all([
      reader.instantVector(queries.main, slotMs),
      queries.resolveWhen === undefined ? undefined : reader.instantVector(queries.resolveWhen, slotMs),
    ]);
    return { main, ...(resolveWhen === undefined ? {} : { resolveWhen }) };
  }

  private notification(
    compiled: CompiledAlertingRule,
    transition: AlertTransition,
    alertId: string,
    slo: SloEvaluation | undefined,
    charts: ReadonlyMap<string, Array<[number, number]>> | undefined,
    contexts: ReadonlyMap<string, ServiceContext>,
  ): AlertNotification {
    const { alert } = transition;
    const chart = charts?.get(alert.fingerprint) ?? [];
    const condition = notificationCondition(compiled, slo, alert.labels, alert.annotations);
    return {
      ...condition,
      alertId,
      state: transition.kind,
      ruleName: compiled.rule.name,
      groupName: compiled.group.name,
      ruleFile: compiled.group.file,
      labels: alert.labels,
      annotations: alert.annotations,
      value: alert.value,
      activeAtMs: alert.activeAtMs,
      firedAtMs: alert.firedAtMs ?? alert.activeAtMs,
      resolvedAtMs: alert.resolvedAtMs,
      runbookUrl: compiled.rule.runbookUrl,
      dashboardUrl: compiled.rule.dashboardUrl,
      alertUrl: this.alertUrl(alertId),
      ...(transition.kind === 'firing' && this.config.LINK_SIGNING_SECRET !== undefined
        ? {
            ackUrl: ackUrl(
              this.config.PUBLIC_URL,
              this.config.LINK_SIGNING_SECRET,
              alertId,
              this.clock.nowMs(),
            ),
          }
        : {}),
      ...(transition.kind === 'firing'
        ? {
            context: this.linkedContext(alert.labels, alertId, alert.activeAtMs, contexts),
            ...(chart.length === 0 ? {} : { chart: { points: chart } }),
          }
        : {}),
    };
  }

  /**
   * The charts of a rule's alerts at `slotMs`, read and evaluated once however many of its alerts fire together;
   * empty when they cannot be read (a chart is never worth failing a notification).
   */
  private async chartsFor(
    compiled: CompiledAlertingRule,
    slotMs: number,
  ): Promise<Map<string, Array<[number, number]>>> {
    const source = chartSource(compiled);
    if (source === undefined) {
      return new Map();
    }
    try {
      const data = await this.readers.forGroup(compiled.group).read(source.requests, slotMs);
      return chartPointsByAlert(source, compiled.rule.name, data, slotMs, compiled.group.intervalMs);
    } catch (error) {
      this.logger.warn(`no chart for ${compiled.rule.name}: ${(error as Error).message}`);
      return new Map();
    }
  }

  private alertUrl(alertId: string): string {
    return new URL(`/alerts/${alertId}`, this.config.PUBLIC_URL).toString();
  }

  /**
   * The linked context of a rule's firing alerts: per service and onset, the service's changes in the 2 hours before
   * it and its firing alerts. Two statements however many services fire together (a storm spans hundreds).
   */
  private async serviceContexts(
    tx: Tx,
    alerts: ReadonlyArray<{ labels: Labels; activeAtMs: number }>,
  ): Promise<Map<string, ServiceContext>> {
    const windows = new Map<string, { service: string; fromMs: number; toMs: number }>();
    for (const { labels, activeAtMs } of alerts) {
      const service = labels.service;
      if (service !== undefined && service !== '') {
        windows.set(contextKey(service, activeAtMs), {
          service,
          fromMs: activeAtMs - CHANGE_LOOKBACK_MS,
          toMs: activeAtMs,
        });
      }
    }
    const changes = await this.changes.forServiceWindows(tx, [...windows.values()]);
    const firing = await this.alerts.firingForServices(tx, [
      ...new Set([...windows.values()].map((w) => w.service)),
    ]);
    return new Map(
      [...windows].map(([key, window], index) => [
        key,
        { changes: changes[index] ?? [], firing: firing.get(window.service) ?? [] },
      ]),
    );
  }

  /** The alert's linked context, from its service's (see serviceContexts). */
  private linkedContext(
    labels: Labels,
    alertId: string,
    activeAtMs: number,
    contexts: ReadonlyMap<string, ServiceContext>,
  ): LinkedContext {
    const service = labels.service;
    const found = service === undefined ? undefined : contexts.get(contextKey(service, activeAtMs));
    if (found === undefined) {
      return { changes: [], relatedAlerts: [] };
    }
    const { changes, firing } = found;
    return {
      changes: changes.map(({ id: _id, service: _service, ...change }) => change),
      relatedAlerts: firing
        .filter((other) => other.id !== alertId)
        .map((other) => ({
          alertname: other.labels.alertname ?? other.ruleName,
          ...(other.labels.severity === undefined ? {} : { severity: other.labels.severity }),
          ...(other.annotations.summary === undefined ? {} : { summary: other.annotations.summary }),
          alertUrl: this.alertUrl(other.id),
        })),
    };
  }
}
