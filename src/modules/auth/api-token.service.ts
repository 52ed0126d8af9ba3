import { Injectable } from '@nestjs/common';
import { TokenScope, generateApiToken, grants, hashApiToken } from 'src/core/auth/api-token';
import { ConflictError, ForbiddenError, UnauthorizedError } from 'src/core/errors';
import { ApiTokenRepository, StoredApiToken } from './api-token.repository';

@Injectable()
export class ApiTokenService {
  constructor(private readonly tokens: ApiTokenRepository) {}

  /** Creates a token and returns its secret, which is shown once and never stored. */
  async create(
    name: string,
    scopes: readonly TokenScope[],
  ): Promise<{ token: string; stored: StoredApiToken }> {
    if (await this.tokens.existsByName(name)) {
      throw new ConflictError(`an API token named "${name}" already exists`);
    }
    const token = generateApiToken();
    const stored = await this.tokens.create(name, hashApiToken(token), scopes);
    return { token, stored };
  }

  /** Checks an `Authorization` header value. Messages never echo the presented token. */
  async authorize(header: string | undefined, needed: TokenScope): Promise<StoredApiToken> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (match?.[1] === undefined) {
      throw new UnauthorizedError('missing API token: send "Authorization: Bearer <token>"');
    }
    const stored = await this.tokens.findActiveByHash(hashApiToken(match[1]));
    if (stored === undefined) {
      throw new UnauthorizedError('invalid or revoked API token');
    }
    if (!grants(stored.scopes, needed)) {
      throw new ForbiddenError(`API token "${stored.name}" lacks the "${needed}" scope`);
    }
    return stored;
  }
}
