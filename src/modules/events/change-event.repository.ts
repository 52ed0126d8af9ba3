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
}
