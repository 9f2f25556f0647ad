/**
 * The intake pipeline against the machine's real PostgreSQL and Redis: confirmed petition →
 * intake queue → one transaction in the case store → outbox → outbound queue → a channel sender.
 * The sender is a recording stand-in for a chat platform (the Telegram sender has its own e2e test).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { QueueEvents, type Job, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cachedOrg } from "../../src/org/org-cache";
import { systemClock } from "../../src/kernel/clock";
import type { ConfirmedPetition, PetitionSubmission } from "../../src/cases/submission";
import { sealPetition } from "../../src/privacy/seal-petition";
import type { ChannelName } from "../../src/kernel/channel";
import type { Sealed } from "../../src/kernel/sealed";
import { FileStore } from "../../src/files/file-store";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import { RetryAfterError, type ChannelAddress, type ChannelSender, type OutboundFile } from "../../src/channels/sender";
import { deliver, type DeliveryDeps } from "../../src/queue/delivery";
import type { JobContext } from "../../src/queue/jobs/context";
import { acceptPetition } from "../../src/queue/intake";
import { enqueuePetition, recordPetitionJob, recordPetitionJobId } from "../../src/queue/jobs/record-petition";
import { enqueueNotices } from "../../src/queue/jobs/send-notice";
import { renderNotice } from "../../src/notices/render";
import { openQueues, queueNames, type QueueName, type Queues } from "../../src/queue/queues";
import { jobProcessor, startJobWorker } from "../../src/queue/workers";
import { connectRedis } from "../../src/queue/redis";
import { relayOutbox } from "../../src/queue/relay";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { loadOrgSnapshot, importOrg } from "../../src/store/org-repository";
import { recordPetition } from "../../src/casework/record-petition";
import { sampleOrgFile } from "../../src/app/first-run";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { testRedisUrl } from "../support/services";
import { testCipher } from "../support/privacy";
import { confirmedPetition } from "../support/petitions";

const log = createLogger("silent");
const files = new FileStore(mkdtempSync(path.join(tmpdir(), "minqing-files-")));
let testDb: TestDatabase;
let redis: Redis;

class RecordingSender implements ChannelSender {
  readonly channel: ChannelName = "telegram";
  maxTextLength = 4096;
  sent: { to: ChannelAddress; text: string }[] = [];
  files: { to: ChannelAddress; file: OutboundFile }[] = [];
  /** Errors to throw on the next sends, in order (undefined: that send succeeds). */
  failNext: (Error | undefined)[] = [];
  async send(to: ChannelAddress, text: string) {
    const failure = this.failNext.shift();
    if (failure) throw failure;
    this.sent.push({ to, text });
  }
  async sendFile(to: ChannelAddress, file: OutboundFile) {
    this.files.push({ to, file });
  }
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), systemClock);
  // 王芳 handles 东坡村; she has bound her Telegram account.
  await testDb.db.identity.create({
    data: { channel: "telegram", botAccount: "minqing_bot", platformId: "9000000001", officialId: "wang-fang", createdAt: new Date(), preferred: true },
  });
  redis = connectRedis(testRedisUrl);
});

afterAll(async () => {
  await redis.quit();
  await testDb.drop();
});

let prefix: string;
let queues: Queues;
let sender: RecordingSender;
const workers: Worker[] = [];

beforeEach(() => {
  prefix = `test-${randomBytes(4).toString("hex")}`;
  queues = openQueues(redis, prefix, log);
  sender = new RecordingSender();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
  await queues.intake.obliterate({ force: true });
  await queues.outbound.obliterate({ force: true });
  await queues.wechat.obliterate({ force: true });
  await queues.close();
});

const org = cachedOrg(() => loadOrgSnapshot(testDb.db));
/** How notices leave in these tests: through the recording sender, as Telegram. */
const deliveryDeps = (): DeliveryDeps => ({ db: testDb.db, ledger: new RedisSentLedger(redis, prefix), clock: systemClock, senders: new Map([["telegram", sender]]) as Map<ChannelName, ChannelSender>, files, org, log, reveal: testCipher.reveal });
const jobContext = (): JobContext => ({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org, queues, delivery: deliveryDeps(), log, privacy: testCipher });
const startWorker = (queue: QueueName, concurrency: number) => startJobWorker(queue, jobContext(), { connection: redis, prefix, concurrency });

