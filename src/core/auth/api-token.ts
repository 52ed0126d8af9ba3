import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_SCOPES = ['ingest', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const TOKEN_PREFIX = 'fw_';

/** A new random API token. Only its hash is ever stored. */
export function generateApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `admin` implies every scope. */
export function grants(scopes: readonly string[], needed: TokenScope): boolean {
  return scopes.includes(needed) || scopes.includes('admin');
}
