// Generates the Prisma client offline, and only when schema.prisma or Prisma's version changed
// (a stamp beside the generated client records both), so warm starts skip it.
// `prisma generate` never runs the native schema engine, but the CLI tries to download it first
// unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file; any file lets generation work offline.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const stampFile = "src/store/generated/.stamp";
const stamp = createHash("sha256")
  .update(readFileSync("prisma/schema.prisma"))
  .update(require("prisma/package.json").version)
  .digest("hex");
if (!process.argv.includes("--force") && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
  console.log("Prisma client is up to date");
  process.exit(0);
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
if (!existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  console.error(`PRISMA_SCHEMA_ENGINE_BINARY=${env.PRISMA_SCHEMA_ENGINE_BINARY} does not exist`);
  process.exit(1);
}
const prismaCli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], { stdio: "inherit", env });
if (result.status === 0) writeFileSync(stampFile, stamp);
process.exit(result.status ?? 1);
