import { Injectable } from '@nestjs/common';
import { PrismaService } from 'src/infra/database/prisma.service';
import { Tx } from 'src/infra/database/transaction-runner';
import { RuleRef } from './alert.repository';

export interface RuleStatus extends RuleRef {
  readonly health: 'ok' | 'err';
  readonly lastError?: string;
  readonly lastEvalMs: number;
  readonly lastDurationMs: number;
  readonly recentFiringsMs: readonly number[];
  readonly flapping: boolean;
}

type RuleStatusRow = Awaited<ReturnType<PrismaService['ruleStatus']['findMany']>>[number];

function toStatus(row: RuleStatusRow): RuleStatus {
  return {
    groupName: row.groupName,
    ruleName: row.ruleName,
    health: row.health === 'err' ? 'err' : 'ok',
    lastError: row.lastError ?? undefined,
    lastEvalMs: row.lastEvalAt.getTime(),
    lastDurationMs: row.lastDurationMs,
    recentFiringsMs: Array.isArray(row.recentFirings) ? row.recentFirings.map(Number) : [],
    flapping: row.flapping,
  };
}

/** Health, timing and recent firings of each rule, as its last evaluation left them. */
@Injectable()
export class RuleStatusRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The statuses of a group's rules, by rule name (read once per evaluation of the group). */
  async findByGroup(tx: Tx, groupName: string): Promise<Map<string, RuleStatus>> {
    const rows = await tx.ruleStatus.findMany({ where: { groupName } });
    return new Map(rows.map((row) => [row.ruleName, toStatus(row)]));
  }

  async save(tx: Tx, status: RuleStatus): Promise<void> {
    const data = {
      health: status.health,
      lastError: status.lastError ?? null,
      lastEvalAt: new Date(status.lastEvalMs),
      lastDurationMs: status.lastDurationMs,
      recentFirings: [...status.recentFiringsMs],
      flapping: status.flapping,
    };
    await tx.ruleStatus.upsert({
      where: { groupName_ruleName: { groupName: status.groupName, ruleName: status.ruleName } },
      create: { groupName: status.groupName, ruleName: status.ruleName, ...data },
      update: data,
    });
  }

  async list(): Promise<RuleStatus[]> {
    return (await this.prisma.ruleStatus.findMany()).map(toStatus);
  }
}
