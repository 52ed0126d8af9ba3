import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsModule } from '../alerts/alerts.module';
import { MetricsModule } from '../metrics/metrics.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RulesModule } from '../rules/rules.module';
import { SloModule } from '../slo/slo.module';
import { EventsModule } from '../events/events.module';
import { RoutingModule } from '../routing/routing.module';
import { DetectorStateRepository } from '../anomaly/detector-state.repository';
import { EvaluationProcessor } from './evaluation.processor';
import { EvaluationScheduler } from './evaluation.scheduler';
import { EvaluationService } from './evaluation.service';
import { RuleGroupEvaluationRepository } from './rule-group-evaluation.repository';

/** Worker role: evaluates rule groups. */
@Module({
  imports: [
    RulesModule,
    MetricsModule,
    IncidentsModule,
    AlertsModule,
    SloModule,
    EventsModule,
    RoutingModule,
  ],
  providers: [EvaluationService, EvaluationProcessor, RuleGroupEvaluationRepository, DetectorStateRepository],
  exports: [EvaluationService],
})
export class EvaluationWorkerModule {}

/** Scheduler role: enqueues evaluations and maintenance on a timer. */
@Module({ imports: [ScheduleModule.forRoot(), RulesModule], providers: [EvaluationScheduler] })
export class EvaluationSchedulerModule {}
