import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaClient } from 'src/generated/prisma/client';
import { MigrationChecksumError, applyMigrations, readMigrations } from 'src/infra/database/migration-runner';
import { TestDatabase, createTestDatabase } from '../support/test-database';

describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('apply to an empty database, record Prisma history, and are idempotent', async () => {
    const migrations = await readMigrations();
    const first = await applyMigrations(database.url);
    expect(first.applied).toEqual(migrations.map((migration) => migration.name));
    const second = await applyMigrations(database.url);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{
        migration_name: string;
        checksum: string;
        applied_steps_count: number;
      }>(
        'SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(rows).toEqual(
        migrations.map((migration) => ({
          migration_name: migration.name,
          checksum: createHash('sha256').update(migration.sql).digest('hex'),
          applied_steps_count: 1,
        })),
      );
    } finally {
      await client.end();
    }
  });

  it('refuse to run when an applied migration was edited', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const [first] = await readMigrations();
      await client.query("UPDATE _prisma_migrations SET checksum = 'edited' WHERE migration_name = $1", [
        first?.name,
      ]);
      await expect(applyMigrations(database.url)).rejects.toBeInstanceOf(MigrationChecksumError);
      await client.query('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [
        first?.checksum,
        first?.name,
      ]);
      await expect(applyMigrations(database.url)).resolves.toMatchObject({ applied: [] });
    } finally {
      await client.end();
    }
  });

  it('match schema.prisma: every model works through the Prisma client', async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    try {
      const series = await prisma.series.create({
        data: { metric: 'up', labels: { __name__: 'up', job: 'api' }, fingerprint: 'f'.repeat(32) },
      });
      await prisma.$executeRaw`SELECT public.forewarn_ensure_sample_partition('2026-11-26'::date)`;
      await prisma.sample.create({
        data: { seriesId: series.id, ts: new Date('2026-11-26T12:00:00Z'), value: 1.5 },
      });
      expect(await prisma.sample.findMany({ where: { seriesId: series.id } })).toEqual([
        { seriesId: series.id, ts: new Date('2026-11-26T12:00:00Z'), value: 1.5 },
      ]);

      const token = await prisma.apiToken.create({ data: { name: 't', tokenHash: 'h', scopes: ['ingest'] } });
      expect(token.revokedAt).toBeNull();

      const now = new Date('2026-11-26T12:00:00Z');
      const alert = await prisma.alert.create({
        data: {
          groupName: 'g',
          ruleName: 'r',
          fingerprint: 'a'.repeat(32),
          labels: { alertname: 'r' },
          annotations: {},
          state: 'firing',
          value: 2,
          activeAt: now,
          firedAt: now,
          lastEvalAt: now,
        },
      });
      await prisma.ruleGroupEvaluation.create({
        data: { groupName: 'g', lastSlotAt: now, lastDurationMs: 3 },
      });
      const firing = await prisma.notificationOutbox.create({
        data: { alertId: alert.id, event: 'firing', channel: 'slack', target: '#x', payload: { a: 1 } },
      });
      const resolved = await prisma.notificationOutbox.create({
        data: {
          alertId: alert.id,
          event: 'resolved',
          channel: 'slack',
          target: '#x',
          payload: {},
          replyToId: firing.id,
        },
        include: { replyTo: true },
      });
      expect(resolved.replyTo?.id).toBe(firing.id);
      expect(resolved.status).toBe('pending');
      await expect(
        prisma.notificationOutbox.create({
          data: { alertId: alert.id, event: 'bogus', channel: 'slack', target: '#x', payload: {} },
        }),
      ).rejects.toThrow();
      const digest = {
        dedupKey: 'digest:2026-W47',
        event: 'digest',
        channel: 'email',
        target: 'a@x',
        payload: {},
      };
      expect((await prisma.notificationOutbox.create({ data: digest })).dedupKey).toBe('digest:2026-W47');
      await expect(prisma.notificationOutbox.create({ data: digest })).rejects.toThrow();
      await prisma.sloStatus.create({
        data: { groupName: 'g', sloName: 'checkout', evaluatedAt: now, status: { sli: 0.999 } },
      });
      expect(
        await prisma.sloStatus.findUnique({
          where: { groupName_sloName: { groupName: 'g', sloName: 'checkout' } },
        }),
      ).toMatchObject({ status: { sli: 0.999 } });
      const silence = await prisma.silence.create({
        data: {
          matchers: [{ name: 'service', op: '=', value: 'x' }],
          startsAt: now,
          endsAt: now,
          createdBy: 'a',
          comment: 'c',
        },
      });
      expect(silence.suppressed).toBe(0);
      const change = await prisma.changeEvent.create({
        data: { service: 'checkout', at: now, version: 'v1' },
      });
      expect(change.commit).toBeNull();
      await prisma.anomalyDetectorState.create({
        data: {
          groupName: 'g',
          ruleName: 'r',
          fingerprint: 'f',
          labels: { service: 'checkout' },
          configHash: 'h',
          lastTs: now,
          state: { count: 3 },
        },
      });
      expect(await prisma.anomalyDetectorState.findMany()).toMatchObject([{ state: { count: 3 } }]);
      await expect(
        prisma.silence.create({
          data: {
            matchers: [],
            startsAt: now,
            endsAt: new Date(now.getTime() - 1),
            createdBy: 'a',
            comment: 'c',
          },
        }),
      ).rejects.toThrow();
      await prisma.alert.update({
        where: { id: alert.id },
        data: { acknowledgedAt: now, acknowledgedBy: 'ana', ackSource: 'slack' },
      });

      const incident = await prisma.incident.create({
        data: {
          groupKey: '{}:oncall:{service="checkout"}',
          routeId: '{}',
          receiver: 'oncall',
          groupLabels: { service: 'checkout' },
          title: 'r checkout',
          service: 'checkout',
          severity: 'critical',
          startedAt: now,
          nextFlushAt: now,
          alerts: {
            create: {
              fingerprint: alert.fingerprint,
              alertId: alert.id,
              groupName: 'g',
              ruleName: 'r',
              labels: { alertname: 'r' },
              state: 'firing',
              firedAt: now,
              notification: { alertId: alert.id },
            },
          },
          log: { create: { integration: 'slack:#x', firing: ['f'], resolved: [], sentAt: now } },
        },
        include: { alerts: true, log: true },
      });
      expect(incident.alerts).toHaveLength(1);
      expect(incident.log[0]?.sends).toBe(1);
      const grouped = await prisma.notificationOutbox.create({
        data: {
          incidentId: incident.id,
          integration: 'slack:#x',
          reason: 'first notification',
          event: 'firing',
          channel: 'slack',
          target: '#x',
          payload: {},
        },
      });
      expect(grouped.alertId).toBeNull();
      const mute = await prisma.alertMute.create({
        data: {
          incidentId: incident.id,
          fingerprint: alert.fingerprint,
          kind: 'silenced',
          reason: 'silenced by s1',
          startedAt: now,
        },
        include: { alert: true },
      });
      expect(mute).toMatchObject({ endedAt: null, alert: { ruleName: 'r' } });
      await expect(
        prisma.alertMute.create({
          data: {
            incidentId: incident.id,
            fingerprint: 'nope',
            kind: 'silenced',
            reason: 'x',
            startedAt: now,
          },
        }),
      ).rejects.toThrow();
      const audit = await prisma.auditLog.create({
        data: { at: now, actor: 'ana', source: 'page', action: 'silence.create', target: silence.id },
      });
      expect(audit.detail).toEqual({});
      await expect(
        prisma.auditLog.create({
          data: { at: now, actor: 'ana', source: 'fax', action: 'silence.create', target: silence.id },
        }),
      ).rejects.toThrow();
      // One open incident per group key; a closed one does not count.
      await expect(
        prisma.incident.create({
          data: { ...incidentRow(incident), startedAt: now },
        }),
      ).rejects.toThrow();
      await prisma.incident.update({ where: { id: incident.id }, data: { resolvedAt: now } });
      await prisma.incident.create({ data: { ...incidentRow(incident), startedAt: now } });
      await expect(
        prisma.incident.update({ where: { id: incident.id }, data: { severity: 'page' } }),
      ).rejects.toThrow();

      const bucket = {
        seriesId: series.id,
        bucket: new Date('2026-11-26T12:00:00Z'),
        count: 2,
        sum: 3,
        min: 1,
        max: 2,
        firstTs: new Date('2026-11-26T12:00:15Z'),
        firstValue: 1,
        lastTs: new Date('2026-11-26T12:00:30Z'),
        lastValue: 2,
        resetSum: 0,
      };
      for (const width of ['1m', '5m', '1h', '1d']) {
        await prisma.$executeRaw`SELECT public.forewarn_ensure_rollup_partition(${width}, '2026-11-26'::date)`;
      }
      await prisma.sampleRollup1m.create({ data: bucket });
      await prisma.sampleRollup5m.create({ data: bucket });
      await prisma.sampleRollup1h.create({ data: { ...bucket, resetSum: 7 } });
      expect(await prisma.sampleRollup1m.findMany()).toEqual([bucket]);
      expect(await prisma.sampleRollup5m.findMany()).toEqual([bucket]);
      expect(await prisma.sampleRollup1h.findMany()).toEqual([{ ...bucket, resetSum: 7 }]);
      await prisma.sampleRollup1d.create({ data: { ...bucket, bucket: new Date('2026-11-26T00:00:00Z') } });
      expect(await prisma.sampleRollup1d.findMany()).toEqual([
        { ...bucket, bucket: new Date('2026-11-26T00:00:00Z') },
      ]);
      const dirty = await prisma.sampleRollupDirty.create({
        data: { minTs: now, maxTs: now, seriesIds: [series.id] },
      });
      expect(await prisma.sampleRollupDirty.findUnique({ where: { id: dirty.id } })).toMatchObject({
        seriesIds: [series.id],
      });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('create a daily partition safely when many sessions ask for it at once', async () => {
    const clients = Array.from({ length: 8 }, () => new Client({ connectionString: database.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      await Promise.all(
        clients.map((client) =>
          client.query("SELECT public.forewarn_ensure_sample_partition('2031-01-02'::date)"),
        ),
      );
      const { rows } = await clients[0]!.query<{ name: string | null }>(
        "SELECT to_regclass('public.samples_20310102')::text AS name",
      );
      expect(rows[0]?.name).toBe('samples_20310102');
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});

function incidentRow(incident: { groupKey: string; routeId: string; receiver: string; title: string }) {
  return {
    groupKey: incident.groupKey,
    routeId: incident.routeId,
    receiver: incident.receiver,
    groupLabels: {},
    title: incident.title,
  };
}
