import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { Clock } from './infra/clock';
import { ConfigModule } from './infra/config/config.module';
import { DatabaseModule } from './infra/database/database.module';
import { QueueModule } from './infra/queue/queue.module';
import { EvaluationSchedulerModule, EvaluationWorkerModule } from './modules/evaluation/evaluation.module';
import { HealthController } from './modules/health/health.controller';
import { TelemetryController } from './modules/health/telemetry.controller';
import { OutboxDepthCollector } from './modules/health/outbox-depth.collector';
import { AlertsApiModule } from './modules/alerts/alerts-api.module';
import { IncidentsApiModule, IncidentsWorkerModule } from './modules/incidents/incidents.module';
import { RulesApiModule, RulesModule } from './modules/rules/rules.module';
import { TerminusModule } from '@nestjs/terminus';
import { TelemetryModule } from './infra/telemetry/telemetry.module';
import { MaintenanceWorkerModule } from './modules/maintenance/maintenance.module';
import { MetricsApiModule } from './modules/metrics/metrics.module';
import { QueryApiModule } from './modules/query/query.module';
import { SloApiModule } from './modules/slo/slo.module';
import { SilencesApiModule } from './modules/silences/silences.module';
import { SlackApiModule } from './modules/slack/slack.module';
import { EventsApiModule } from './modules/events/events.module';
import { AckApiModule } from './modules/ack/ack.module';
import { NotificationsWorkerModule, ReceiversApiModule } from './modules/notifications/notifications.module';
import { DigestSchedulerModule, ReportsApiModule } from './modules/reports/reports.module';
import { PagesApiModule } from './modules/pages/pages.module';

export const ROLES = ['all', 'api', 'scheduler', 'worker'] as const;
export type Role = (typeof ROLES)[number];

@Module({ providers: [Clock], exports: [Clock] })
class ClockModule {}

@Module({
  imports: [
    MetricsApiModule,
    QueryApiModule,
    RulesApiModule,
    AlertsApiModule,
    IncidentsApiModule,
    ReceiversApiModule,
    SloApiModule,
    SilencesApiModule,
    SlackApiModule,
    EventsApiModule,
    AckApiModule,
    ReportsApiModule,
    PagesApiModule,
    RulesModule,
    TerminusModule,
  ],
  controllers: [HealthController, TelemetryController],
  providers: [OutboxDepthCollector],
})
class ApiRoleModule {}

@Module({ imports: [EvaluationSchedulerModule, DigestSchedulerModule] })
class SchedulerRoleModule {}

@Module({
  imports: [
    EvaluationWorkerModule,
    NotificationsWorkerModule,
    IncidentsWorkerModule,
    MaintenanceWorkerModule,
  ],
})
class WorkerRoleModule {}

export type Component = Exclude<Role, 'all'>;

const COMPONENT_MODULES: Readonly<Record<Component, Type>> = {
  api: ApiRoleModule,
  scheduler: SchedulerRoleModule,
  worker: WorkerRoleModule,
};

/** The components a role runs: `all` is simply every component in one process. */
export function componentsOf(role: Role): Component[] {
  return role === 'all' ? ['api', 'scheduler', 'worker'] : [role];
}

/** The application for a set of components, built from the same modules. */
@Module({})
export class AppModule {
  static forComponents(components: readonly Component[], config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        { module: ClockModule, global: true },
        DatabaseModule,
        QueueModule,
        TelemetryModule,
        ...components.map((component) => COMPONENT_MODULES[component]),
      ],
    };
  }
}
