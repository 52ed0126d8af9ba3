import { Module } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { AuthModule } from '../auth/auth.module';
import { SilenceRepository } from './silence.repository';
import { SilenceService } from './silence.service';
import { SilencesController } from './silences.controller';

@Module({
  providers: [SilenceRepository, AuditRepository, SilenceService],
  exports: [SilenceRepository, SilenceService],
})
export class SilencesModule {}

@Module({ imports: [SilencesModule, AuthModule], controllers: [SilencesController] })
export class SilencesApiModule {}
