import { Module } from '@nestjs/common';
import { RoutingRegistry } from './routing.registry';

@Module({ providers: [RoutingRegistry], exports: [RoutingRegistry] })
export class RoutingModule {}
