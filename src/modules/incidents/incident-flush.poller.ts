import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { IncidentFlushService } from './incident-flush.service';

/**
 * Worker role: flushes due incidents every FLUSH_TICK. Every worker polls; the row lock (SKIP LOCKED) gives each
 * flush to one of them. Evaluation also flushes at once what is due right after it commits, so the tick only
 * bounds the wait of group_wait and group_interval flushes.
 */
@Injectable()
export class IncidentFlushPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IncidentFlushPoller.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flusher: IncidentFlushService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.FLUSH_TICK);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running !== undefined) {
      return;
    }
    this.running = this.flusher
      .flushDue()
      .then(() => undefined)
      .catch((error: Error) => this.logger.error(`flushing incidents failed: ${error.message}`))
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }
}
