import { Module } from '@nestjs/common';
import { AlertRepository } from './alert.repository';
import { RuleStatusRepository } from './rule-status.repository';

@Module({
  providers: [AlertRepository, RuleStatusRepository],
  exports: [AlertRepository, RuleStatusRepository],
})
export class AlertsModule {}
