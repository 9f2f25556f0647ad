/**
 * A petition that cannot be recorded in time, against the machine's real PostgreSQL and Redis:
 * the intake worker's database is one that refuses connections (PostgreSQL down), the test clock
 * says two minutes have passed, and the petitioner and the petition office hear that it is
 * delayed, once; when the database is back the acknowledgement says the wait is over. A petition
 * recorded at once costs no job and no message more.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChannelAddress, ChannelSender, OutboundFile } from "../../src/channels/sender";
import type { ConfirmedPetition, PetitionSubmission } from "../../src/cases/submission";
import { sealPetition } from "../../src/privacy/seal-petition";
import { FileStore } from "../../src/files/file-store";
import type { ChannelName } from "../../src/kernel/channel";
import { manualClock, systemClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import type { DeliveryDeps } from "../../src/queue/delivery";
import type { RemoteChannel } from "../../src/queue/send-message";
import type { JobContext } from "../../src/queue/jobs/context";
import { petitionDelayedJobId } from "../../src/queue/jobs/petition-delayed";
import { enqueuePetition, recordPetitionJob, recordPetitionJobId } from "../../src/queue/jobs/record-petition";
import { refreshOfficeContacts } from "../../src/queue/office-contacts";
import { openQueues, queueNames, type QueueName, type Queues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { startJobWorker } from "../../src/queue/workers";
import { IntakeDelayNotes } from "../../src/redis/intake-delay";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { createDb, type Db } from "../../src/store/client";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { sampleOrgFile } from "../../src/app/first-run";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { testCipher } from "../support/privacy";
import { testRedisUrl } from "../support/services";
import { anonymousPetition } from "../support/petitions";

const log = createLogger("silent");
const files = new FileStore(mkdtempSync(path.join(tmpdir(), "minqing-files-")));
/** The petition office's admin in the sample organisation, bound on Telegram. */
const officeChat = { channel: "telegram" as const, botAccount: "minqing_bot", platformId: "9000000099" };

class RecordingSender implements ChannelSender {
  readonly channel: ChannelName = "telegram";
  maxTextLength = 4096;
  sent: { to: ChannelAddress; text: string }[] = [];
  async send(to: ChannelAddress, text: string) {
    this.sent.push({ to, text });
  }
  async sendFile(_to: ChannelAddress, _file: OutboundFile) {}
  to(platformId: string): string[] {
    return this.sent.filter((m) => m.to.platformId === platformId).map((m) => m.text);
  }
}

let testDb: TestDatabase;
/** PostgreSQL down, as the worker sees it: nothing listens on that port. */
let downDb: Db;
let redis: Redis;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), systemClock);
  await testDb.db.identity.create({ data: { ...officeChat, officialId: "lin-xiaoyan", createdAt: new Date(), preferred: true } });
  downDb = createDb("postgresql://postgres@127.0.0.1:1/minqing_down", { poolSize: 1 });
  redis = connectRedis(testRedisUrl);
});

afterAll(async () => {
  await redis.quit();
  await downDb.$disconnect();
  await testDb.drop();
});

let prefix: string;
let queues: Queues;
let sender: RecordingSender;
let notes: IntakeDelayNotes;
let clock: ReturnType<typeof manualClock>;
let ctx: JobContext;
const workers: Worker[] = [];

beforeEach(async () => {
  prefix = `test-${randomBytes(4).toString("hex")}`;
  queues = openQueues(redis, prefix, log);
  sender = new RecordingSender();
  notes = new IntakeDelayNotes(redis, prefix);
  clock = manualClock("2026-12-01T02:00:00Z");
  // What the timers role does while the database answers: the office's identities, copied to Redis.
  await refreshOfficeContacts(testDb.db, notes);
  const delivery: DeliveryDeps = { db: testDb.db, ledger: new RedisSentLedger(redis, prefix), clock, senders: new Map([["telegram", sender]]) as Map<ChannelName, ChannelSender>, files, org: () => loadOrgSnapshot(testDb.db), log, reveal: testCipher.reveal };
  // The worker's database is swapped by the tests (down, then back); the organisation is read from it.
  ctx = { db: testDb.db, clock, timeZone: "Asia/Shanghai", org: () => loadOrgSnapshot(ctx.db), queues, delivery, log, privacy: testCipher, intakeDelay: { noticeAfterMs: 120_000, notes } };
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
  for (const queue of [queues.intake, queues.outbound, queues.wechat]) await queue.obliterate({ force: true });
  await queues.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});

