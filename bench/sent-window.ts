/**
 * `npm run bench:sent-window`: how long a notice stays exposed to being sent twice. Between the
 * moment a platform accepts a message and the moment its record is kept (the outbox row's sent
 * mark in PostgreSQL; the sent ledger in Redis when the database does not answer), a crash of the
 * process loses the fact and a retry sends the message again; after it, nothing can
 * (src/queue/send-message.ts). This measures that window on this machine: BENCH_NOTICES acknowledgements
 * (default 2,000) delivered through the real delivery code, BENCH_CONCURRENCY at a time (default 8,
 * the outbound worker's), to a sender that answers at once, with PostgreSQL and Redis on loopback.
 *
 * Prints the window's p50, p99 and maximum, and the whole delivery's p50 for scale:
 *   sent window p50: X ms, p99: Y ms, max: Z ms
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { recordPetition } from "../src/casework/record-petition";
import type { ChannelAddress, ChannelSender } from "../src/channels/sender";
import { FileStore } from "../src/files/file-store";
import { systemClock } from "../src/kernel/clock";
import { createLogger } from "../src/log";
import { cachedOrg } from "../src/org/org-cache";
import { deliver } from "../src/queue/delivery";
import { connectRedis } from "../src/queue/redis";
import { RedisSentLedger } from "../src/redis/sent-ledger";
import { createDb } from "../src/store/client";
import { loadOrgSnapshot } from "../src/store/org-repository";
import { createScratchStores, percentile } from "./scratch";
import { testCipher } from "../tests/support/privacy";

const notices = Number(process.env.BENCH_NOTICES ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

const stores = await createScratchStores();
const db = createDb(stores.databaseUrl, { poolSize: 20 });
const redis = connectRedis(stores.redisUrl);
try {
  const org = cachedOrg(() => loadOrgSnapshot(db));
  const outboxIds: string[] = [];
  for (let i = 0; i < notices; i++) {
    const recorded = await recordPetition(
      { db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher },
      {
        idempotencyKey: randomUUID(),
        user: { channel: "telegram", botAccount: "bench_bot", platformId: String(8_000_000_000 + i) },
        language: "zh-CN",
        categoryId: "roads-water-power",
        areaId: "dongpo",
        description: `第${i}号：路灯坏了。`,
        attachments: [],
        anonymous: true,
        submittedAt: new Date().toISOString(),
      },
    );
    outboxIds.push(recorded.pendingOutboxIds[0]!);
  }

  // When the platform answered, per notice; the window closes when the row is marked, which is the
  // last thing delivery does before it returns (a one-part notice).
  const acceptedAt = new Map<string, number>();
  const windows: number[] = [];
  const deliveries: number[] = [];
  const sender: ChannelSender = {
    channel: "telegram",
    maxTextLength: 4096,
    async send(_to: ChannelAddress) {},
    async sendFile() {},
  };
  const ledger = new RedisSentLedger(redis, stores.prefix);
  const timedSender = (outboxId: string): ChannelSender => ({
    ...sender,
    send: async (to, text) => {
      await sender.send(to, text);
      acceptedAt.set(outboxId, performance.now());
    },
  });
  const files = new FileStore(stores.dataDir);
  const log = createLogger("silent");

  const queue = [...outboxIds];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const begin = performance.now();
        const result = await deliver({ db, ledger, clock: systemClock, senders: new Map([["telegram", timedSender(id)]]), files, org, log, reveal: testCipher.reveal }, id, 1);
        windows.push(performance.now() - acceptedAt.get(id)!);
        if (result !== "sent") throw new Error(`notice ${id}: ${result}`);
        deliveries.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  windows.sort((a, b) => a - b);
  deliveries.sort((a, b) => a - b);
  console.log(`${notices} notices delivered, ${concurrency} at a time, in ${seconds.toFixed(1)} s (${Math.round(notices / seconds)}/s); a whole delivery p50 ${percentile(deliveries, 50).toFixed(2)} ms`);
  console.log(`sent window p50: ${percentile(windows, 50).toFixed(2)} ms, p99: ${percentile(windows, 99).toFixed(2)} ms, max: ${windows.at(-1)!.toFixed(2)} ms`);
} finally {
  await redis.quit();
  await db.$disconnect();
  await stores.remove();
}
