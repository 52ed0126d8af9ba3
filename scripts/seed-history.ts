import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { prepareDatabase } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { databaseUrlOf, describeBackends, withOpenDatabase } from 'src/infra/database/database-backend';
import { SeedIncident, seedHistoryData } from './seed-history-data';
import { seedMutes } from './seed-mutes';

/**
 * `npm run seed:history`: writes 8 weeks of made-up incidents (with their alerts, the notifications sent, the
 * services' deploys, silences and the mutes they caused) into DATABASE_URL, or the embedded database without it, so
 * `/reports` and the pages show something on first start. Seeded rows are marked (`route_id = 'seed'`, change events by `seed:`, silences by an
 * author starting with `seed:`) and replaced on every run; nothing else is touched.
 */
const MINUTE = 60_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The watched value around an incident: under the threshold, above it from onset to resolution. */
function chartPoints(incident: SeedIncident, nowMs: number): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  const end = Math.min(nowMs, (incident.resolvedAtMs ?? nowMs) + 30 * MINUTE);
  const { threshold } = incident;
  for (let at = incident.startedAtMs - 3 * 60 * MINUTE; at <= end; at += 2 * MINUTE) {
    const breaching = at >= incident.startedAtMs - 2 * MINUTE && at < (incident.resolvedAtMs ?? Infinity);
    const wave = Math.sin(at / (17 * MINUTE)) * 0.08 + Math.sin(at / (5 * MINUTE)) * 0.04;
    points.push([at, Number((threshold * ((breaching ? 1.35 : 0.62) + wave)).toPrecision(4))]);
  }
  return points;
}

