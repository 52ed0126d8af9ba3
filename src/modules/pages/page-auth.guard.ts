import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { TokenScope } from 'src/core/auth/api-token';
import { ApiTokenService } from '../auth/api-token.service';

export const TOKEN_COOKIE = 'forewarn_token';
const SCOPE_KEY = 'forewarn:page-scope';
const TOKEN_NAME = Symbol('forewarn:page-token-name');

/** Marks a page route as needing an API token with `scope`, from the Authorization header or the login cookie. */
export const PageScope = (scope: TokenScope) => SetMetadata(SCOPE_KEY, scope);

/** The value of one cookie of a request (no cookie-parser needed for one name). */
export function cookieOf(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return undefined;
}

/**
 * Pages use the API's tokens: a `Bearer` header (scripts, `?format=json`) or the HttpOnly cookie set by `/login`.
 * Unauthorized errors are turned into a redirect to `/login` by the page error filter.
 */
@Injectable()
export class PageAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<TokenScope | undefined>(SCOPE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (scope === undefined) {
      return true;
    }
    const request = context.switchToHttp().getRequest<Request>();
    const cookie = cookieOf(request, TOKEN_COOKIE);
    const header = request.headers.authorization ?? (cookie === undefined ? undefined : `Bearer ${cookie}`);
    const token = await this.tokens.authorize(header, scope);
    (request as Request & { [TOKEN_NAME]?: string })[TOKEN_NAME] = token.name;
    return true;
  }
}

/** The name of the token that signed the page request (for "acknowledged by"). */
export function pageTokenName(request: Request): string {
  return (request as Request & { [TOKEN_NAME]?: string })[TOKEN_NAME] ?? 'page';
}
