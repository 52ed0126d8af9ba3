import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { ReportAlert, ReportIncident, Severity } from 'src/core/reports/report-incident';
import { ReportFilters } from 'src/core/reports/reliability-report';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { epochMsSql as ms } from 'src/infra/database/epoch-ms-sql';

interface IncidentRow {
  id: string;
  title: string;
  service: string | null;
  team: string | null;
  severity: Severity | null;
  started_ms: number;
  acknowledged_ms: number | null;
  resolved_ms: number | null;
}

interface AlertRow {
  incident_id: string;
  group_name: string;
  rule_name: string;
  fingerprint: string;
  fired_ms: number;
}

/** Reads incidents and their alert episodes for the reports (plain `pg`: a quarter is thousands of rows). */
@Injectable()
export class ReportRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Incidents that started in `[fromMs, toMs)` and match the filters, and the alerts of those incidents. */
  async incidentsStartedIn(
    fromMs: number,
    toMs: number,
    filters: ReportFilters,
  ): Promise<{ incidents: ReportIncident[]; alerts: ReportAlert[] }> {
    const where = `i.started_at >= to_timestamp($1::float8 / 1000) AND i.started_at < to_timestamp($2::float8 / 1000)
      AND ($3::text IS NULL OR i.service = $3) AND ($4::text IS NULL OR i.team = $4)`;
    const params = [fromMs, toMs, filters.service ?? null, filters.team ?? null];
    const [incidents, alerts] = await Promise.all([
      this.pool.query<IncidentRow>(
        `SELECT i.id, i.title, i.service, i.team, i.severity, ${ms('i.started_at')} AS started_ms,
                ${ms('i.acknowledged_at')} AS acknowledged_ms, ${ms('i.resolved_at')} AS resolved_ms
           FROM incidents i WHERE ${where}`,
        params,
      ),
      this.pool.query<AlertRow>(
        `SELECT a.incident_id, a.group_name, a.rule_name, a.fingerprint, ${ms('a.fired_at')} AS fired_ms
           FROM incident_alerts a JOIN incidents i ON i.id = a.incident_id WHERE ${where}`,
        params,
      ),
    ]);
    return {
      incidents: incidents.rows.map((row) => ({
        id: row.id,
        title: row.title,
        service: row.service,
        team: row.team,
        severity: row.severity,
        startedAtMs: row.started_ms,
        acknowledgedAtMs: row.acknowledged_ms,
        resolvedAtMs: row.resolved_ms,
      })),
      alerts: alerts.rows.map((row) => ({
        incidentId: row.incident_id,
        groupName: row.group_name,
        ruleName: row.rule_name,
        fingerprint: row.fingerprint,
        firedAtMs: row.fired_ms,
      })),
    };
  }

  /** The services and teams incidents were ever opened for (the page's filter choices). */
  async dimensions(): Promise<{ services: string[]; teams: string[] }> {
    const { rows } = await this.pool.query<{ kind: string; value: string }>(
      `SELECT DISTINCT 'service' AS kind, service AS value FROM incidents WHERE service IS NOT NULL
       UNION SELECT DISTINCT 'team', team FROM incidents WHERE team IS NOT NULL ORDER BY 1, 2`,
    );
    return {
      services: rows.filter((row) => row.kind === 'service').map((row) => row.value),
      teams: rows.filter((row) => row.kind === 'team').map((row) => row.value),
    };
  }
}
