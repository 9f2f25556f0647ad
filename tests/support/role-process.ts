/**
 * Starts `src/main.ts --role <role>` as a separate OS process, as an operator would run it, and
 * resolves once it prints its start-up line. `node --import tsx` (not the tsx command, a wrapper
 * process), so signals reach the product directly. `ownProcessGroup`: started as a terminal
 * starts a foreground command, in a process group of its own, so that a test can send the group
 * a Ctrl+C (`process.kill(-child.pid, "SIGINT")`) the way the terminal does.
 */
import { spawn, type ChildProcess } from "node:child_process";

export function startRoleProcess(role: string, env: Record<string, string>, options: { ownProcessGroup?: boolean; unset?: string[] } = {}): Promise<ChildProcess> {
  const environment: NodeJS.ProcessEnv = { ...process.env, HEALTH_PORT: "0", LOG_LEVEL: "warn", TELEGRAM_BOT_TOKEN: "", WECHATY_PUPPET: "", ...env };
  for (const name of options.unset ?? []) delete environment[name];
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--role", role], {
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.ownProcessGroup ?? false,
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Minqing is running")) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`--role ${role} exited with ${code} before it was ready:\n${output}`)));
  });
}
