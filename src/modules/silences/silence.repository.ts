import { Injectable } from '@nestjs/common';
import { LabelMatcher } from 'src/core/routing/label-matchers';
import { Silence } from 'src/core/routing/silence';
import { NewSilence } from 'src/core/silences/silence-request';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

export interface StoredSilence extends Silence {
  readonly createdAtMs: number;
  /** Notifications this silence has muted. */
  readonly suppressed: number;
}

type SilenceRow = Awaited<ReturnType<PrismaService['silence']['findMany']>>[number];

function toSilence(row: SilenceRow): StoredSilence {
  return {
    id: row.id,
    matchers: row.matchers as unknown as LabelMatcher[],
    startsAt: row.startsAt.getTime(),
    endsAt: row.endsAt.getTime(),
    createdBy: row.createdBy,
    comment: row.comment,
    createdAtMs: row.createdAt.getTime(),
    suppressed: row.suppressed,
  };
}

@Injectable()
export class SilenceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(silence: NewSilence, db: Tx | PrismaService = this.prisma): Promise<StoredSilence> {
    const row = await db.silence.create({
      data: {
        matchers: silence.matchers.map(({ name, op, value }) => ({ name, op, value })),
        startsAt: new Date(silence.startsAt),
        endsAt: new Date(silence.endsAt),
        createdBy: silence.createdBy,
        comment: silence.comment,
      },
    });
    return toSilence(row);
  }

  async find(id: string, db: Tx | PrismaService = this.prisma): Promise<StoredSilence | undefined> {
    const row = await db.silence.findUnique({ where: { id } });
    return row === null ? undefined : toSilence(row);
  }

  /** Silences not yet over at `nowMs` (active and pending) and, with `includeExpired`, the others too; newest first. */
  async list(nowMs: number, includeExpired: boolean): Promise<StoredSilence[]> {
    const rows = await this.prisma.silence.findMany({
      where: includeExpired ? {} : { endsAt: { gt: new Date(nowMs) } },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(toSilence);
  }

  /** Silences not over at `nowMs`, newest first, and the `expiredLimit` that ended last with how many have ended. */
  async forPage(
    nowMs: number,
    expiredLimit: number,
  ): Promise<{ silences: StoredSilence[]; expiredTotal: number }> {
    const now = new Date(nowMs);
    const [current, expired, expiredTotal] = await Promise.all([
      this.prisma.silence.findMany({ where: { endsAt: { gt: now } }, orderBy: { createdAt: 'desc' } }),
      this.prisma.silence.findMany({
        where: { endsAt: { lte: now } },
        orderBy: [{ endsAt: 'desc' }, { createdAt: 'desc' }],
        take: expiredLimit,
      }),
      this.prisma.silence.count({ where: { endsAt: { lte: now } } }),
    ]);
    return { silences: [...current, ...expired].map(toSilence), expiredTotal };
  }

  /** Silences that may mute something at `nowMs`, read in the evaluation's transaction. */
  async activeAt(tx: Tx, nowMs: number): Promise<Silence[]> {
    const at = new Date(nowMs);
    const rows = await tx.silence.findMany({ where: { startsAt: { lte: at }, endsAt: { gt: at } } });
    return rows.map(toSilence);
  }

  /** Ends a silence now (a pending one never starts). */
  async expire(
    id: string,
    nowMs: number,
    db: Tx | PrismaService = this.prisma,
  ): Promise<StoredSilence | undefined> {
    const existing = await this.find(id, db);
    if (existing === undefined) {
      return undefined;
    }
    if (existing.endsAt <= nowMs) {
      return existing;
    }
    const now = new Date(nowMs);
    const row = await db.silence.update({
      where: { id },
      data: { endsAt: now, ...(existing.startsAt > nowMs ? { startsAt: now } : {}) },
    });
    return toSilence(row);
  }

  /** Adds to each silence's count of alerts it held back (`counts`: by silence id). */
  async countSuppressed(tx: Tx, counts: ReadonlyMap<string, number>): Promise<void> {
    if (counts.size > 0) {
      await tx.$executeRaw`
        UPDATE public.silences s SET suppressed = s.suppressed + v.n
        FROM unnest(${[...counts.keys()]}::uuid[], ${[...counts.values()]}::int[]) AS v(id, n)
        WHERE s.id = v.id`;
    }
  }
}
