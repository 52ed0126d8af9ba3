import { Injectable } from '@nestjs/common';
import { AlertState, AlertStatus } from 'src/core/alerts/alert-state';
import { Labels } from 'src/core/model';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

export interface RuleRef {
  readonly groupName: string;
  readonly ruleName: string;
}

export interface StoredAlert extends AlertState {
  readonly id: string;
}

const toMs = (date: Date | null) => (date === null ? undefined : date.getTime());

export type AckSource = 'slack' | 'email' | 'api';

export interface Acknowledgement {
  readonly atMs: number;
  readonly by: string;
  readonly source: AckSource;
}

export interface ListedAlert extends StoredAlert, RuleRef {
  /** Set when the current episode (since `activeAtMs`) was acknowledged. */
  readonly acknowledged?: Acknowledgement;
}

type AlertRow = Awaited<ReturnType<PrismaService['alert']['findMany']>>[number];

function toAlert(row: AlertRow): ListedAlert {
  return {
    groupName: row.groupName,
    ruleName: row.ruleName,
    id: row.id,
    fingerprint: row.fingerprint,
    labels: row.labels as Labels,
    annotations: row.annotations as Labels,
    status: row.state as AlertStatus,
    value: row.value,
    activeAtMs: row.activeAt.getTime(),
    firedAtMs: toMs(row.firedAt),
    resolvedAtMs: toMs(row.resolvedAt),
    keepFiringSinceMs: toMs(row.keepFiringSince),
    lastEvalMs: row.lastEvalAt.getTime(),
    ...(row.acknowledgedAt !== null && row.acknowledgedAt >= row.activeAt
      ? {
          acknowledged: {
            atMs: row.acknowledgedAt.getTime(),
            by: row.acknowledgedBy ?? 'unknown',
            source: (row.ackSource ?? 'api') as AckSource,
          },
        }
      : {}),
  };
}

