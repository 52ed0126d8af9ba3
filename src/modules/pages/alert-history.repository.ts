import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AlertHistoryFilters } from 'src/core/history/alert-history-filters';
import { AlertHistory, HistoryAlert, HistoryMute } from 'src/core/history/alert-history';
import { Labels } from 'src/core/model';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/** Row filters on `incident_alerts a`, with their parameters from `$1`. */
function where(filters: AlertHistoryFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [filters.fromMs, filters.toMs, filters.rule ?? null, filters.service ?? null];
  const mutedBy = (kind: string) =>
    `EXISTS (SELECT 1 FROM alert_mutes m WHERE m.incident_id = a.incident_id AND m.fingerprint = a.fingerprint
                AND m.kind = '${kind}')`;
  const state: Record<NonNullable<AlertHistoryFilters['state']>, string> = {
    firing: `a.state = 'firing'`,
    resolved: `a.state = 'resolved'`,
    silenced: mutedBy('silenced'),
    inhibited: mutedBy('inhibited'),
  };
  return {
    sql: `a.fired_at < to_timestamp($2::float8 / 1000)
      AND (a.resolved_at IS NULL OR a.resolved_at >= to_timestamp($1::float8 / 1000))
      AND ($3::text IS NULL OR a.rule_name = $3) AND ($4::text IS NULL OR a.labels->>'service' = $4)
      ${filters.state === undefined ? '' : `AND ${state[filters.state]}`}`,
    params,
  };
}

/**
 * The alert history: every firing episode of an alert (one per rule, label set and firing time, however many
 * incidents its routes put it in), with its mutes from `alert_mutes`.
 */
@Injectable()
export class AlertHistoryRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(filters: AlertHistoryFilters): Promise<AlertHistory> {
    const { sql, params } = where(filters);
    const episodes = `SELECT a.group_name, a.rule_name, a.fingerprint, a.fired_at,
             (array_agg(a.labels ORDER BY a.updated_at DESC))[1] AS labels,
             (array_agg(a.state ORDER BY a.updated_at DESC))[1] AS state,
             max(a.resolved_at) AS resolved_at, array_agg(a.incident_id::text ORDER BY a.incident_id) AS incident_ids
        FROM incident_alerts a WHERE ${sql} GROUP BY a.group_name, a.rule_name, a.fingerprint, a.fired_at`;
    const [page, count] = await Promise.all([
      this.pool.query<{
        group_name: string;
        rule_name: string;
        fingerprint: string;
        labels: Labels;
        state: 'firing' | 'resolved';
        fired_ms: number;
        resolved_ms: number | null;
        incident_ids: string[];
      }>(
        `SELECT group_name, rule_name, fingerprint, labels, state, ${ms('fired_at')} AS fired_ms,
                ${ms('resolved_at')} AS resolved_ms, incident_ids
           FROM (${episodes}) e ORDER BY fired_at DESC, rule_name, fingerprint LIMIT $5 OFFSET $6`,
        [...params, filters.limit, (filters.page - 1) * filters.limit],
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM (${episodes}) e`, params),
    ]);
    const mutes = await this.mutes(
      page.rows.flatMap((row) => row.incident_ids),
      page.rows.map((row) => row.fingerprint),
    );
    const alerts: HistoryAlert[] = page.rows.map((row) => ({
      groupName: row.group_name,
      ruleName: row.rule_name,
      fingerprint: row.fingerprint,
      labels: row.labels,
      state: row.state,
      firedAtMs: row.fired_ms,
      resolvedAtMs: row.resolved_ms,
      incidentIds: row.incident_ids,
      mutes: dedupMutes(row.incident_ids.flatMap((id) => mutes.get(`${id}/${row.fingerprint}`) ?? [])),
    }));
    return { filters, total: count.rows[0]?.total ?? 0, alerts };
  }

  /** Mutes of the listed alerts by `incident/fingerprint`, oldest first. */
  private async mutes(incidentIds: string[], fingerprints: string[]): Promise<Map<string, HistoryMute[]>> {
    const byAlert = new Map<string, HistoryMute[]>();
    if (incidentIds.length === 0) {
      return byAlert;
    }
    const { rows } = await this.pool.query<{
      incident_id: string;
      fingerprint: string;
      kind: HistoryMute['kind'];
      reason: string;
      started_ms: number;
      ended_ms: number | null;
    }>(
      `SELECT incident_id, fingerprint, kind, reason, ${ms('started_at')} AS started_ms, ${ms('ended_at')} AS ended_ms
         FROM alert_mutes WHERE incident_id = ANY($1::uuid[]) AND fingerprint = ANY($2::text[]) ORDER BY started_at`,
      [incidentIds, fingerprints],
    );
    for (const row of rows) {
      const key = `${row.incident_id}/${row.fingerprint}`;
      byAlert.set(key, [
        ...(byAlert.get(key) ?? []),
        { kind: row.kind, reason: row.reason, startedAtMs: row.started_ms, endedAtMs: row.ended_ms },
      ]);
    }
    return byAlert;
  }

  /** The rules and services alerts were ever recorded for (the page's filter choices). */
  async dimensions(): Promise<{ rules: string[]; services: string[] }> {
    const { rows } = await this.pool.query<{ kind: string; value: string }>(
      `SELECT DISTINCT 'rule' AS kind, rule_name AS value FROM incident_alerts
       UNION SELECT DISTINCT 'service', labels->>'service' FROM incident_alerts WHERE labels ? 'service' ORDER BY 1, 2`,
    );
    return {
      rules: rows.filter((row) => row.kind === 'rule').map((row) => row.value),
      services: rows.filter((row) => row.kind === 'service').map((row) => row.value),
    };
  }
}

/** The same mute seen through two incidents (two routes) once. */
function dedupMutes(mutes: readonly HistoryMute[]): HistoryMute[] {
  return [
    ...new Map(mutes.map((mute) => [`${mute.kind}/${mute.reason}/${mute.startedAtMs}`, mute])).values(),
  ].sort((a, b) => a.startedAtMs - b.startedAtMs);
}
