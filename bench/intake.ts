/**
 * `npm run bench:intake`: how fast petitions go from Telegram updates to cases on this machine.
 *
 * N citizens (BENCH_CITIZENS, default 500) talk at the same time to the real grammY bot, fed
 * synthetic updates through `bot.handleUpdate`; an API transformer answers the bot's outgoing calls
 * instead of the network and notes when each reply call is made. So the adapter, the conversation
 * engine, Redis state, button tokens, the intake queue, the worker, PostgreSQL and the outbox (sent
 * by the real TelegramSender, also answered by a transformer) are all in the measured path.
 * Each citizen goes through a whole intake (eleven updates).
 *   Phase 1: citizens pause between messages as people do (uniformly 0–2× BENCH_THINK_MS, default
 *            500 ms): reply times (an update's arrival → the bot's reply call) under that load.
 *   Phase 2: as many citizens again without pauses: petitions per second, from the first update
 *            to the last case stored and its notices sent.
 *
 * Prints details, then three lines for scripts:
 *   intake: N petitions/s    (phase 2)
 *   reply p99: X ms          (phase 1), with p50 above it
 *   bullmq no-op: N jobs/s   (the queue's own ceiling on the same Redis, for the ratio)
 * BENCH_WORKER_PROCESSES=N runs the queue workers as N separate `--role workers` processes instead
 * of in the bot's process (they send through a stand-in Telegram HTTP server).
 * Uses its own database and Redis prefix on the test services (TEST_DATABASE_URL, TEST_REDIS_URL)
 * and removes them afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Queue, QueueEvents, Worker } from "bullmq";
import type { Transformer } from "grammy";
import type { InlineKeyboardMarkup, Update } from "grammy/types";
import pg from "pg";
import { createTelegramBot, TelegramSender } from "../bots/telegram";
import { conversationPorts } from "../src/app/conversation-ports";
import { sampleOrgFile } from "../src/app/first-run";
import { systemClock } from "../src/kernel/clock";
import { RedisActionTokens } from "../src/redis/action-tokens";
import { LinkCodes } from "../src/redis/link-codes";
import { ClaimAttempts } from "../src/redis/claim-attempts";
import { ConversationEngine } from "../src/conversation/engine";
import { RedisStateStore } from "../src/redis/state-store";
import { FileStore } from "../src/files/file-store";
import { createLogger } from "../src/log";
import { readOrgFile } from "../src/org/load-file";
import { cachedOrg } from "../src/org/org-cache";
import { loadPersonalDataCipher } from "../src/privacy/local-keys";
import type { JobContext } from "../src/queue/jobs/context";
import { openQueues, queueNames } from "../src/queue/queues";
import { startJobWorker } from "../src/queue/workers";
import { connectRedis } from "../src/queue/redis";
import { RedisSentLedger } from "../src/redis/sent-ledger";
import { createDb } from "../src/store/client";
import { importOrg, loadOrgSnapshot } from "../src/store/org-repository";
import { runMigrations } from "../src/store/run-migrations";
import { databaseUrl, postgresAdminUrl as adminUrl, testRedisUrl as redisUrl } from "../tests/support/services";
import { fakeBotInfo } from "../tests/support/telegram-emulator";
import { percentile } from "./scratch";

const citizens = Number(process.env.BENCH_CITIZENS ?? 500);
const thinkMs = Number(process.env.BENCH_THINK_MS ?? 500);
const noopJobs = Number(process.env.BENCH_NOOP_JOBS ?? 5000);
const workerProcesses = Number(process.env.BENCH_WORKER_PROCESSES ?? 0);
const token = `123456789:${"b".repeat(35)}`;
const botInfo = fakeBotInfo("minqing_bench_bot", 123456789);


/** Answers every Bot API call with success: where worker processes send their notices. */
async function startFakeTelegram(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    const method = (request.url ?? "").split("/").pop();
    const result = method === "getMe" ? botInfo : { message_id: 1, date: 0, chat: { id: 1, type: "private" } };
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--role", "workers"], {
    env: { ...process.env, ...env, HEALTH_PORT: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Minqing is running")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

/** What the bot said to one chat: when its first reply call came, and the last keyboard shown. */
interface ChatLog {
  waiting?: { since: number; resolve: () => void };
  keyboard?: InlineKeyboardMarkup;
  nextMessageId: number;
}

async function main() {
  const name = `minqing_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  const redis = connectRedis(redisUrl);
  const db = createDb(databaseUrl(name), { poolSize: 20 });
  const fileRoot = await mkdtemp(path.join(tmpdir(), "minqing-bench-"));
  try {
    await runMigrations(databaseUrl(name));
    await importOrg(db, await readOrgFile(sampleOrgFile), systemClock);

    const log = createLogger("silent");
    const queues = openQueues(redis, prefix, log);
    const org = cachedOrg(() => loadOrgSnapshot(db));
    const files = new FileStore(fileRoot);
    // The generated key file in the data folder, as the all-in-one default; worker processes share it.
    const privacy = await loadPersonalDataCipher({ MINQING_DATA_DIR: fileRoot });
    const engine = new ConversationEngine({
      store: new RedisStateStore(redis, prefix, 3600),
      ports: conversationPorts({ db, timeZone: "Asia/Shanghai", queues, clock: systemClock, org, linkCodes: new LinkCodes(redis, prefix), claimAttempts: new ClaimAttempts(redis, prefix), log, privacy }),
      clock: systemClock,
      defaultLanguage: "zh-CN",
      idleMinutes: 30,
      maxDescriptionChars: 5000,
      timeZone: "Asia/Shanghai",
    });

    // The bot, with Telegram replaced by a transformer that answers and takes the time.
    const chats = new Map<number, ChatLog>();
    const chatLog = (id: number) => chats.get(id) ?? chats.set(id, { nextMessageId: 1 }).get(id)!;
    const latencies: number[] = [];
    const answerer: Transformer = async (_prev, method, payload) => {
      const call = payload as { chat_id?: number | string; reply_markup?: InlineKeyboardMarkup };
      if (method === "sendMessage") {
        const chat = chatLog(Number(call.chat_id));
        if (chat.waiting) {
          latencies.push(performance.now() - chat.waiting.since);
          chat.waiting.resolve();
          chat.waiting = undefined;
        }
        if (call.reply_markup?.inline_keyboard) chat.keyboard = call.reply_markup;
        return { ok: true, result: { message_id: chat.nextMessageId++, date: 0, chat: { id: Number(call.chat_id), type: "private" } } as never };
      }
      return { ok: true, result: true as never };
    };
    const bot = createTelegramBot({ token, apiRoot: "http://127.0.0.1:9", botInfo, conversation: engine, tokens: new RedisActionTokens(redis, prefix, 3600), files, maxAttachmentMb: 20, log });
    bot.api.config.use(answerer);
    let notices = 0;
    const sender = new TelegramSender({ apiRoot: "http://127.0.0.1:9", bots: [{ account: botInfo.username, token }], tokens: new RedisActionTokens(redis, prefix, 3600) });
    sender.api(botInfo.username).config.use(async () => {
      notices++;
      return { ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: "private" } } as never };
    });
    // Workers in this process (the all-in-one default), or in BENCH_WORKER_PROCESSES processes of
    // `--role workers` that send through a stand-in Telegram HTTP server.
    const jobs: JobContext = { db, clock: systemClock, timeZone: "Asia/Shanghai", org, queues, log, privacy, delivery: { db, ledger: new RedisSentLedger(redis, prefix), clock: systemClock, senders: new Map([["telegram", sender]]), files, org, log, reveal: privacy.reveal } };
    const workers =
      workerProcesses > 0
        ? []
        : [
            startJobWorker(queueNames.intake, jobs, { connection: redis, prefix, concurrency: 16 }),
            startJobWorker(queueNames.outbound, jobs, { connection: redis, prefix, concurrency: 32 }),
          ];
    const fakeTelegram = workerProcesses > 0 ? await startFakeTelegram() : undefined;
    const children = fakeTelegram
      ? await Promise.all(
          Array.from({ length: workerProcesses }, () =>
            startWorkerProcess({ DATABASE_URL: databaseUrl(name), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: fakeTelegram.url, MINQING_DATA_DIR: fileRoot }),
          ),
        )
      : [];

    let updateId = 1;
    let pauseMs = thinkMs;
    const think = () => (pauseMs > 0 ? new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * pauseMs)) : Promise.resolve());
    /** Feeds one update and resolves when the bot has made its first reply call. */
    const feed = async (chatId: number, update: Omit<Update, "update_id">) => {
      await think();
      const chat = chatLog(chatId);
      const replied = new Promise<void>((resolve) => (chat.waiting = { since: performance.now(), resolve }));
      await bot.handleUpdate({ update_id: updateId++, ...update } as Update);
      await replied;
    };
    const from = (id: number) => ({ id, is_bot: false, first_name: "居民" });
    const say = (id: number, text: string) =>
      feed(id, {
        message: {
          message_id: updateId,
          date: Math.floor(Date.now() / 1000),
          chat: { id, type: "private", first_name: "居民" },
          from: from(id),
          text,
          ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } : {}),
        },
      });
    const press = (id: number, index: number) => {
      const button = chatLog(id).keyboard!.inline_keyboard.flat()[index]!;
      const data = "callback_data" in button ? button.callback_data : "";
      return feed(id, {
        callback_query: {
          id: String(updateId),
          from: from(id),
          chat_instance: String(id),
          data,
          message: { message_id: 1, date: 0, chat: { id, type: "private", first_name: "居民" } },
        },
      } as Omit<Update, "update_id">);
    };
    const converse = async (i: number) => {
      const id = 8_000_000_000 + i;
      chatLog(id);
      await say(id, "/start");
      // Any category but 干部作风 (the seventh): a conduct complaint first asks whom it is about.
      await press(id, [0, 1, 2, 3, 4, 5, 7][i % 7]!); // category
      await press(id, i % 3); // township
      await press(id, i % 3); // village
      await say(id, `第${i}号测试诉求：村道路面破损严重，雨天积水，希望尽快修复。`);
      await say(id, "已经反映过两次，一直没有处理。");
      await press(id, 0); // done
      await press(id, 0); // leave name and phone
      await say(id, "张三");
      await say(id, `139${String(i).padStart(8, "0")}`);
      await press(id, 0); // submit
    };

    const allStoredAndSent = async (count: number) => {
      for (;;) {
        const stored = await db.petition.count();
        const pending = await db.outbox.count({ where: { status: "pending" } });
        if (stored >= count && pending === 0) return performance.now();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    // 1. Replies: everyone talks at once, pausing between messages as people do; their petitions
    //    are recorded by the workers in this same process meanwhile.
    const rssBefore = process.memoryUsage().rss;
    const paced = performance.now();
    await Promise.all(Array.from({ length: citizens }, (_, i) => converse(i)));
    const pacedSeconds = ((await allStoredAndSent(citizens)) - paced) / 1000;
    const replyLatencies = [...latencies];

    // 2. Intake: as many citizens again, without pauses: every update as fast as the bot takes it.
    pauseMs = 0;
    const burst = performance.now();
    await Promise.all(Array.from({ length: citizens }, (_, i) => converse(citizens + i)));
    const burstSeconds = ((await allStoredAndSent(2 * citizens)) - burst) / 1000;
    const rssAfter = process.memoryUsage().rss;
    await Promise.all(workers.map((w) => w.close()));
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))));
    await fakeTelegram?.stop();

    // The queue's own ceiling: no-op jobs through one worker on the same Redis.
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

    replyLatencies.sort((a, b) => a - b);
    const intakeRate = citizens / burstSeconds;
    const noopRate = noopJobs / noopSeconds;
    console.log(`phase 1: ${citizens} concurrent citizens, about ${thinkMs} ms between a person's messages: ${replyLatencies.length} updates, all cases stored and notified in ${pacedSeconds.toFixed(1)} s`);
    console.log(`phase 2: ${citizens} concurrent citizens without pauses: whole conversations to cases stored and notified in ${burstSeconds.toFixed(1)} s (${notices} notices sent in all)`);
    console.log(`workers: ${workerProcesses > 0 ? `${workerProcesses} separate process(es)` : "in the bot's process"}`);
    console.log(`rss: ${(rssBefore / 2 ** 20).toFixed(0)} MB before, ${(rssAfter / 2 ** 20).toFixed(0)} MB after`);
    console.log(`reply p50: ${percentile(replyLatencies, 50).toFixed(1)} ms`);
    console.log(`intake/no-op ratio: ${(intakeRate / noopRate).toFixed(3)}`);
    console.log(`intake: ${intakeRate.toFixed(0)} petitions/s`);
    console.log(`reply p99: ${percentile(replyLatencies, 99).toFixed(1)} ms`);
    console.log(`bullmq no-op: ${noopRate.toFixed(0)} jobs/s`);

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
    await rm(fileRoot, { recursive: true, force: true });
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
