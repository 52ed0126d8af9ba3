import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AlertNotification } from 'src/core/alerts/alert-notification';
import { IncidentDetail, IncidentDetailNotification } from 'src/core/pages/incident-detail';
import { Severity } from 'src/core/reports/report-incident';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { epochMsSql as ms } from 'src/infra/database/epoch-ms-sql';

/** Deploys this long before onset are shown (as the linked context of notifications does). */
const DEPLOYS_BEFORE_MS = 2 * 3_600_000;

interface IncidentRow {
  id: string;
  title: string;
  receiver: string;
  service: string | null;
  team: string | null;
  severity: Severity | null;
  started_ms: number;
  acknowledged_ms: number | null;
  acknowledged_by: string | null;
  ack_source: string | null;
  resolved_ms: number | null;
}

/** Reads one incident with its alerts, notifications, the service's deploys around it and its other open incidents. */
@Injectable()
export class IncidentPageRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(id: string, nowMs: number): Promise<IncidentDetail | undefined> {
    const { rows } = await this.pool.query<IncidentRow>(
      `SELECT id, title, receiver, service, team, severity, ${ms('started_at')} AS started_ms,
              ${ms('acknowledged_at')} AS acknowledged_ms, acknowledged_by, ack_source, ${ms('resolved_at')} AS resolved_ms
         FROM incidents WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) {
      return undefined;
    }
    const untilMs = row.resolved_ms ?? nowMs;
    const [alerts, notifications, deploys, related] = await Promise.all([
      this.pool.query<{
        fingerprint: string;
        rule_name: string;
        group_name: string;
        labels: Record<string, string>;
        state: 'firing' | 'resolved';
        fired_ms: number;
        resolved_ms: number | null;
        muted: string | null;
        notification: Partial<AlertNotification>;
      }>(
        `SELECT fingerprint, rule_name, group_name, labels, state, ${ms('fired_at')} AS fired_ms,
                ${ms('resolved_at')} AS resolved_ms, muted, notification
           FROM incident_alerts WHERE incident_id = $1 ORDER BY fired_at, fingerprint`,
        [id],
      ),
      this.pool.query<{
        event: string;
        channel: string;
        target: string;
        reason: string | null;
        status: IncidentDetailNotification['status'];
        attempts: number;
        last_error: string | null;
        created_ms: number;
        delivered_ms: number | null;
      }>(
        `SELECT event, channel, target, reason, status, attempts, last_error, ${ms('created_at')} AS created_ms,
                ${ms('delivered_at')} AS delivered_ms
           FROM notification_outbox WHERE incident_id = $1 ORDER BY created_at, channel`,
        [id],
      ),
      row.service === null
        ? Promise.resolve({ rows: [] })
        : this.pool.query<{
            at_ms: number;
            version: string | null;
            url: string | null;
            author: string | null;
          }>(
            `SELECT ${ms('at')} AS at_ms, version, url, author FROM change_events
              WHERE service = $1 AND at >= to_timestamp($2::float8 / 1000) AND at <= to_timestamp($3::float8 / 1000)
              ORDER BY at LIMIT 20`,
            [row.service, row.started_ms - DEPLOYS_BEFORE_MS, untilMs],
          ),
      row.service === null
        ? Promise.resolve({ rows: [] })
        : this.pool.query<{ id: string; title: string; started_ms: number }>(
            `SELECT id, title, ${ms('started_at')} AS started_ms FROM incidents
              WHERE service = $1 AND resolved_at IS NULL AND id <> $2 ORDER BY started_at DESC LIMIT 10`,
            [row.service, id],
          ),
    ]);
    return {
      id: row.id,
      title: row.title,
      receiver: row.receiver,
      service: row.service,
      team: row.team,
      severity: row.severity,
      startedAtMs: row.started_ms,
      acknowledged:
        row.acknowledged_ms === null
          ? null
          : {
              atMs: row.acknowledged_ms,
              by: row.acknowledged_by ?? 'unknown',
              source: row.ack_source ?? 'unknown',
            },
      resolvedAtMs: row.resolved_ms,
      alerts: alerts.rows.map((alert) => ({
        fingerprint: alert.fingerprint,
        ruleName: alert.rule_name,
        groupName: alert.group_name,
        labels: alert.labels,
        state: alert.state,
        firedAtMs: alert.fired_ms,
        resolvedAtMs: alert.resolved_ms,
        muted: alert.muted,
        notification: alert.notification,
      })),
      notifications: notifications.rows.map((sent) => ({
        event: sent.event,
        channel: sent.channel,
        target: sent.target,
        reason: sent.reason,
        status: sent.status,
        attempts: sent.attempts,
        lastError: sent.last_error,
        createdAtMs: sent.created_ms,
        deliveredAtMs: sent.delivered_ms,
      })),
      deploys: deploys.rows.map((deploy) => ({
        atMs: deploy.at_ms,
        version: deploy.version,
        url: deploy.url,
        author: deploy.author,
      })),
      related: related.rows.map((other) => ({
        id: other.id,
        title: other.title,
        startedAtMs: other.started_ms,
      })),
    };
  }

  /** The newest incident an alert (by its `alerts` id) is part of. */
  async incidentOfAlert(alertId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ incident_id: string }>(
      `SELECT a.incident_id FROM incident_alerts a JOIN incidents i ON i.id = a.incident_id
        WHERE a.alert_id = $1 ORDER BY i.started_at DESC LIMIT 1`,
      [alertId],
    );
    return rows[0]?.incident_id;
  }
}
