// Prisma CLI settings (prisma generate, and `prisma migrate deploy` where the native engine exists).
// The product itself reads DATABASE_URL through src/config.ts.
import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/minqing" },
});
