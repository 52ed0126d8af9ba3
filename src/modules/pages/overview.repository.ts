import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { OpenIncident } from 'src/core/pages/overview';
import { Severity } from 'src/core/reports/report-incident';
import { epochMsSql as ms } from 'src/infra/database/epoch-ms-sql';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';

/** More open incidents than this is a storm; the overview lists the oldest ones. */
const OPEN_LIMIT = 500;

/** Reads the open incidents with their firing alerts (what fires now) for the overview page. */
@Injectable()
export class OverviewRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async openIncidents(): Promise<OpenIncident[]> {
    const { rows } = await this.pool.query<{
      id: string;
      title: string;
      service: string | null;
      severity: Severity | null;
      started_ms: number;
      acknowledged_ms: number | null;
      alerts: Array<{
        rule_name: string;
        labels: Record<string, string>;
        fired_ms: number;
        muted: string | null;
      }>;
    }>(
      `SELECT i.id, i.title, i.service, i.severity, ${ms('i.started_at')} AS started_ms,
              ${ms('i.acknowledged_at')} AS acknowledged_ms,
              coalesce(jsonb_agg(jsonb_build_object('rule_name', a.rule_name, 'labels', a.labels,
                                                    'fired_ms', ${ms('a.fired_at')}, 'muted', a.muted)
                                 ORDER BY a.fired_at, a.fingerprint) FILTER (WHERE a.state = 'firing'), '[]') AS alerts
         FROM incidents i LEFT JOIN incident_alerts a ON a.incident_id = i.id
        WHERE i.resolved_at IS NULL
        GROUP BY i.id
        ORDER BY i.started_at
        LIMIT ${OPEN_LIMIT}`,
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      service: row.service,
      severity: row.severity,
      startedAtMs: row.started_ms,
      acknowledgedAtMs: row.acknowledged_ms,
      alerts: row.alerts.map((alert) => ({
        ruleName: alert.rule_name,
        labels: alert.labels,
        firedAtMs: alert.fired_ms,
        muted: alert.muted,
      })),
    }));
  }
}