/** Alert state per rule and label set, read and replaced inside the evaluation transaction. */
@Injectable()
export class AlertRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The alerts of a group's rules, by rule name (read once per evaluation of the group). */
  async findByGroup(tx: Tx, groupName: string): Promise<Map<string, StoredAlert[]>> {
    const byRule = new Map<string, StoredAlert[]>();
    for (const row of await tx.alert.findMany({ where: { groupName } })) {
      byRule.set(row.ruleName, [...(byRule.get(row.ruleName) ?? []), toAlert(row)]);
    }
    return byRule;
  }

  /** Alerts of the group whose rule is not among `ruleNames` (the rule was removed from its file). */
  async findOfOtherRules(tx: Tx, groupName: string, ruleNames: readonly string[]): Promise<ListedAlert[]> {
    const rows = await tx.alert.findMany({ where: { groupName, ruleName: { notIn: [...ruleNames] } } });
    return rows.map(toAlert);
  }

  async find(id: string): Promise<ListedAlert | undefined> {
    const row = await this.prisma.alert.findUnique({ where: { id } });
    return row === null ? undefined : toAlert(row);
  }

  /** Records who acknowledged the alert's current episode, and from where; undefined when there is no such alert. */
  async acknowledge(id: string, ack: Acknowledgement): Promise<ListedAlert | undefined> {
    const rows = await this.prisma.alert.updateManyAndReturn({
      where: { id },
      data: { acknowledgedAt: new Date(ack.atMs), acknowledgedBy: ack.by, ackSource: ack.source },
    });
    const row = rows[0];
    return row === undefined ? undefined : toAlert(row);
  }

  /** Firing alerts whose `service` label is `service`, newest first (at most `limit`). */
  /** The firing alerts of each of `services` (by their `service` label), newest first, at most `limit` each. */
  async firingForServices(
    tx: Tx,
    services: readonly string[],
    limit = 10,
  ): Promise<Map<string, ListedAlert[]>> {
    const byService = new Map<string, ListedAlert[]>();
    if (services.length === 0) {
      return byService;
    }
    const ranked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY labels->>'service' ORDER BY fired_at DESC) AS n
        FROM public.alerts WHERE state = 'firing' AND labels->>'service' = ANY(${[...services]}::text[])
      ) ranked
      WHERE n <= ${limit}`;
    const rows = await tx.alert.findMany({
      where: { id: { in: ranked.map((row) => row.id) } },
      orderBy: { firedAt: 'desc' },
    });
    for (const alert of rows.map(toAlert)) {
      const service = alert.labels.service ?? '';
      byService.set(service, [...(byService.get(service) ?? []), alert]);
    }
    return byService;
  }

  /** Labels of every firing alert, silenced or not: the sources inhibition looks at. */
  async firingLabels(db: Tx | PrismaService = this.prisma): Promise<Labels[]> {
    const rows = await db.alert.findMany({ where: { state: 'firing' }, select: { labels: true } });
    return rows.map((row) => row.labels as Labels);
  }

  /** Every tracked alert (pending, firing, and resolved within the last 15 minutes), newest activity first. */
  async list(filter: { groupName?: string; status?: AlertStatus } = {}): Promise<ListedAlert[]> {
    const rows = await this.prisma.alert.findMany({
      where: { groupName: filter.groupName, state: filter.status },
      orderBy: [{ activeAt: 'desc' }, { fingerprint: 'asc' }],
    });
    return rows.map(toAlert);
  }

  /** Makes the stored alerts of `rule` exactly `alerts`; returns the id of each by fingerprint. */
  async replaceForRule(tx: Tx, rule: RuleRef, alerts: readonly AlertState[]): Promise<Map<string, string>> {
    await tx.alert.deleteMany({
      where: {
        groupName: rule.groupName,
        ruleName: rule.ruleName,
        fingerprint: { notIn: alerts.map((a) => a.fingerprint) },
      },
    });
    if (alerts.length === 0) {
      return new Map();
    }
    // One statement for every alert of the rule (a storm fires thousands at once). Values go as text so that
    // NaN and infinities reach float8 intact.
    const time = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    const rows = await tx.$queryRaw<Array<{ fingerprint: string; id: string }>>`
      INSERT INTO public.alerts (group_name, rule_name, fingerprint, labels, annotations, state, value, active_at,
                                 fired_at, resolved_at, keep_firing_since, last_eval_at)
      SELECT ${rule.groupName}, ${rule.ruleName}, a.*
      FROM unnest(${alerts.map((a) => a.fingerprint)}::text[],
                  ${alerts.map((a) => JSON.stringify(a.labels))}::jsonb[],
                  ${alerts.map((a) => JSON.stringify(a.annotations))}::jsonb[],
                  ${alerts.map((a) => a.status)}::text[],
                  ${alerts.map((a) => String(a.value))}::float8[],
                  ${alerts.map((a) => time(a.activeAtMs))}::timestamptz[],
                  ${alerts.map((a) => time(a.firedAtMs))}::timestamptz[],
                  ${alerts.map((a) => time(a.resolvedAtMs))}::timestamptz[],
                  ${alerts.map((a) => time(a.keepFiringSinceMs))}::timestamptz[],
                  ${alerts.map((a) => time(a.lastEvalMs))}::timestamptz[]) AS a
      ON CONFLICT (group_name, rule_name, fingerprint) DO UPDATE SET
        labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, state = EXCLUDED.state, value = EXCLUDED.value,
        active_at = EXCLUDED.active_at, fired_at = EXCLUDED.fired_at, resolved_at = EXCLUDED.resolved_at,
        keep_firing_since = EXCLUDED.keep_firing_since, last_eval_at = EXCLUDED.last_eval_at,
        updated_at = CURRENT_TIMESTAMP
      RETURNING fingerprint, id`;
    const ids = new Map(rows.map((row) => [row.fingerprint, row.id]));
    return ids;
  }
}
