// Prisma CLI configuration (Prisma 7). The CLI's `migrate` needs a schema-engine binary that cannot be
// downloaded here; web/src/db/migrate.ts applies prisma/migrations without it.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/loyale' },
});
