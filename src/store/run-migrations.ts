/**
 * Applies the migrations from a running process. The WebAssembly schema engine keeps its database
 * connection open once used, so it runs in a short-lived child process (migrate-cli.ts).
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("./migrate-cli.ts", import.meta.url));

export function runMigrations(databaseUrl: string): Promise<string> {
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tsx, cli], { env: { ...process.env, DATABASE_URL: databaseUrl } }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolve(stdout.trim());
    });
  });
}
