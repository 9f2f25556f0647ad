/**
 * `npm run chat -- --as NAME` as a separate OS process (its node command, so signals reach it
 * directly), fed lines as a person or a script would, with what it printed so far.
 */
import { spawn } from "node:child_process";

export interface ChatProcess {
  pid: number;
  /** Writes one line to its standard input. */
  say(line: string): void;
  /** Ends its standard input (the end of a script). */
  end(): void;
  /** Resolves once its standard output contains `text`; fails after `timeoutMs`. */
  printed(text: string, timeoutMs?: number): Promise<void>;
  stdout(): string;
  stderr(): string;
  /** Its exit code (null: ended by a signal). */
  exited: Promise<number | null>;
}

export function startChat(name: string, env: Record<string, string>, unset: string[] = []): ChatProcess {
  const environment: NodeJS.ProcessEnv = { ...process.env, HEALTH_PORT: "0", TELEGRAM_BOT_TOKEN: "", WECHATY_PUPPET: "", ...env };
  for (const variable of unset) delete environment[variable];
  const child = spawn(process.execPath, ["--import", "tsx", "src/chat.ts", "--as", name], { env: environment, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // A process that has exited no longer reads; writing to it must not fail the test.
  child.stdin.on("error", () => {});
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    pid: child.pid!,
    say: (line) => void child.stdin.write(`${line}\n`),
    end: () => child.stdin.end(),
    async printed(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes(text)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name}'s terminal did not show "${text}" within ${timeoutMs / 1000} s; it showed:\n${stdout}\nstderr:\n${stderr.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
  };
}
