import { Module } from '@nestjs/common';
import { TimeIntervalsRegistry } from './time-intervals.registry';

@Module({ providers: [TimeIntervalsRegistry], exports: [TimeIntervalsRegistry] })
export class RoutingModule {}
