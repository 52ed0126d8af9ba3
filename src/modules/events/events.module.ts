import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChangeEventRepository } from './change-event.repository';
import { EventsController } from './events.controller';

@Module({ providers: [ChangeEventRepository], exports: [ChangeEventRepository] })
export class EventsModule {}

@Module({ imports: [EventsModule, AuthModule], controllers: [EventsController] })
export class EventsApiModule {}
