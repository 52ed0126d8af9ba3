import { defineConfig } from 'prisma/config';

// Prisma 7 keeps the datasource URL here. Only the Prisma CLI reads this file; forewarn itself reads
// DATABASE_URL through src/config/app-config.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/forewarn' },
});
