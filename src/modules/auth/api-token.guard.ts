import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { TokenScope } from 'src/core/auth/api-token';
import { ApiTokenService } from './api-token.service';

const SCOPE_KEY = 'forewarn:scope';

/** Marks a route as needing an API token with `scope`. */
export const RequireScope = (scope: TokenScope) => SetMetadata(SCOPE_KEY, scope);

@Injectable()
export class ApiTokenGuard implements CanActivate {
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
    await this.tokens.authorize(request.headers.authorization, scope);
    return true;
  }
}
