import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { TokenScope } from 'src/core/auth/api-token';
import { ApiTokenService } from './api-token.service';

const SCOPE_KEY = 'forewarn:scope';

/** Marks a route as needing an API token with `scope`. */
export const RequireScope = (scope: TokenScope) => SetMetadata(SCOPE_KEY, scope);

/**
 * Checks the token a route needs (`RequireScope`), read from the request by `headerOf` (an `Authorization` value),
 * and remembers its name for `tokenNameOf`. Routes without a scope pass.
 */
export async function authorizeRoute(
  reflector: Reflector,
  tokens: ApiTokenService,
  context: ExecutionContext,
  headerOf: (request: Request) => string | undefined,
): Promise<boolean> {
  const scope = reflector.getAllAndOverride<TokenScope | undefined>(SCOPE_KEY, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (scope === undefined) {
    return true;
  }
  const request = context.switchToHttp().getRequest<Request>();
  const token = await tokens.authorize(headerOf(request), scope);
  (request as AuthorizedRequest)[TOKEN_NAME] = token.name;
  return true;
}

@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokenService,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    return authorizeRoute(this.reflector, this.tokens, context, (request) => request.headers.authorization);
  }
}

const TOKEN_NAME = Symbol('forewarn:api-token-name');
type AuthorizedRequest = Request & { [TOKEN_NAME]?: string };

/** The name of the API token that authorized the request (for audit fields such as "acknowledged by"). */
export function tokenNameOf(request: Request): string | undefined {
  return (request as AuthorizedRequest)[TOKEN_NAME];
}
