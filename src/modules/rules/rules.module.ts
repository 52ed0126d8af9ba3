import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { RuleRegistry } from './rule-registry.service';
import { RulesController } from './rules.controller';

@Module({ providers: [RuleRegistry], exports: [RuleRegistry] })
export class RulesModule {}

@Module({ imports: [RulesModule, AlertsModule, AuthModule], controllers: [RulesController] })
export class RulesApiModule {}
