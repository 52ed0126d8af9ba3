import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AlertRepository } from './alert.repository';
import { AlertsController } from './alerts.controller';
import { RuleStatusRepository } from './rule-status.repository';

@Module({
  providers: [AlertRepository, RuleStatusRepository],
  exports: [AlertRepository, RuleStatusRepository],
})
export class AlertsModule {}

@Module({ imports: [AlertsModule, AuthModule], controllers: [AlertsController] })
export class AlertsApiModule {}
