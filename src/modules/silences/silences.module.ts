import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SilenceRepository } from './silence.repository';
import { SilencesController } from './silences.controller';

@Module({ providers: [SilenceRepository], exports: [SilenceRepository] })
export class SilencesModule {}

@Module({ imports: [SilencesModule, AuthModule], controllers: [SilencesController] })
export class SilencesApiModule {}
