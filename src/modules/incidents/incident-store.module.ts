import { Module } from '@nestjs/common';
import { IncidentRepository } from './incident.repository';

@Module({ providers: [IncidentRepository], exports: [IncidentRepository] })
export class IncidentStoreModule {}
