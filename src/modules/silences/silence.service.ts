import { Injectable } from '@nestjs/common';
import { describeSilence, NewSilence } from 'src/core/silences/silence-request';
import { TransactionRunner } from 'src/infra/database/transaction-runner';
import { Actor, AuditRepository } from '../audit/audit.repository';
import { SilenceRepository, StoredSilence } from './silence.repository';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Creates and expires silences (API, pages, CLI, Slack buttons), each change recorded in the audit log in the same
 * transaction, in the name of whoever made it.
 */
@Injectable()
export class SilenceService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly silences: SilenceRepository,
    private readonly audit: AuditRepository,
  ) {}

  create(silence: NewSilence, actor: Actor, nowMs: number): Promise<StoredSilence> {
    return this.transactions.run(async (tx) => {
      const created = await this.silences.create(silence, tx);
      await this.audit.record(tx, {
        atMs: nowMs,
        actor,
        action: 'silence.create',
        target: created.id,
        detail: {
          matchers: describeSilence(created),
          startsAt: iso(created.startsAt),
          endsAt: iso(created.endsAt),
          createdBy: created.createdBy,
          comment: created.comment,
        },
      });
      return created;
    });
  }

  /** Ends a silence now; undefined when there is none with `id`. Expiring an expired silence changes nothing. */
  expire(id: string, actor: Actor, nowMs: number): Promise<StoredSilence | undefined> {
    return this.transactions.run(async (tx) => {
      const before = await this.silences.find(id, tx);
      if (before === undefined || before.endsAt <= nowMs) {
        return before;
      }
      const expired = await this.silences.expire(id, nowMs, tx);
      await this.audit.record(tx, {
        atMs: nowMs,
        actor,
        action: 'silence.expire',
        target: id,
        detail: { matchers: describeSilence(before), endsAt: iso(before.endsAt) },
      });
      return expired;
    });
  }
}
