/**
 * The probes: each offers a fresh batch and does one kind of harm while it is being handled.
 * A probe returns its batch; the run then waits for it to drain and judges it (measure.ts).
 */
import type { Redis } from "ioredis";
import { systemClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import type { Queues } from "../../src/queue/queues";
import type { Db } from "../../src/store/client";
import { hostileScript } from "./hostile";
import { offerPetitions } from "./petitions";
import type { StandInPlatform } from "./platform";
import type { ProcessPool, ProductProcess } from "./processes";
import { stuckActive, whenStored, type Batch } from "./measure";
import type { ChaosPostgres, ChaosRedis } from "./stores";

export interface ChaosContext {
  size: number;
  db: Db;
  queues: Queues;
  queueRedis: Redis;
  redis: ChaosRedis;
  postgres: ChaosPostgres;
  platform: StandInPlatform;
  pool: ProcessPool;
  /** The workers processes now running (a killed one is replaced here). */
  workers: ProductProcess[];
  timers: ProductProcess;
  timeoutMs: number;
}

export interface Probe {
  name: string;
  /** One line for the report: what was done. */
  harm: string;
  run(ctx: ChaosContext): Promise<Batch>;
}

const quiet = createLogger("silent");
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function offer(ctx: ChaosContext, label: string, count = ctx.size): Promise<Batch> {
  const offered = await offerPetitions({ intake: ctx.queues.intake, db: ctx.db, clock: systemClock, log: quiet }, count, label);
  return { offered: count, keys: offered.keys, chats: offered.chats, names: offered.names, phones: offered.phones, calmAt: Date.now(), notes: [], stuckActive: [], kills: [] };
}

const baseline: Probe = {
  name: "baseline",
  harm: "none",
  run: (ctx) => offer(ctx, "基线"),
};

async function killWorker(ctx: ChaosContext, batch: Batch, index: number): Promise<void> {
  const victim = ctx.workers[index]!;
  const signalled = Date.now();
  await victim.kill9();
  const killedAt = Date.now();
  batch.kills.push({ signalled, exited: killedAt });
  batch.stuckActive.push(stuckActive(ctx.queues, killedAt, ctx.timeoutMs));
  ctx.workers[index] = await ctx.pool.role("workers");
  batch.notes.push(`killed ${victim.name} (pid ${victim.child.pid}), a new one ready after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
}

const killWorkers: Probe = {
  name: "kill -9 workers",
  harm: "kill -9 of a workers process at 30% and at 65% of the batch stored, each restarted",
  async run(ctx) {
    const batch = await offer(ctx, "强杀");
    await whenStored(ctx.db, batch, Math.ceil(ctx.size * 0.3));
    await killWorker(ctx, batch, 0);
    await whenStored(ctx.db, batch, Math.ceil(ctx.size * 0.65));
    await killWorker(ctx, batch, 1 % ctx.workers.length);
    batch.calmAt = Date.now();
    return batch;
  },
};

/** Offers a batch and, once `share` of it is stored, does `harm`; the drain is timed from after it. */
async function harmAt(ctx: ChaosContext, label: string, share: number, harm: (batch: Batch) => Promise<void>): Promise<Batch> {
  const batch = await offer(ctx, label);
  await whenStored(ctx.db, batch, Math.ceil(ctx.size * share));
  await harm(batch);
  batch.calmAt = Date.now();
  return batch;
}

const redisRestart: Probe = {
  name: "Redis restart",
  harm: "redis-server stopped (SIGTERM) at 40% stored, started again 3 s later on the same port and files",
  run: (ctx) =>
    harmAt(ctx, "重启缓存", 0.4, async () => {
      await ctx.redis.stop();
      await pause(3000);
      await ctx.redis.start();
    }),
};

const redisCrash: Probe = {
  name: "Redis SIGKILL -1 s",
  harm: "redis-server SIGKILLed at 40% stored, its append-only file cut back by the last second, restarted",
  // Confirmations in the lost second are lost by Redis too; PostgreSQL keeps them (acceptPetition) for the relay.
  run: (ctx) =>
    harmAt(ctx, "缓存崩溃", 0.4, async (batch) => {
      const lost = await ctx.redis.crashLosing(1000);
      await pause(1000);
      await ctx.redis.start();
      batch.notes.push(`${lost} bytes of the append-only file lost`);
    }),
};

const postgresOutage: Probe = {
  name: "PostgreSQL outage",
  harm: "PostgreSQL stopped at 40% stored, started again 10 s later",
  run: (ctx) =>
    harmAt(ctx, "数据库中断", 0.4, async () => {
      await ctx.postgres.stop();
      await pause(10_000);
      await ctx.postgres.start();
    }),
};

const platformStorm: Probe = {
  name: "platform 429/5xx",
  harm: "the platform answers 15% of sends 429 (retry_after 2) and 10% 500/502, for the whole batch",
  async run(ctx) {
    ctx.platform.setFaults({ tooManyRequests: 0.15, retryAfterSeconds: 2, serverErrors: 0.1, latencyMs: 20 });
    const before = { ...ctx.platform.refused };
    const batch = await offer(ctx, "平台限流");
    const offeredAt = batch.calmAt;
    await whenStored(ctx.db, batch, ctx.size);
    // The storm lasts until every notice got through.
    const deadline = Date.now() + ctx.timeoutMs;
    while (Date.now() < deadline && (await ctx.db.outbox.count({ where: { status: "pending" } }).catch(() => 1)) > 0) await pause(250);
    ctx.platform.setFaults({ latencyMs: 20 });
    // The harm is the whole batch: its drain is timed from the offer.
    batch.calmAt = offeredAt;
    batch.notes.push(`refused ${ctx.platform.refused.tooManyRequests - before.tooManyRequests} × 429 and ${ctx.platform.refused.serverErrors - before.serverErrors} × 5xx`);
    return batch;
  },
};

const hostileInput: Probe = {
  name: "hostile terminal input",
  harm: "npm run chat fed long lines, control characters, invalid UTF-8, NUL, ANSI, emoji floods, odd numbers, command floods",
  async run(ctx) {
    const user = `chaos-${Date.now().toString(36)}`;
    const script = hostileScript(Math.max(3, Math.round(ctx.size / 50)));
    const chat = ctx.pool.chat(user);
    chat.child.stdin!.on("error", () => {});
    chat.child.stdin!.end(script.input);
    const { code, signal } = await chat.exited;
    const batch: Batch = { offered: script.petitions, terminalUser: user, chats: [], names: script.names, phones: script.phones, calmAt: Date.now(), notes: [], stuckActive: [], kills: [] };
    batch.notes.push(`${script.lines} lines (${(script.input.length / 1024).toFixed(0)} KiB) in ${script.petitions} petitions; chat exited ${signal ?? code}`);
    if (code !== 0) batch.notes.push(`npm run chat ended with ${signal ?? code}: a crash`);
    return batch;
  },
};

export const probes: Probe[] = [baseline, killWorkers, redisRestart, redisCrash, postgresOutage, platformStorm, hostileInput];
