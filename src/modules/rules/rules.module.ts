import { Module } from '@nestjs/common';
import { RuleRegistry } from './rule-registry.service';

@Module({ providers: [RuleRegistry], exports: [RuleRegistry] })
export class RulesModule {}
