import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobQueue } from './job-queue';
import { QUEUES } from './queue.contract';
import { queueConnectionOptions } from './queue-backend';

/**
 * The queues of the queue contract, on Redis or on BullMQ's PostgreSQL backend (QUEUE_BACKEND): every queue is
 * registered here from QUEUES, so a queue added to the contract gets the configured backend too.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => queueConnectionOptions(config),
    }),
    BullModule.registerQueue(...QUEUES.map((name) => ({ name }))),
  ],
  providers: [JobQueue],
  exports: [JobQueue, BullModule],
})
export class QueueModule {}