/** A confirmed petition as the conversation hands it over: sealed on its way to the queue. */
const submission = (overrides: Partial<ConfirmedPetition> = {}): PetitionSubmission => sealPetition(testCipher, confirmedPetition(overrides));

async function caseRows(idempotencyKey: string) {
  const petitions = await testDb.db.petition.findMany({ where: { idempotencyKey }, include: { events: true, assignments: true } });
  const outbox = await testDb.db.outbox.findMany({ where: { event: { petition: { idempotencyKey } } } });
  return { petitions, outbox };
}

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the intake worker", () => {
  it("records a case, routes it, and tells the petitioner and the bound official", async () => {
    workers.push(startWorker(queueNames.intake, 2), startWorker(queueNames.outbound, 2));
    const input = submission();
    await enqueuePetition(queues.intake, input);
    await until(async () => sender.sent.length >= 2);

    const { petitions, outbox } = await caseRows(input.idempotencyKey);
    expect(petitions).toHaveLength(1);
    const petition = petitions[0]!;
    expect(petition).toMatchObject({ state: "registered", seq: 3, unitId: "qingshi-gov", officialId: "wang-fang" });
    // Stored sealed, opened only for the official's notice below.
    expect(petition.contactPhone).not.toContain("13800138000");
    expect(testCipher.open(petition.contactPhone as Sealed)).toBe("+8613800138000");
    expect(petition.contactPhoneHash).toBe(testCipher.phoneHash("+8613800138000"));
    expect(petition.trackingCode).toMatch(/^MQ[2-9A-HJ-NP-Z]{8}$/);
    expect(petition.events.map((e) => [e.seq, e.type, e.visibility])).toEqual([
      [1, "petition.submitted", "petitioner"],
      [2, "case.registered", "petitioner"],
      [3, "case.assigned", "internal"],
    ]);
    expect(petition.events[2]!.reason).toContain("default unit of area qingshi");
    expect(petition.assignments).toHaveLength(1);
    expect(outbox.map((o) => o.status)).toEqual(["sent", "sent"]);

    const toPetitioner = sender.sent.find((m) => m.to.platformId === input.user.platformId)!;
    const toOfficial = sender.sent.find((m) => m.to.platformId === "9000000001")!;
    expect(toPetitioner.text).toContain(`查询码：${petition.trackingCode}`);
    expect(toPetitioner.text).toContain("青石镇人民政府");
    expect(toOfficial.text).toContain(`【新交办】${petition.trackingCode}`);
    expect(toOfficial.text).toContain("王小明 +8613800138000");
  });

  it("makes one case of one confirmation when the job runs twice, even at the same time", async () => {
    const input = submission();
    const job = { id: "intake-x", name: recordPetitionJob.name, data: input } as unknown as Job;
    const process = jobProcessor(queueNames.intake, jobContext());
    const results = (await Promise.all([process(job), process(job)])) as { trackingCode: string }[];
    await process(job);
    expect(new Set(results.map((r) => r.trackingCode)).size).toBe(1);
    const { petitions, outbox } = await caseRows(input.idempotencyKey);
    expect(petitions).toHaveLength(1);
    expect(petitions[0]!.events).toHaveLength(3);
    expect(petitions[0]!.assignments).toHaveLength(1);
    expect(outbox).toHaveLength(2);
  });

  it("tells the petitioner and the petition office when a petition cannot be recorded after every attempt", async () => {
    // An area the organisation does not know: no attempt can succeed.
    const input = submission({ areaId: "no-such-village" });
    const worker = startWorker(queueNames.intake, 1);
    workers.push(worker);
    const failed = new Promise<void>((resolve) => worker.on("failed", () => resolve()));
    await queues.intake.add(recordPetitionJob.name, input, { jobId: recordPetitionJobId(input.idempotencyKey), attempts: 1 });
    await failed;
    const rows = await until(async () => {
      const found = await testDb.db.outbox.findMany({ where: { dedupKey: { contains: input.idempotencyKey } }, include: { recipientPerson: { include: { identities: true } } } });
      return found.length === 2 && found;
    });
    const toPetitioner = rows.find((row) => row.messageKey === "notice_not_recorded")!;
    expect(toPetitioner.recipientPerson!.identities.map((i) => i.platformId)).toEqual([input.user.platformId]);
    expect(rows.find((row) => row.messageKey === "notice_not_recorded_office")).toMatchObject({ recipientOfficialId: "lin-xiaoyan" });
    expect(await testDb.db.petition.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(0);
    // The job stays failed in the queue for an operator to retry.
    expect(await queues.intake.getJobCounts("failed")).toMatchObject({ failed: 1 });
  });

  it("makes one case when the job is added again after BullMQ removed the first", async () => {
    workers.push(startWorker(queueNames.intake, 1));
    const events = new QueueEvents("intake", { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
    const input = submission();
    await enqueuePetition(queues.intake, input);
    const first = (await queues.intake.getJob(`intake-${input.idempotencyKey}`))!;
    const firstResult = await first.waitUntilFinished(events, 10_000);
    await first.remove();
    await enqueuePetition(queues.intake, input);
    const second = (await queues.intake.getJob(`intake-${input.idempotencyKey}`))!;
    const secondResult = await second.waitUntilFinished(events, 10_000);
    await events.close();

    expect(firstResult).toMatchObject({ created: true });
    expect(secondResult).toEqual({ trackingCode: firstResult.trackingCode, created: false });
    expect((await caseRows(input.idempotencyKey)).petitions).toHaveLength(1);
  });

  it("hides an anonymous petitioner from the official and tells the petition office when the official is unbound", async () => {
    // 柳河乡's land cases go to 县自然资源局 (郑刚, no chat account bound).
    const input = submission({ areaId: "liuxi", anonymous: true, contactName: undefined, contactPhone: undefined });
    const recorded = await recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, input);
    const petition = await testDb.db.petition.findUniqueOrThrow({ where: { id: recorded.petitionId } });
    expect(petition).toMatchObject({ unitId: "county-natural-resources", officialId: "zheng-gang", contactName: null, contactPhone: null });
    const outbox = await testDb.db.outbox.findMany({ where: { id: { in: recorded.pendingOutboxIds } } });
    const toOfficials = outbox.filter((o) => o.recipientOfficialId);
    // 郑刚 is also the bureau's head: nobody in the case's chain can be told, and the office hears that (once for the case).
    expect(toOfficials.map((o) => [o.recipientOfficialId, o.messageKey])).toEqual([["lin-xiaoyan", "notice_unreached_case"]]);
    // Ids in the row, names only when rendered: nothing is stored pre-rendered in Chinese.
    expect(toOfficials[0]!.params).toMatchObject({ officialId: "zheng-gang", categoryId: "land-housing", areaId: "liuxi" });
    expect(JSON.stringify(toOfficials[0]!.params)).not.toMatch(/\p{Script=Han}/u);
    expect(renderNotice("zh-CN", toOfficials[0]!.messageKey, toOfficials[0]!.params, await org())).toContain("在青山县自然资源局（承办人：郑刚）");
  });
});