const start = (...names: QueueName[]) => workers.push(...names.map((queue) => startJobWorker(queue, ctx, { connection: redis, prefix, concurrency: 2 })));

const submission = (overrides: Partial<ConfirmedPetition> = {}): PetitionSubmission =>
  sealPetition(testCipher, anonymousPetition({ description: "路灯坏了一个月，晚上看不见路。", submittedAt: clock.now().toISOString(), ...overrides }));

async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs a job waiting out its delay (a backoff, a due time) now. */
async function promote(queue: Queues["intake"], jobId: string): Promise<void> {
  await until(async () => (await (await queue.getJob(jobId))?.getState()) === "delayed");
  await (await queue.getJob(jobId))!.promote();
}

describe("a petition that cannot be recorded in time", () => {
  it("tells the petitioner and the petition office once that it is delayed, and the acknowledgement that the wait is over", async () => {
    ctx.db = downDb;
    start(queueNames.intake, queueNames.outbound);
    const petition = submission();
    const me = petition.user.platformId;
    await enqueuePetition(queues.intake, petition);

    // The first attempt failed: a check is due two minutes after the submission, and nobody has heard anything.
    const checkId = petitionDelayedJobId(petition.idempotencyKey);
    const check = await until(() => queues.intake.getJob(checkId));
    expect(check.opts.delay).toBe(120_000);
    expect(sender.sent).toEqual([]);

    // Two minutes later by the test clock, still not recorded: the check runs.
    clock.advance(120_000);
    await promote(queues.intake, checkId);
    await until(() => sender.to(me).length >= 1 && sender.to(officeChat.platformId).length >= 1);
    expect(sender.to(me)).toEqual([expect.stringContaining("系统暂时无法登记")]);
    expect(sender.to(me)[0]).toContain("不用重新提交");
    expect(sender.to(officeChat.platformId)).toEqual([expect.stringMatching(/2 分钟内没能登记（队列任务 intake-/)]);
    expect(await notes.wasTold(petition.idempotencyKey)).toBe(true);

    // Another failed attempt: the check is not added again, nobody hears it twice.
    await promote(queues.intake, recordPetitionJobId(petition.idempotencyKey));
    await until(async () => ((await queues.intake.getJob(recordPetitionJobId(petition.idempotencyKey)))?.attemptsMade ?? 0) >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sender.to(me)).toHaveLength(1);
    expect(sender.to(officeChat.platformId)).toHaveLength(1);

    // The database is back: the next attempt records it, and the acknowledgement says the wait is over.
    ctx.db = testDb.db;
    await promote(queues.intake, recordPetitionJobId(petition.idempotencyKey));
    const recordedForOffice = () => sender.to(officeChat.platformId).filter((text) => text.includes("现已登记"));
    await until(() => sender.to(me).length >= 2 && recordedForOffice().length >= 1);
    const ack = sender.to(me)[1]!;
    expect(ack).toMatch(/^让您久等了：您的诉求刚才没能及时登记，现在已经登记好了。\n您的诉求已登记/);
    const code = /查询码：(\S+)/.exec(ack)![1]!;
    // (The office also steps in for the handling official, who has no chat account here.)
    expect(recordedForOffice()).toEqual([`【系统】之前延后登记的诉求现已登记，查询码 ${code}。`]);
    expect(sender.to(officeChat.platformId).filter((text) => text.includes("没能登记"))).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sender.to(me)).toHaveLength(2);
  });

  it("says nothing more and adds no job when the petition is recorded within the threshold", async () => {
    start(queueNames.intake, queueNames.outbound);
    const petition = submission();
    await enqueuePetition(queues.intake, petition);
    await until(() => sender.to(petition.user.platformId).length >= 1);

    expect(sender.to(petition.user.platformId)[0]).toMatch(/^您的诉求已登记/);
    expect(await queues.intake.getJob(petitionDelayedJobId(petition.idempotencyKey))).toBeUndefined();
    const outboundJobs = await queues.outbound.getJobs(["completed", "waiting", "delayed", "active", "failed"]);
    expect(outboundJobs.map((job) => job.name).filter((name) => name !== "send-notice")).toEqual([]);
    expect(await redis.keys(`${prefix}:delay-told:*`)).toEqual([]);
  });

  it("tells of the delay when the database host does not answer at all, the office found from the Redis copy", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const hangingDb = createDb(`postgresql://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/minqing`, { poolSize: 1 });
    try {
      ctx.db = hangingDb;
      start(queueNames.intake, queueNames.outbound);
      const petition = submission({ submittedAt: new Date(clock.now().getTime() - 150_000).toISOString() });
      await enqueuePetition(queues.intake, petition);

      await until(() => sender.to(petition.user.platformId).length >= 1 && sender.to(officeChat.platformId).length >= 1);
      expect(sender.to(petition.user.platformId)).toEqual([expect.stringContaining("系统暂时无法登记")]);
      // The database does not answer the office's lookup either: its identities come from the Redis copy.
      expect(sender.to(officeChat.platformId)).toEqual([expect.stringContaining("没能登记")]);
    } finally {
      // Connections left hanging are dropped, so the worker can stop.
      for (const socket of sockets) socket.destroy();
      silent.close();
      ctx.db = testDb.db;
      await hangingDb.$disconnect().catch(() => {});
    }
  });

  it("hands a WeChat petitioner's delay notice to WeChat's own queue", async () => {
    ctx.db = downDb;
    const wechat: RemoteChannel = { isOnline: async () => true, queueFor: async () => queues.wechat };
    ctx.delivery = { ...ctx.delivery, remote: new Map([["wechat", wechat]]) };
    start(queueNames.intake, queueNames.outbound);
    const petition = submission({ user: { channel: "wechat", botAccount: "wechat", platformId: "wxid_citizen" }, submittedAt: new Date(clock.now().getTime() - 180_000).toISOString() });
    await enqueuePetition(queues.intake, petition);

    // Submitted three minutes ago by the test clock: the check is due at once after the first failure.
    const handedOver = await until(async () => (await queues.wechat.getJobs(["waiting"])).find((job) => job.name === "tell-directly"));
    expect(handedOver.data).toMatchObject({ to: [{ channel: "wechat", platformId: "wxid_citizen" }], message: { key: "notice_delayed" } });
    await until(() => sender.to(officeChat.platformId).length >= 1);
    expect(sender.to(officeChat.platformId)[0]).toContain("3 分钟内没能登记");
  });

  it("after every attempt, with the database still down, tells the petitioner told of the delay that staff take it from there", async () => {
    ctx.db = downDb;
    start(queueNames.outbound);
    const petition = submission();
    await notes.markTold(petition.idempotencyKey, clock.now());
    await recordPetitionJob.onFinalFailure!(ctx, { jobId: recordPetitionJobId(petition.idempotencyKey), data: petition, error: new Error("database down"), attemptsMade: 10 });

    await until(() => sender.to(petition.user.platformId).length >= 1 && sender.to(officeChat.platformId).length >= 1);
    expect(sender.to(petition.user.platformId)).toEqual([expect.stringContaining("已转请工作人员处理")]);
    expect(sender.to(petition.user.platformId)[0]).not.toContain("系统暂时无法登记");
    expect(sender.to(officeChat.platformId)).toEqual([expect.stringContaining("多次登记失败")]);
  });
});
