import { Injectable } from '@nestjs/common';
import { PrismaService } from 'src/infra/database/prisma.service';

export interface StoredApiToken {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
}

@Injectable()
export class ApiTokenRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(name: string, tokenHash: string, scopes: readonly string[]): Promise<StoredApiToken> {
    const row = await this.prisma.apiToken.create({ data: { name, tokenHash, scopes: [...scopes] } });
    return { id: row.id, name: row.name, scopes: row.scopes };
  }

  async findActiveByHash(tokenHash: string): Promise<StoredApiToken | undefined> {
    const row = await this.prisma.apiToken.findFirst({ where: { tokenHash, revokedAt: null } });
    return row === null ? undefined : { id: row.id, name: row.name, scopes: row.scopes };
  }

  async existsByName(name: string): Promise<boolean> {
    return (await this.prisma.apiToken.count({ where: { name } })) > 0;
  }
}
