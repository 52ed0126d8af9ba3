import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { authorizeRoute } from '../auth/api-token.guard';
import { ApiTokenService } from '../auth/api-token.service';

export const TOKEN_COOKIE = 'forewarn_token';

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
 * Pages use the API's tokens and `RequireScope`: a `Bearer` header (scripts, `?format=json`) or the HttpOnly cookie
 * set by `/login`. Unauthorized errors are turned into a redirect to `/login` by the page error filter.
 */
@Injectable()
export class PageAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokenService,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    return authorizeRoute(this.reflector, this.tokens, context, (request) => {
      const cookie = cookieOf(request, TOKEN_COOKIE);
      return request.headers.authorization ?? (cookie === undefined ? undefined : `Bearer ${cookie}`);
    });
  }
}
