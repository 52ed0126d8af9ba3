import { Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { UnauthorizedError, ForbiddenError } from 'src/core/errors';
import { loginPage, safeNext } from 'src/core/pages/login-page';
import { ApiTokenService } from '../auth/api-token.service';
import { TOKEN_COOKIE } from './page-auth.guard';
import { readForm } from './read-form';

const THIRTY_DAYS_MS = 30 * 86_400_000;

/** `GET /login` shows the form; `POST /login` checks the token (read scope) and keeps it in a cookie. */
@Controller()
export class LoginController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Get('login')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  form(@Query('next') next?: string): string {
    return loginPage(safeNext(next));
  }

  @Post('login')
  async login(@Req() request: Request, @Res() response: Response): Promise<void> {
    const form = await readForm(request);
    const next = safeNext(form.get('next'));
    const token = (form.get('token') ?? '').trim();
    try {
      await this.tokens.authorize(`Bearer ${token}`, 'read');
    } catch (error) {
      if (error instanceof UnauthorizedError || error instanceof ForbiddenError) {
        response.status(401).type('html').send(loginPage(next, error.message));
        return;
      }
      throw error;
    }
    response.cookie(TOKEN_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: THIRTY_DAYS_MS,
    });
    response.redirect(303, next);
  }

  @Post('logout')
  logout(@Res() response: Response): void {
    response.clearCookie(TOKEN_COOKIE, { path: '/' });
    response.redirect(303, '/login');
  }
}
