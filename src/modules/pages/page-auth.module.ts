import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LoginController } from './login.controller';
import { PageAuthGuard } from './page-auth.guard';

/** Sign-in for the pages, and the guard that reads the token from the header or the cookie. */
@Module({
  imports: [AuthModule],
  controllers: [LoginController],
  providers: [PageAuthGuard],
  exports: [PageAuthGuard, AuthModule],
})
export class PageAuthModule {}
