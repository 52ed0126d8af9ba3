import { Controller, Get, Header } from '@nestjs/common';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';

/** `GET /metrics`: forewarn's own metrics in the Prometheus text format. Open endpoint. */
@Controller('metrics')
export class TelemetryController {
  constructor(private readonly telemetry: TelemetryService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.telemetry.registry.metrics();
  }
}
