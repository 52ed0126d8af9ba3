import { Injectable } from '@nestjs/common';
import { Tx } from 'src/infra/database/transaction-runner';

/** The last evaluated slot of each rule group; the row lock serialises evaluations of one group across workers. */
@Injectable()
export class RuleGroupEvaluationRepository {
  /** Locks the group's row for this transaction and returns its last evaluated slot (undefined if never evaluated). */
  async lockLastSlot(tx: Tx, groupName: string): Promise<number | undefined> {
    await tx.$executeRaw`INSERT INTO public.rule_group_evaluations (group_name, last_slot_at, last_duration_ms)
                         VALUES (${groupName}, to_timestamp(0), 0) ON CONFLICT (group_name) DO NOTHING`;
    const rows = await tx.$queryRaw<Array<{ last_slot_at: Date }>>`
      SELECT last_slot_at FROM public.rule_group_evaluations WHERE group_name = ${groupName} FOR UPDATE`;
    const last = rows[0]?.last_slot_at.getTime();
    return last === undefined || last === 0 ? undefined : last;
  }

  async record(tx: Tx, groupName: string, slotMs: number, durationMs: number, error?: string): Promise<void> {
    await tx.ruleGroupEvaluation.update({
      where: { groupName },
      data: {
        lastSlotAt: new Date(slotMs),
        lastDurationMs: Math.round(durationMs),
        lastError: error ?? null,
      },
    });
  }
}
