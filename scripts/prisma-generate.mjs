// Generates the Prisma client offline. `prisma generate` never runs the native schema engine,
// but the CLI tries to download it first unless PRISMA_SCHEMA_ENGINE_BINARY names an existing
// file; pointing it at any file lets generation work with no internet (see README).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
if (!existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  console.error(`PRISMA_SCHEMA_ENGINE_BINARY=${env.PRISMA_SCHEMA_ENGINE_BINARY} does not exist`);
  process.exit(1);
}
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
