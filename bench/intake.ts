/**
 * `npm run bench:intake`: how fast petitions go from conversation to case store on this machine.
 *
 1. N citizens (default 500) talk to the conversation engine at the same time, each through a
 *    whole intake (eleven messages, state in Redis), pausing between messages (uniformly 0–2×
 *    BENCH_THINK_MS, default 500 ms) as people do, while the workers record their petitions.
 * 2. A burst of confirmed petitions (BENCH_BURST, default 1000) goes through the intake queue into
 *    PostgreSQL (one transaction per case) and the notices through the outbound queue to a no-op
 *    sender.
 * Prints:
 *   intake: N petitions/s   (the burst: queued → stored and notified)
 *   reply p99: X ms         (engine.handle per message during phase 1)
 *   bullmq no-op: N jobs/s  (the queue's own ceiling here, for comparison)
 * Uses its own database and Redis prefix on the test services and removes them afterwards.
 * Options: BENCH_CITIZENS, BENCH_THINK_MS, BENCH_BURST, BENCH_NOOP_JOBS, TEST_DATABASE_URL, TEST_REDIS_URL.
 */
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { Queue, QueueEvents, Worker } from "bullmq";
import pg from "pg";
import { conversationPorts } from "../src/app/conversation-ports";
import { sampleOrgFile } from "../src/app/first-run";
import { systemClock } from "../src/clock";
import { ConversationEngine } from "../src/conversation/engine";
import { RedisStateStore } from "../src/conversation/redis-state";
import type { ChannelUser, Reply } from "../src/conversation/types";
import { FileStore } from "../src/files/file-store";
import { createLogger } from "../src/log";
import { readOrgFile } from "../src/org/load-file";
import { cachedOrg } from "../src/org/org-cache";
import type { ChannelSender } from "../src/queue/channel-sender";
import { startIntakeWorker } from "../src/queue/intake-worker";
import { startOutboundWorker } from "../src/queue/outbound-worker";
import { enqueuePetition, openQueues } from "../src/queue/queues";
import { connectRedis } from "../src/queue/redis";
import { createDb } from "../src/store/client";
import { importOrg, loadOrgSnapshot } from "../src/store/org-repository";

