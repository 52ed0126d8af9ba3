import { Injectable } from '@nestjs/common';
import { EmbeddedSessionPool } from './embedded-session-pool';
import { PrismaService } from './prisma.service';

/**
 * An open database transaction. Services pass it from the runner to repositories without looking inside, so that
 * only repositories ever touch Prisma.
 */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

@Injectable()
export class TransactionRunner {
  constructor(private readonly prisma: PrismaService) {}

  /** On the embedded server, what `work` does through the pool runs inside the transaction (EmbeddedSessionPool). */
  run<T>(work: (tx: Tx) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
    return EmbeddedSessionPool.inTransaction(() =>
      this.prisma.$transaction(work, { timeout: options.timeoutMs ?? 30_000, maxWait: 10_000 }),
    );
  }
}