describe("a confirmed petition", () => {
  it("is recorded from what PostgreSQL kept when Redis lost its job, and then kept no longer", async () => {
    const input = submission();
    const accept = { intake: queues.intake, db: testDb.db, clock: systemClock, log };
    await acceptPetition(accept, input);
    expect(await testDb.db.pendingPetition.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
    // Redis crashes and comes back without the job.
    await queues.intake.obliterate({ force: true });

    workers.push(startWorker(queueNames.intake, 2));
    await relayOutbox({ db: testDb.db, queues, clock: systemClock, log, graceMs: 0 });
    const recorded = await until(() => testDb.db.petition.findUnique({ where: { idempotencyKey: input.idempotencyKey } }).then((p) => p ?? undefined));
    expect(recorded.description).toBe(input.description);
    expect(await testDb.db.pendingPetition.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(0);
    // Nothing is queued again once it is recorded.
    await relayOutbox({ db: testDb.db, queues, clock: systemClock, log, graceMs: 0 });
    expect((await caseRows(input.idempotencyKey)).petitions).toHaveLength(1);
  });
});

describe("the outbox", () => {
  const outboundDeps = deliveryDeps;

  it("is repaired by the relay after a crash between the commit and the queueing", async () => {
    const input = submission();
    // The transaction commits, then the process "dies": no outbound job was ever added.
    const recorded = await recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, input);
    expect(await queues.outbound.getJobCounts()).toMatchObject({ waiting: 0, delayed: 0 });

    workers.push(startWorker(queueNames.outbound, 2));
    expect(await relayOutbox({ db: testDb.db, queues, clock: systemClock, log, graceMs: 0 })).toBeGreaterThanOrEqual(2);
    // A second relay pass while the jobs exist queues nothing twice.
    await relayOutbox({ db: testDb.db, queues, clock: systemClock, log, graceMs: 0 });
    await until(async () => {
      const rows = await testDb.db.outbox.findMany({ where: { id: { in: recorded.pendingOutboxIds } } });
      return rows.every((r) => r.status === "sent");
    });
    const texts = sender.sent.map((m) => m.text).filter((t) => t.includes(recorded.trackingCode));
    expect(texts).toHaveLength(2);
  });

  it("waits out a 429 without spending attempts, then sends once", async () => {
    const input = submission();
    const recorded = await recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, input);
    const ack = recorded.pendingOutboxIds[0]!;
    // More "retry after" answers than the job has attempts: only free waits can get through them.
    sender.failNext = Array.from({ length: 10 }, () => new RetryAfterError(50));
    const worker = startWorker(queueNames.outbound, 1);
    workers.push(worker);
    const completed = new Promise<Job>((resolve) => worker.on("completed", (job) => resolve(job)));
    await enqueueNotices(queues.outbound, [{ id: ack }]);
    const job = await completed;
    expect(job.attemptsMade).toBeLessThanOrEqual(1);
    expect(sender.failNext).toHaveLength(0);
    expect(sender.sent.filter((m) => m.text.includes(recorded.trackingCode))).toHaveLength(1);
    expect(await testDb.db.outbox.findUniqueOrThrow({ where: { id: ack } })).toMatchObject({ status: "sent" });
  });

  it("never sends a message twice when a delivery is retried after it succeeded", async () => {
    const input = submission();
    const recorded = await recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, input);
    const ack = recorded.pendingOutboxIds[0]!;
    expect(await deliver(outboundDeps(), ack)).toBe("sent");
    expect(await deliver(outboundDeps(), ack)).toBe("already_done");
    expect(sender.sent).toHaveLength(1);
  });

  it("resumes a notice after the parts already delivered when a later part fails", async () => {
    const recorded = await recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, submission());
    const ack = recorded.pendingOutboxIds[0]!;
    sender.maxTextLength = 30;
    sender.failNext = [undefined, new Error("connection reset")];
    await expect(deliver(outboundDeps(), ack)).rejects.toThrow("connection reset");
    expect(sender.sent).toHaveLength(1);
    expect(await deliver(outboundDeps(), ack)).toBe("sent");
    // Every part once, in order: together exactly the notice.
    const row = await testDb.db.outbox.findUniqueOrThrow({ where: { id: ack } });
    expect(sender.sent.length).toBeGreaterThan(2);
    expect(sender.sent.map((m) => m.text).join("")).toBe(renderNotice("zh-CN", row.messageKey, row.params, await org()));
  });

  it("sends the petitioner's photos to the official after the assignment notice, read from the file store", async () => {
    const bytes = new Uint8Array(randomBytes(2048));
    const saved = await files.save(bytes);
    const photo = { kind: "photo" as const, mimeType: "image/jpeg", ...saved };
    // The same photo sent twice is one attachment.
    const input = submission({ attachments: [photo, photo] });
    const recorded = await recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, input);
    expect(await testDb.db.attachment.count({ where: { petitionId: recorded.petitionId } })).toBe(1);
    for (const id of recorded.pendingOutboxIds) await deliver(outboundDeps(), id);
    const toOfficial = sender.sent.find((m) => m.to.platformId === "9000000001")!;
    expect(toOfficial.text).toContain("附件：1 个");
    expect(sender.files).toHaveLength(1);
    expect(sender.files[0]!.to.platformId).toBe("9000000001");
    expect(Buffer.from(sender.files[0]!.file.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it("renders a notice in the recipient's language when sending", async () => {
    const input = submission({ language: "en" });
    const recorded = await recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, input);
    await deliver(outboundDeps(), recorded.pendingOutboxIds[0]!);
    expect(sender.sent[0]!.text).toContain(`Tracking code: ${recorded.trackingCode}`);
  });
});
