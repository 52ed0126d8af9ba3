import { Module } from '@nestjs/common';
import { ApiTokenGuard } from './api-token.guard';
import { ApiTokenRepository } from './api-token.repository';
import { ApiTokenService } from './api-token.service';

@Module({
  providers: [ApiTokenRepository, ApiTokenService, ApiTokenGuard],
  exports: [ApiTokenService, ApiTokenGuard],
})
export class AuthModule {}
