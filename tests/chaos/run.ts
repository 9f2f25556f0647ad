/**
 * `npm run chaos` (1,000 petitions per probe) and `npm run chaos:short` (150): the product's
 * processes against stores this run starts itself and a stand-in Telegram on loopback, harmed one
 * way per probe. Prints a row per probe and exits 1 on any loss, duplicate case, duplicate send,
 * crash or personal data in a log.
 *
 *   npm run chaos -- --petitions 300 --probes baseline,redis --timeout 240 --keep
 *
 * --petitions (or CHAOS_PETITIONS): per probe; --probes: names (or parts of names) to run;
 * --timeout: seconds a probe may take to drain after its harm; --keep: keep the temp folder
 * (stores and every process's log) for a look afterwards.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sampleOrgFile } from "../../src/app/first-run";
import { systemClock } from "../../src/kernel/clock";
import { readOrgFile } from "../../src/org/load-file";
import { createLogger } from "../../src/log";
import { openQueues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { createDb } from "../../src/store/client";
import { importOrg } from "../../src/store/org-repository";
import { runMigrations } from "../../src/store/run-migrations";
import { confirmationsIn } from "./hostile";
import { casesOf, chatsOfIdentities, drain, outboxFigures, sendFigures, type Batch } from "./measure";
import { leaksIn } from "./petitions";
import { StandInPlatform, standInBot } from "./platform";
import { ProcessPool } from "./processes";
import { probes, type ChaosContext } from "./probes";
import { failures, table, type ProbeResult } from "./report";
import { ChaosPostgres, ChaosRedis } from "./stores";
import { testKeyEnv } from "../support/privacy";

const { values } = parseArgs({
  options: {
    petitions: { type: "string", default: process.env.CHAOS_PETITIONS ?? "1000" },
    probes: { type: "string" },
    timeout: { type: "string", default: "240" },
    keep: { type: "boolean", default: false },
  },
});
const size = Number(values.petitions);
if (!Number.isInteger(size) || size < 10) throw new Error("--petitions must be a whole number of at least 10");
const wanted = values.probes?.split(",").map((name) => name.trim().toLowerCase());
const chosen = wanted ? probes.filter((probe) => wanted.some((part) => probe.name.toLowerCase().includes(part))) : probes;

const say = (line: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const cleanups: (() => Promise<void>)[] = [];
let runDir = "";
let pool: ProcessPool | undefined;

/** Stops everything; the folder goes unless --keep, but after a failed run its logs stay for a look. */
async function cleanUp(keepLogs = false): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  cleanups.length = 0;
  if (!runDir || values.keep) return;
  if (!keepLogs) return rm(runDir, { recursive: true, force: true });
  for (const store of ["postgres", "redis", "data"]) await rm(path.join(runDir, store), { recursive: true, force: true });
  say(`the processes' logs are kept in ${runDir}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping everything`);
    pool?.killAll();
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  runDir = await mkdtemp(path.join(tmpdir(), "minqing-chaos-"));
  say(`${chosen.length} probe(s), ${size} petitions each; stores, logs and data in ${runDir}${values.keep ? " (kept)" : ""}`);
  const redis = await ChaosRedis.create(path.join(runDir, "redis"));
  cleanups.push(() => redis.stop());
  const postgres = await ChaosPostgres.create(runDir);
  cleanups.push(() => postgres.stop());
  await runMigrations(postgres.url);
  const platform = await StandInPlatform.start();
  cleanups.push(() => platform.stop());
  platform.setFaults({ latencyMs: 20 });
  say(`private redis-server on ${redis.url}, ${postgres}, stand-in Bot API on ${platform.apiRoot}`);

  const db = createDb(postgres.url, { poolSize: 4 });
  cleanups.push(() => db.$disconnect());
  await importOrg(db, await readOrgFile(sampleOrgFile), systemClock);
  // Every official bound to a chat on the stand-in, so each case owes an acknowledgement and an assignment notice.
  const officials = await db.official.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  await db.identity.createMany({
    data: officials.map((official, i) => ({ channel: "telegram", botAccount: standInBot.username, platformId: String(9_000_000_000 + i), officialId: official.id, preferred: true, createdAt: new Date() })),
  });

  const queueRedis = connectRedis(redis.url);
  const queues = openQueues(queueRedis, "chaos", createLogger("silent"));
  // The run's own queue handles see the Redis outages too; without a listener BullMQ prints each error.
  for (const queue of [queues.intake, queues.outbound, queues.wechat]) queue.on("error", () => {});
  cleanups.push(async () => {
    await queues.close();
    queueRedis.disconnect();
  });
  pool = new ProcessPool(runDir, {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: "chaos",
    TELEGRAM_BOT_TOKEN: standInBot.token,
    TELEGRAM_API_ROOT: platform.apiRoot,
    WECHATY_PUPPET: "",
    HEALTH_PORT: "0",
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? "debug",
    MINQING_DATA_DIR: path.join(runDir, "data"),
    // The relay queues again what Redis lost; every 15 s instead of 60 keeps the short run short.
    RELAY_EVERY_SECONDS: process.env.CHAOS_RELAY_EVERY_SECONDS ?? "15",
    // The keys the run seals its offered petitions with, as the conversation would.
    ...testKeyEnv,
  });
  const processes = pool;
  cleanups.push(() => processes.stopAll());
  const workers = await Promise.all([pool.role("workers"), pool.role("workers")]);
  const timers = await pool.role("timers");
  say("two workers processes and one timers process running");

  const ctx: ChaosContext = { size, db, queues, queueRedis, redis, postgres, platform, pool, workers, timers, timeoutMs: Number(values.timeout) * 1000 };
  const results: ProbeResult[] = [];
  for (const probe of chosen) {
    await replaceTheDead(ctx);
    say(`probe "${probe.name}": ${probe.harm}`);
    const result = await runProbe(ctx, probe);
    results.push(result);
    const found = failures(result);
    say(`probe "${probe.name}": ${found.length === 0 ? "ok" : found.join("; ")}${result.notes.length > 0 ? ` (${result.notes.join("; ")})` : ""}`);
  }

  console.log(`\nMinqing chaos run, ${size} petitions per probe (${new Date().toISOString().slice(0, 16)}Z)\n`);
  console.log(table(results));
  const failed = results.filter((result) => failures(result).length > 0);
  console.log("");
  for (const result of results) {
    const found = failures(result);
    console.log(`- ${result.probe} (${result.harm}): ${found.length === 0 ? "ok" : found.join("; ")}${result.notes.length > 0 ? `. ${result.notes.join("; ")}` : ""}`);
  }
  console.log(`\nThe stand-in platform was called: ${[...platform.methods].map(([method, n]) => `${method} ×${n}`).join(", ")}.`);
  console.log(failed.length === 0 ? "\nAll probes passed." : `\n${failed.length} of ${results.length} probe(s) failed.`);
  return failed.length === 0 ? 0 : 1;
}

