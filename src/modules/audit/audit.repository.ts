import { Injectable } from '@nestjs/common';
import { Tx } from 'src/infra/database/transaction-runner';

/** Where a change was made. */
export type AuditSource = 'api' | 'page' | 'cli' | 'slack';

/** Who made a change, and from where. */
export interface Actor {
  /** The API token's name, the Slack user or the shell user. */
  readonly name: string;
  readonly source: AuditSource;
}

export interface AuditEntry {
  readonly atMs: number;
  readonly actor: Actor;
  /** e.g. `silence.create`, `silence.expire`. */
  readonly action: string;
  /** The id of what was changed. */
  readonly target: string;
  readonly detail: Record<string, string | number | null>;
}

/** The audit log: one row per change, written in the change's own transaction. */
@Injectable()
export class AuditRepository {
  async record(tx: Tx, entry: AuditEntry): Promise<void> {
    await tx.auditLog.create({
      data: {
        at: new Date(entry.atMs),
        actor: entry.actor.name,
        source: entry.actor.source,
        action: entry.action,
        target: entry.target,
        detail: entry.detail,
      },
    });
  }
}
