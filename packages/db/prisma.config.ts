import { defineConfig } from 'prisma/config';

// The URL is only needed by `prisma migrate deploy` / `studio` where Prisma's engines can be
// downloaded; `generate` works without it. Here migrations run through `pnpm db:migrate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/coinview' },
});
