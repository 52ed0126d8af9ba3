import { Injectable } from '@nestjs/common';
import { ChangeEvent } from 'src/core/events/change-event';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

type Row = Awaited<ReturnType<PrismaService['changeEvent']['findMany']>>[number];

export interface StoredChangeEvent extends ChangeEvent {
  readonly id: string;
}

function toEvent(row: Row): StoredChangeEvent {
  return {
    id: row.id,
    service: row.service,
    atMs: row.at.getTime(),
    ...(row.version === null ? {} : { version: row.version }),
    ...(row.commit === null ? {} : { commit: row.commit }),
    ...(row.url === null ? {} : { url: row.url }),
    ...(row.author === null ? {} : { author: row.author }),
    ...(row.description === null ? {} : { description: row.description }),
  };
}

@Injectable()
export class ChangeEventRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(event: ChangeEvent): Promise<StoredChangeEvent> {
    const { atMs, ...rest } = event;
    return toEvent(await this.prisma.changeEvent.create({ data: { ...rest, at: new Date(atMs) } }));
  }

  /** Changes of `service` in `[fromMs, toMs]`, newest first (at most `limit`). */
  async forService(
    db: Tx | PrismaService,
    service: string,
    fromMs: number,
    toMs: number,
    limit = 10,
  ): Promise<StoredChangeEvent[]> {
    const rows = await db.changeEvent.findMany({
      where: { service, at: { gte: new Date(fromMs), lte: new Date(toMs) } },
      orderBy: { at: 'desc' },
      take: limit,
    });
    return rows.map(toEvent);
  }

  /** The changes of each window's service in `[fromMs, toMs]`, newest first (at most `limit` each), in window order. */
  async forServiceWindows(
    tx: Tx,
    windows: ReadonlyArray<{ service: string; fromMs: number; toMs: number }>,
    limit = 10,
  ): Promise<StoredChangeEvent[][]> {
    if (windows.length === 0) {
      return [];
    }
    // One lateral probe of the (service, at) index per window.
    const found = await tx.$queryRaw<Array<{ i: bigint; id: string }>>`
      SELECT w.i, e.id
      FROM unnest(${windows.map((w) => w.service)}::text[],
                  ${windows.map((w) => new Date(w.fromMs).toISOString())}::timestamptz[],
                  ${windows.map((w) => new Date(w.toMs).toISOString())}::timestamptz[])
             WITH ORDINALITY AS w(service, from_at, to_at, i)
      CROSS JOIN LATERAL (
        SELECT id FROM public.change_events e
        WHERE e.service = w.service AND e.at >= w.from_at AND e.at <= w.to_at
        ORDER BY e.at DESC LIMIT ${limit}
      ) e`;
    const rows = await tx.changeEvent.findMany({ where: { id: { in: found.map((hit) => hit.id) } } });
    const byId = new Map(rows.map((row) => [row.id, toEvent(row)]));
    const result = windows.map((): StoredChangeEvent[] => []);
    for (const hit of found) {
      const event = byId.get(hit.id);
      if (event !== undefined) {
        result[Number(hit.i) - 1]?.push(event);
      }
    }
    result.forEach((events) => events.sort((a, b) => b.atMs - a.atMs));
    return result;
  }
}