/** A process that crashed in one probe (already counted there) is replaced before the next. */
async function replaceTheDead(ctx: ChaosContext): Promise<void> {
  for (const [i, worker] of ctx.workers.entries()) {
    if (worker.alive) continue;
    say(`${worker.name} (pid ${worker.child.pid}) is gone: starting another`);
    ctx.workers[i] = await ctx.pool.role("workers");
  }
  if (!ctx.timers.alive) {
    say(`timers (pid ${ctx.timers.child.pid}) is gone: starting another`);
    ctx.timers = await ctx.pool.role("timers");
  }
}

async function runProbe(ctx: ChaosContext, probe: (typeof probes)[number]): Promise<ProbeResult> {
  const since = new Date();
  const callsBefore = ctx.platform.accepted.length;
  const crashesBefore = ctx.pool.crashes.length;
  const rawErrorsBefore = ctx.pool.rawErrors;
  const logsBefore = await ctx.pool.output();
  let batch: Batch;
  try {
    batch = await probe.run(ctx);
  } catch (error) {
    batch = { offered: 0, chats: [], names: [], phones: [], calmAt: Date.now(), notes: [`the probe could not run: ${error instanceof Error ? error.message : String(error)}`], stuckActive: [], kills: [] };
  }
  if (batch.terminalUser) {
    const transcript = ctx.pool.transcripts.get(`chat-${batch.terminalUser}`) ?? "";
    const confirmed = confirmationsIn(transcript);
    if (confirmed !== batch.offered) batch.notes.push(`the script meant ${batch.offered} petitions, the chat confirmed ${confirmed}`);
    batch.offered = confirmed;
  }
  const drainSeconds = await drain(ctx.db, ctx.queues, batch, since, ctx.timeoutMs);
  const stuckActiveSeconds = await Promise.all(batch.stuckActive);
  // Late sends (a retry after the drain) still count.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const cases = await casesOf(ctx.db, batch);
  const chatByIdentity = await chatsOfIdentities(ctx.db, cases.map((c) => c.identityId));
  const codeByChat = new Map(cases.map((c) => [chatByIdentity.get(c.identityId) ?? "", c.trackingCode]));
  const sends = sendFigures(ctx.platform.since(callsBefore), batch.chats, codeByChat, batch.kills);
  for (const detail of sends.duplicateDetails) batch.notes.push(`duplicate: ${detail}`);
  const identities = new Set(cases.map((c) => c.identityId));
  const duplicateCases = batch.terminalUser ? Math.max(0, cases.length - batch.offered) : cases.length - identities.size;
  const outbox = await outboxFigures(ctx.db, since);
  const logs = await ctx.pool.output();
  const crashes = ctx.pool.crashes.slice(crashesBefore);
  for (const crash of crashes) batch.notes.push(`${crash.name} exited ${crash.signal ?? crash.code}, its last words: ${await lastWords(crash.logFile)}`);
  const minMax = (values: number[]): [number, number] => (values.length === 0 ? [0, 0] : [Math.min(...values), Math.max(...values)]);
  return {
    probe: probe.name,
    harm: probe.harm,
    offered: batch.offered,
    stored: cases.length,
    lost: Math.max(0, batch.offered - (cases.length - duplicateCases)),
    duplicateCases,
    events: minMax(cases.map((c) => c.events)),
    outbox: minMax(cases.map((c) => c.outbox)),
    ...outbox,
    duplicateSends: sends.duplicates,
    resentAfterCrash: sends.resentAfterCrash,
    acksMissing: sends.acksMissing,
    drainSeconds,
    leaks: leaksIn(logs, batch.names, batch.phones),
    crashes: crashes.map((crash) => `${crash.name} exited ${crash.signal ?? crash.code}`),
    stuckActiveSeconds,
    rawErrors: ctx.pool.rawErrors - rawErrorsBefore,
    relayed: relayedIn(logs) - relayedIn(logsBefore),
    notes: batch.notes,
  };
}

/** The end of a crashed process's log, its own lines and stack frames left out: what it said as it died. */
async function lastWords(logFile: string): Promise<string> {
  const lines = (await readFile(logFile, "utf8").catch(() => "")).split("\n");
  const said = lines.filter((line) => line.trim() !== "" && !line.startsWith("{\"level\"") && !/^\s/.test(line) && !/^(}|Node\.js v)/.test(line));
  return JSON.stringify(said.slice(-3).join(" / ").slice(0, 400));
}

/** Notices and petitions the relay queued again, from its log lines (a job still queued makes it a no-op). */
function relayedIn(logs: string): number {
  let count = 0;
  for (const match of logs.matchAll(/"(?:rows|petitions)":(\d+),[^\n]*"msg":"(?:outbox relay queued|confirmed petitions still)/g)) count += Number(match[1]);
  return count;
}

main()
  .then(async (code) => {
    await cleanUp(code !== 0);
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    say(`the chaos run itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    pool?.killAll();
    await cleanUp(true);
    process.exit(2);
  });
