/**
 * The product's processes as an operator runs them (`node --import tsx src/main.ts --role …`,
 * `src/chat.ts`), each with its output kept in a log file of the run, so the run can tell a crash
 * (an exit nobody asked for) from a stop, and read everything a process wrote for personal data.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface Crash {
  name: string;
  logFile: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ProductProcess {
  /** Set when the run asks the process to end; any other exit is a crash. */
  private ending = false;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    /** What the process logged: stderr, and stdout unless stdout is a conversation. */
    readonly logFile: string,
    /** The chat's standard output: the conversation itself, not a log. */
    readonly transcriptFile: string | undefined,
    onCrash: (crash: Crash) => void,
  ) {
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        // The chat ends by itself when its input ends; with 0 that is no crash.
        const expected = this.ending || (transcriptFile !== undefined && code === 0);
        if (!expected) onCrash({ name, logFile, code, signal });
        resolve({ code, signal });
      }),
    );
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** kill -9: the process dies where it stands. */
  async kill9(): Promise<void> {
    this.ending = true;
    this.child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM: the graceful stop the product promises; a non-zero exit then counts as a crash. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.alive) return;
    this.ending = true;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export class ProcessPool {
  readonly crashes: Crash[] = [];
  /** Raw errors printed on standard error (an "Error: …" line, as from an error event nobody listens to), not logs. */
  rawErrors = 0;
  /** What each chat process printed: the conversation, by process name. */
  readonly transcripts = new Map<string, string>();
  private readonly all: ProductProcess[] = [];
  private readonly logs: WriteStream[] = [];
  private count = 0;

  constructor(
    private readonly logDir: string,
    private readonly env: Record<string, string>,
  ) {}

  /** `--role workers|timers|channels`, resolved once it prints its start-up line. */
  async role(role: "workers" | "timers" | "channels"): Promise<ProductProcess> {
    const started = this.spawn(role, ["src/main.ts", "--role", role], false);
    await this.ready(started, "Minqing is running");
    return started;
  }

  /** `npm run chat -- --as NAME` with its standard input piped in. */
  chat(name: string): ProductProcess {
    return this.spawn(`chat-${name}`, ["src/chat.ts", "--as", name], true);
  }

  /** Every line every process logged so far (not the chat's conversation). */
  async output(): Promise<string> {
    const texts = await Promise.all(this.all.map((p) => readFile(p.logFile, "utf8").catch(() => "")));
    return texts.join("\n");
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.map((p) => p.stop()));
    await Promise.all(this.logs.map((log) => new Promise((resolve) => log.end(resolve))));
  }

  /** For an exit in a hurry (Ctrl+C): nothing is left running. */
  killAll(): void {
    for (const p of this.all) if (p.alive) p.child.kill("SIGKILL");
  }

  private spawn(name: string, args: string[], conversation: boolean): ProductProcess {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      env: { ...process.env, ...this.env },
      stdio: [conversation ? "pipe" : "ignore", "pipe", "pipe"],
    });
    const base = path.join(this.logDir, `${String(++this.count).padStart(2, "0")}-${name}`);
    const log = this.file(`${base}.log`);
    child.stderr!.pipe(log, { end: false });
    child.stderr!.on("data", (chunk: Buffer) => (this.rawErrors += chunk.toString().match(/^\w*Error\b.*$/gm)?.length ?? 0));
    const transcriptFile = conversation ? `${base}.transcript` : undefined;
    child.stdout!.pipe(transcriptFile ? this.file(transcriptFile) : log, { end: false });
    if (transcriptFile) {
      this.transcripts.set(name, "");
      child.stdout!.on("data", (chunk: Buffer) => this.transcripts.set(name, this.transcripts.get(name) + chunk.toString()));
    }
    const product = new ProductProcess(name, child, `${base}.log`, transcriptFile, (crash) => this.crashes.push(crash));
    this.all.push(product);
    return product;
  }

  private file(name: string): WriteStream {
    const stream = createWriteStream(name);
    this.logs.push(stream);
    return stream;
  }

  private ready(product: ProductProcess, line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(line)) {
          product.child.stdout!.off("data", onData);
          resolve();
        }
      };
      product.child.stdout!.on("data", onData);
      void product.exited.then(({ code }) => reject(new Error(`${product.name} exited with ${code} before it was ready:\n${output.slice(-2000)}`)));
    });
  }
}
