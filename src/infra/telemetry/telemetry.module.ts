import { Global, Module } from '@nestjs/common';
import { TelemetryService } from './telemetry.service';

/** forewarn's own metrics (served at `/metrics`). */
@Global()
@Module({ providers: [TelemetryService], exports: [TelemetryService] })
export class TelemetryModule {}