const citizens = Number(process.env.BENCH_CITIZENS ?? 500);
const thinkMs = Number(process.env.BENCH_THINK_MS ?? 500);
const burst = Number(process.env.BENCH_BURST ?? 1000);
const noopJobs = Number(process.env.BENCH_NOOP_JOBS ?? 5000);
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function urlFor(database: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const name = `minqing_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  const redis = connectRedis(redisUrl);
  const db = createDb(urlFor(name), { poolSize: 20 });
  try {
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    execFileSync(process.execPath, [tsx, "src/store/migrate-cli.ts"], { env: { ...process.env, DATABASE_URL: urlFor(name) }, stdio: "pipe" });
    await importOrg(db, await readOrgFile(sampleOrgFile), systemClock);

    const log = createLogger("silent");
    const queues = openQueues(redis, prefix);
    const org = cachedOrg(() => loadOrgSnapshot(db));
    const engine = new ConversationEngine({
      store: new RedisStateStore(redis, prefix, 3600),
      ports: conversationPorts({ db, queues, clock: systemClock, org }),
      clock: systemClock,
      defaultLanguage: "zh-CN",
      idleMinutes: 30,
      maxDescriptionChars: 5000,
      timeZone: "Asia/Shanghai",
    });
    let sent = 0;
    const noopSender: ChannelSender = { channel: "telegram", send: async () => void sent++, sendFile: async () => {} };
    const workers = [
      startIntakeWorker({ db, clock: systemClock, timeZone: "Asia/Shanghai", org, queues, log }, redis, prefix, 16),
      startOutboundWorker({ db, clock: systemClock, senders: new Map([["telegram", noopSender]]), files: new FileStore(tmpdir()), log }, redis, prefix, 32),
    ];

    const latencies: number[] = [];
    const think = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * thinkMs));
    const timed = async (user: ChannelUser, message: { kind: "text"; text: string } | { kind: "choice"; value: string }) => {
      await think();
      const started = performance.now();
      const replies = await engine.handle({ user, chat: "private", ...message });
      latencies.push(performance.now() - started);
      return replies;
    };
    const pick = (replies: Reply[], index: number) => {
      const choices = [...replies].reverse().find((r) => r.choices?.length)?.choices;
      return { kind: "choice" as const, value: choices![index]!.value };
    };
    const converse = async (i: number) => {
      const user: ChannelUser = { channel: "telegram", botAccount: "bench_bot", platformId: String(8_000_000_000 + i) };
      let r = await timed(user, { kind: "text", text: "/start" });
      r = await timed(user, pick(r, i % 8));
      r = await timed(user, pick(r, i % 3));
      r = await timed(user, pick(r, i % 3));
      r = await timed(user, { kind: "text", text: `第${i}号测试诉求：村道路面破损严重，雨天积水，希望尽快修复。` });
      r = await timed(user, { kind: "text", text: "已经反映过两次，一直没有处理。" });
      r = await timed(user, pick(r, 0));
      r = await timed(user, pick(r, 0));
      r = await timed(user, { kind: "text", text: "张三" });
      r = await timed(user, { kind: "text", text: `139${String(i).padStart(8, "0")}` });
      await timed(user, pick(r, 0));
    };
    const allStored = async (count: number) => {
      for (;;) {
        const stored = await db.petition.count();
        const pending = await db.outbox.count({ where: { status: "pending" } });
        if (stored >= count && pending === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    // 1. Replies: every citizen talks at once, pausing between messages as people do; their
    //    petitions are recorded by the workers in this same process meanwhile.
    const rssBefore = process.memoryUsage().rss;
    const conversationStart = performance.now();
    await Promise.all(Array.from({ length: citizens }, (_, i) => converse(i)));
    await allStored(citizens);
    const conversationSeconds = (performance.now() - conversationStart) / 1000;

    // 2. Intake: a burst of confirmed petitions through the queue into the store, notices sent.
    const burstStart = performance.now();
    for (let i = 0; i < burst; i++) {
      await enqueuePetition(queues.intake, {
        idempotencyKey: randomUUID(),
        user: { channel: "telegram", botAccount: "bench_bot", platformId: String(8_100_000_000 + i) },
        language: "zh-CN",
        categoryId: "roads-water-power",
        areaId: "longtan",
        description: `第${i}号：自来水停了三天。`,
        attachments: [],
        anonymous: false,
        contactName: "李四",
        contactPhone: "+8613900000000",
        submittedAt: new Date().toISOString(),
      });
    }
    await allStored(citizens + burst);
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const rssPeak = process.memoryUsage().rss;
    await Promise.all(workers.map((w) => w.close()));

    // The queue's own ceiling: no-op jobs through one worker.
    const noopQueue = new Queue("noop", { connection: redis, prefix });
    const noopEvents = new QueueEvents("noop", { connection: redis.duplicate(), prefix });
    await noopEvents.waitUntilReady();
    let done = 0;
    const allDone = new Promise<void>((resolve) => noopEvents.on("completed", () => ++done >= noopJobs && resolve()));
    const noopWorker = new Worker("noop", async () => undefined, { connection: redis, prefix, concurrency: 50 });
    const noopStarted = performance.now();
    for (let i = 0; i < noopJobs; i += 500) {
      await noopQueue.addBulk(Array.from({ length: Math.min(500, noopJobs - i) }, () => ({ name: "noop", data: {}, opts: { removeOnComplete: true } })));
    }
    await allDone;
    const noopSeconds = (performance.now() - noopStarted) / 1000;
    await noopWorker.close();
    await noopEvents.close();
    await noopQueue.obliterate({ force: true });
    await noopQueue.close();

    latencies.sort((a, b) => a - b);
    console.log(`citizens: ${citizens} concurrent (about ${thinkMs} ms between messages), ${latencies.length} messages in ${conversationSeconds.toFixed(1)} s, ${sent} notices sent`);
    console.log(`intake: ${(burst / burstSeconds).toFixed(0)} petitions/s (a burst of ${burst}, queued to stored and notified in ${burstSeconds.toFixed(2)} s)`);
    console.log(`reply p50: ${percentile(latencies, 50).toFixed(1)} ms`);
    console.log(`reply p99: ${percentile(latencies, 99).toFixed(1)} ms`);
    console.log(`bullmq no-op: ${(noopJobs / noopSeconds).toFixed(0)} jobs/s`);
    console.log(`rss: ${(rssBefore / 2 ** 20).toFixed(0)} MB before, ${(rssPeak / 2 ** 20).toFixed(0)} MB after the run`);

    await queues.intake.obliterate({ force: true });
    await queues.outbound.obliterate({ force: true });
    await queues.close();
    const leftovers = await redis.keys(`${prefix}:*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
  } finally {
    await db.$disconnect();
    await redis.quit();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  // Connections BullMQ duplicated for its blocking reads may linger; the figures are printed.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
