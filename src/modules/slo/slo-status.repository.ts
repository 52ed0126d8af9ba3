import { Injectable } from '@nestjs/common';
import { SloStatus } from 'src/core/slo/evaluate-slo';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';

export interface StoredSloStatus {
  readonly groupName: string;
  readonly status: SloStatus;
}

/** The latest evaluation of each SLO, written in its group's evaluation transaction. */
@Injectable()
export class SloStatusRepository {
  constructor(private readonly prisma: PrismaService) {}

  async save(tx: Tx, groupName: string, status: SloStatus): Promise<void> {
    const row = {
      evaluatedAt: new Date(status.evaluatedAtMs),
      status: JSON.parse(JSON.stringify(status)) as object,
    };
    await tx.sloStatus.upsert({
      where: { groupName_sloName: { groupName, sloName: status.slo } },
      create: { groupName, sloName: status.slo, ...row },
      update: row,
    });
  }

  /** Every stored status, by SLO name. */
  async list(): Promise<StoredSloStatus[]> {
    const rows = await this.prisma.sloStatus.findMany({
      orderBy: [{ sloName: 'asc' }, { groupName: 'asc' }],
    });
    return rows.map((row) => ({ groupName: row.groupName, status: row.status as unknown as SloStatus }));
  }

  /** The stored status of the SLO `name` (of the first group by name, as `list` orders them), if any. */
  async find(name: string): Promise<StoredSloStatus | undefined> {
    const row = await this.prisma.sloStatus.findFirst({
      where: { sloName: name },
      orderBy: { groupName: 'asc' },
    });
    return row === null
      ? undefined
      : { groupName: row.groupName, status: row.status as unknown as SloStatus };
  }

  /** Forgets the statuses of SLOs no longer in a group. */
  async removeOthers(tx: Tx, groupName: string, keep: readonly string[]): Promise<void> {
    await tx.sloStatus.deleteMany({ where: { groupName, sloName: { notIn: [...keep] } } });
  }
}
