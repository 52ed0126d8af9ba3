import { Global, Module } from '@nestjs/common';
import { PgPoolCloser, PG_POOL, pgPoolProvider } from './pg-pool.provider';
import { PrismaService } from './prisma.service';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  providers: [pgPoolProvider, PgPoolCloser, PrismaService, TransactionRunner],
  exports: [PG_POOL, PrismaService, TransactionRunner],
})
export class DatabaseModule {}