export async function seedHistory(
  pool: Pool,
  nowMs: number,
  publicUrl = 'http://localhost:8080',
): Promise<SeedIncident[]> {
  const { incidents, deploys } = seedHistoryData(nowMs);
  const incidentRows = incidents.map((incident) => ({
    id: incident.id,
    group_key: `seed:${incident.id}`,
    receiver: 'oncall',
    group_labels: { alertname: incident.ruleName, service: incident.service },
    title: incident.title,
    service: incident.service,
    team: incident.team,
    severity: incident.severity,
    started_at: iso(incident.startedAtMs),
    acknowledged_at: iso(incident.acknowledgedAtMs),
    acknowledged_by: incident.acknowledgedBy,
    ack_source: incident.acknowledgedAtMs === null ? null : 'slack',
    resolved_at: iso(incident.resolvedAtMs),
  }));
  const alertRows = incidents.flatMap((incident) =>
    incident.fingerprints.map((fingerprint, index) => {
      const labels = {
        alertname: incident.ruleName,
        service: incident.service,
        team: incident.team,
        severity: incident.severity,
        instance: `${incident.service}-${index + 1}`,
      };
      const alertId = randomUUID();
      const firedAtMs = incident.startedAtMs + index * 30_000;
      return {
        incident_id: incident.id,
        fingerprint,
        alert_id: alertId,
        group_name: incident.groupName,
        rule_name: incident.ruleName,
        labels,
        state: incident.resolvedAtMs === null ? 'firing' : 'resolved',
        fired_at: iso(firedAtMs),
        resolved_at: iso(incident.resolvedAtMs),
        notification: {
          alertId,
          state: incident.resolvedAtMs === null ? 'firing' : 'resolved',
          ruleName: incident.ruleName,
          groupName: incident.groupName,
          ruleFile: `${incident.groupName}.yaml`,
          expr: `${incident.ruleName.toLowerCase()}_value{service="${incident.service}"} > ${incident.threshold}`,
          labels,
          annotations: { summary: incident.summary },
          value: incident.threshold * 1.35,
          threshold: { op: '>', value: incident.threshold },
          activeAtMs: firedAtMs - 2 * MINUTE,
          firedAtMs,
          ...(incident.resolvedAtMs === null ? {} : { resolvedAtMs: incident.resolvedAtMs }),
          runbookUrl: `https://runbooks.example.com/${incident.service}/${incident.ruleName}`,
          dashboardUrl: `https://grafana.example.com/d/${incident.service}`,
          chart: { points: chartPoints(incident, nowMs) },
          alertUrl: `${publicUrl}/incidents/${incident.id}`,
        },
      };
    }),
  );
  const outboxRows = incidents.flatMap((incident, index) => {
    const firing = {
      id: randomUUID(),
      incident_id: incident.id,
      event: 'firing',
      channel: 'slack',
      target: '#alerts',
      integration: 'slack:#alerts',
      reason: 'new alerts',
      status: 'delivered',
      attempts: 1,
      last_error: null as string | null,
      created_at: iso(incident.startedAtMs + 30_000),
      delivered_at: iso(incident.startedAtMs + 31_000),
    };
    const email = {
      ...firing,
      id: randomUUID(),
      channel: 'email',
      target: 'oncall@example.com',
      integration: 'email:oncall@example.com',
      // Every 9th email bounced: the overview shows a failing receiver.
      status: index % 9 === 0 ? 'failed' : 'delivered',
      attempts: index % 9 === 0 ? 20 : 1,
      last_error: index % 9 === 0 ? '550 mailbox unavailable' : null,
      delivered_at: index % 9 === 0 ? null : iso(incident.startedAtMs + 33_000),
    };
    const resolved =
      incident.resolvedAtMs === null
        ? []
        : [
            {
              ...firing,
              id: randomUUID(),
              event: 'resolved',
              reason: 'all alerts resolved',
              created_at: iso(incident.resolvedAtMs + 30_000),
              delivered_at: iso(incident.resolvedAtMs + 31_000),
            },
          ];
    return [firing, email, ...resolved];
  });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`DELETE FROM incidents WHERE route_id = 'seed'`);
    await client.query(`DELETE FROM change_events WHERE description = 'seed:history'`);
    await client.query(
      `INSERT INTO incidents (id, group_key, route_id, receiver, group_labels, title, service, team, severity, started_at,
                              acknowledged_at, acknowledged_by, ack_source, resolved_at)
       SELECT x.id, x.group_key, 'seed', x.receiver, x.group_labels, x.title, x.service, x.team, x.severity, x.started_at,
              x.acknowledged_at, x.acknowledged_by, x.ack_source, x.resolved_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, group_key text, receiver text, group_labels jsonb, title text,
              service text, team text, severity text, started_at timestamptz, acknowledged_at timestamptz,
              acknowledged_by text, ack_source text, resolved_at timestamptz)`,
      [JSON.stringify(incidentRows)],
    );
    await client.query(
      `INSERT INTO incident_alerts (incident_id, fingerprint, alert_id, group_name, rule_name, labels, state, fired_at,
                                    resolved_at, notification)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(incident_id uuid, fingerprint text, alert_id uuid,
              group_name text, rule_name text, labels jsonb, state text, fired_at timestamptz, resolved_at timestamptz,
              notification jsonb)`,
      [JSON.stringify(alertRows)],
    );
    await client.query(
      `INSERT INTO notification_outbox (id, incident_id, event, channel, target, integration, reason, payload, status,
                                        attempts, last_error, created_at, updated_at, delivered_at)
       SELECT x.id, x.incident_id, x.event, x.channel, x.target, x.integration, x.reason, '{}'::jsonb, x.status,
              x.attempts, x.last_error, x.created_at, x.created_at, x.delivered_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, incident_id uuid, event text, channel text, target text,
              integration text, reason text, status text, attempts int, last_error text, created_at timestamptz,
              delivered_at timestamptz)`,
      [JSON.stringify(outboxRows)],
    );
    await client.query(
      `INSERT INTO change_events (service, at, version, author, url, description)
       SELECT x.service, x.at, x.version, x.author, 'https://ci.example.com/' || x.service || '/' || x.version, 'seed:history'
         FROM jsonb_to_recordset($1::jsonb) AS x(service text, at timestamptz, version text, author text)`,
      [JSON.stringify(deploys.map((deploy) => ({ ...deploy, at: iso(deploy.atMs) })))],
    );
    const { silences, mutes } = seedMutes(incidents, nowMs);
    await client.query(`DELETE FROM silences WHERE created_by LIKE 'seed:%'`);
    await client.query(
      `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment)
       SELECT x.id, x.matchers, x.starts_at, x.ends_at, 'seed:' || x.created_by, x.comment
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, matchers jsonb, starts_at timestamptz, ends_at timestamptz,
              created_by text, comment text)`,
      [
        JSON.stringify(
          silences.map((silence) => ({
            ...silence,
            starts_at: iso(silence.startsAtMs),
            ends_at: iso(silence.endsAtMs),
            created_by: silence.createdBy,
          })),
        ),
      ],
    );
    await client.query(
      `INSERT INTO alert_mutes (incident_id, fingerprint, kind, reason, started_at, ended_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(incident_id uuid, fingerprint text, kind text, reason text,
              started_at timestamptz, ended_at timestamptz)`,
      [
        JSON.stringify(
          mutes.map((mute) => ({
            incident_id: mute.incidentId,
            fingerprint: mute.fingerprint,
            kind: mute.kind,
            reason: mute.reason,
            started_at: iso(mute.startedAtMs),
            ended_at: iso(mute.endedAtMs),
          })),
        ),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return incidents;
}

/** Seeds the database `config` names, or the embedded one in FOREWARN_DATA_DIR (while no forewarn process holds it). */
async function main(log: (line: string) => void): Promise<void> {
  const config = parseConfig(process.env);
  await withOpenDatabase(config, async (opened) => {
    await prepareDatabase(opened, log);
    const pool = new Pool({ connectionString: databaseUrlOf(opened), max: 1 });
    try {
      const incidents = await seedHistory(pool, Date.now(), config.PUBLIC_URL);
      log(
        `seeded ${incidents.length} incidents over 8 weeks (${incidents.filter((i) => i.resolvedAtMs === null).length} open) into ${describeBackends(opened).database}`,
      );
      log(
        `open ${config.PUBLIC_URL}/reports, ${config.PUBLIC_URL}/alerts, ${config.PUBLIC_URL}/silences (sign in with an API token)`,
      );
    } finally {
      await pool.end();
    }
  });
}

if (require.main === module) {
  main((line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`seed:history failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
