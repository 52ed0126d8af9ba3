import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AcknowledgementModule } from '../incidents/acknowledgement.module';
import { AlertsModule } from './alerts.module';
import { AlertsController } from './alerts.controller';

@Module({ imports: [AlertsModule, AuthModule, AcknowledgementModule], controllers: [AlertsController] })
export class AlertsApiModule {}
