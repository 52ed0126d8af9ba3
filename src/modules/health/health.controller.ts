import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Pool } from 'pg';
import { formatRuleProblem } from 'src/core/rules/load-rule-file';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { describeBackends } from 'src/infra/database/database-backend';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { JobQueue } from 'src/infra/queue/job-queue';
import { RuleRegistry } from '../rules/rule-registry.service';

/**
 * `/health/live` (the process answers) and `/health/ready` (PostgreSQL and the queue backend answer; each says which
 * backend it is: embedded or external PostgreSQL, Redis or PostgreSQL queue). A failed rule reload does
 * not make the service unready, because the previous rules keep running; it shows in the `rules` details instead.
 * Open endpoints: no token.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: JobQueue,
    private readonly rules: RuleRegistry,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const backends = describeBackends(this.config);
    const database = { backend: this.config.DATABASE_BACKEND, description: backends.database };
    const queue = { backend: this.config.QUEUE_BACKEND, description: backends.queue };
    return this.health.check([
      async () => {
        const check = this.indicators.check('database');
        try {
          await this.pool.query('SELECT 1');
          return check.up(database);
        } catch (error) {
          return check.down({ ...database, message: (error as Error).message });
        }
      },
      async () => {
        const check = this.indicators.check('queue');
        try {
          await this.queue.ping();
          return check.up(queue);
        } catch (error) {
          return check.down({ ...queue, message: (error as Error).message });
        }
      },
      () => {
        const last = this.rules.lastReload();
        return this.indicators.check('rules').up({
          lastReloadSuccess: last.success,
          lastReloadAt: last.atMs === 0 ? null : new Date(last.atMs).toISOString(),
          groups: last.groups,
          rules: last.rules,
          problems: last.problems.map(formatRuleProblem),
        });
      },
    ]);
  }
}
