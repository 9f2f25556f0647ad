/**
 * Items 6 and 10 of case handling through the conversation engine, the real case store and the
 * admin command: a case nobody in its chain can be told about is on the petition office's list (in
 * chat and at the terminal), the office hears of it once however often it is reassigned, and a
 * reassignment from the admin command reaches the new official with the case's actions. A cadre
 * records a petition for a citizen at a visit; the citizen's notices wait until they claim it with
 * the tracking code and the phone's last four digits — wrong digits are refused, three wrong tries
 * lock the account out — and then arrive on their own account.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationPorts } from "../../src/app/conversation-ports";
import { sampleOrgFile } from "../../src/app/first-run";
import { recordPetition, type QueuedPetition } from "../../src/casework/record-petition";
import type { ChannelAddress, ChannelSender } from "../../src/channels/sender";
import { ConversationEngine } from "../../src/conversation/engine";
import type { Choice } from "../../src/conversation/types";
import { FileStore } from "../../src/files/file-store";
import type { ChannelName, ChannelUser } from "../../src/kernel/channel";
import { manualClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import { cachedOrg } from "../../src/org/org-cache";
import { deliver } from "../../src/queue/delivery";
import { openQueues, type Queues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { ClaimAttempts } from "../../src/redis/claim-attempts";
import { LinkCodes } from "../../src/redis/link-codes";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { RedisStateStore } from "../../src/redis/state-store";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { unreachedCases } from "../../src/store/unreached-cases";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { confirmedPetition } from "../support/petitions";
import { testCipher } from "../support/privacy";
import { removeRedisKeys, testRedisUrl } from "../support/services";

const clock = manualClock("2026-12-02T02:00:00Z");
const prefix = `test-${randomBytes(4).toString("hex")}`;
const log = createLogger("silent");
let testDb: TestDatabase;
let redis: Redis;
let queues: Queues;
let engine: ConversationEngine;

const telegram = (platformId: string): ChannelUser => ({ channel: "telegram", botAccount: "minqing_bot", platformId });
const linXiaoyan = telegram("8100000003"); // 林晓燕, petition office admin
const wangFang = telegram("8100000001"); // 王芳, 青石镇: records the visit
const heLi: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_heli" }; // 何丽, 县人社局

const org = cachedOrg(() => loadOrgSnapshot(testDb.db));

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), clock);
  redis = connectRedis(testRedisUrl);
  queues = openQueues(redis, prefix, log);
  for (const [user, officialId] of [[linXiaoyan, "lin-xiaoyan"], [wangFang, "wang-fang"], [heLi, "he-li"]] as const) {
    await testDb.db.identity.create({ data: { ...user, officialId, createdAt: clock.now() } });
  }
  engine = new ConversationEngine({
    store: new RedisStateStore(redis, prefix, 3600),
    ports: conversationPorts({ db: testDb.db, queues, clock, timeZone: "Asia/Shanghai", org, linkCodes: new LinkCodes(redis, prefix), claimAttempts: new ClaimAttempts(redis, prefix), log, privacy: testCipher }),
    clock,
    defaultLanguage: "zh-CN",
    idleMinutes: 30,
    maxDescriptionChars: 5000,
    timeZone: "Asia/Shanghai",
  });
});
afterAll(async () => {
  await queues.close();
  await redis.quit();
  await removeRedisKeys(prefix);
  await testDb.drop();
});

async function say(user: ChannelUser, text: string): Promise<string> {
  clock.advance(60_000);
  const replies = await engine.handle({ user, chat: "private", kind: "text", text });
  return replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}|${c.value}]`)].join("\n")).join("\n---\n");
}

/** A channel stand-in that records what it was asked to send, and to whom. */
class RecordingSender implements ChannelSender {
  readonly maxTextLength = 4000;
  sent: { to: string; text: string; choices?: Choice[] }[] = [];
  constructor(readonly channel: ChannelName) {}
  async send(to: ChannelAddress, text: string, choices?: Choice[]) {
    this.sent.push({ to: to.platformId, text, ...(choices ? { choices } : {}) });
  }
  async sendFile() {}
}

function deliverer(sender: RecordingSender) {
  const deps = { db: testDb.db, ledger: new RedisSentLedger(redis, prefix), clock, senders: new Map([[sender.channel, sender]]), files: new FileStore(mkdtempSync(path.join(tmpdir(), "mq-files-"))), org, log, reveal: testCipher.reveal };
  return (outboxId: string) => deliver(deps, outboxId, 1);
}

/** Each admin command is a process of its own (a few seconds each on a busy machine). */
const adminTimeout = 120_000;
/** The login the admin command records as its operator. */
const operator = userInfo().username;
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, "src/admin/cli.ts", ...args], { env: { ...process.env, DATABASE_URL: testDb.url } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const officeNotices = () => testDb.db.outbox.findMany({ where: { recipientOfficialId: "lin-xiaoyan", messageKey: "notice_unreached_case" } });

describe("a case nobody in its chain can be told about", () => {
  it("is on the office's list in chat and at the terminal, told once, and reaches the official the admin command gives it to", async () => {
    // 柳溪村 goes to 柳河乡 and 刘洋; neither he nor 陈静, the head, has a chat account.
    const recorded = await recordPetition({ db: testDb.db, clock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, confirmedPetition({ areaId: "liuxi", categoryId: "other", description: "村里的排水沟堵了半年，下雨就淹到院子里。" }));
    const code = recorded.trackingCode;
    expect((await unreachedCases(testDb.db)).map((c) => [c.trackingCode, c.unitId, c.officialId])).toEqual([[code, "liuhe-gov", "liu-yang"]]);

    // The office hears it once, on the channel it has, with the case to open.
    const told = await officeNotices();
    expect(told).toHaveLength(1);
    const officeSender = new RecordingSender("telegram");
    expect(await deliverer(officeSender)(told[0]!.id)).toBe("sent");
    expect(officeSender.sent[0]).toMatchObject({ to: linXiaoyan.platformId, choices: [{ value: `/case ${code}` }] });
    expect(officeSender.sent[0]!.text).toContain(`【无人可通知】${code}（其他，柳溪村（柳河乡））在柳河乡人民政府（承办人：刘洋）`);

    // In chat, for the office only.
    const listed = await say(linXiaoyan, "待指派");
    expect(listed).toContain(`${code}｜其他｜柳溪村（柳河乡）｜柳河乡人民政府｜承办人 刘洋｜已登记，待受理`);
    expect(listed).toContain(`[${code}|/case ${code}]`);
    expect(await say(wangFang, "/unreached")).toContain("不认识这个命令");

    // At the terminal.
    const list = await admin("unreached");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${code}\\s+registered\\s+其他\\s+柳溪村\\s+柳河乡人民政府\\s+刘洋 \\(liu-yang\\)`));
    const looks = await testDb.db.auditLog.findMany({ where: { action: "unreached_list" }, orderBy: { at: "asc" } });
    expect(looks.map((l) => [l.actorKind, l.actorId, l.outcome])).toEqual([
      ["official", "lin-xiaoyan", "viewed"],
      ["system", null, "viewed"],
    ]);
    expect(looks[1]!.detail).toContain(`admin-cli (${operator})`);

    // Given to 马秀 (云岭镇), who has no account either: still on the list, and the office is not told again.
    const toMaXiu = await admin("reassign", code, "ma-xiu");
    expect(toMaXiu.code).toBe(0);
    expect(toMaXiu.stdout).toContain(`reassigned ${code} to 马秀 (ma-xiu, 云岭镇人民政府)`);
    expect(toMaXiu.stdout).toContain("has no chat account");
    expect((await unreachedCases(testDb.db)).map((c) => [c.trackingCode, c.officialId])).toEqual([[code, "ma-xiu"]]);
    expect(await officeNotices()).toHaveLength(1);

    // Given to 何丽, who is on WeChat: she is told, with the actions; the case leaves the list.
    const toHeLi = await admin("reassign", code, "he-li", "县人社局负责排水补助");
    expect(toHeLi.stdout).toContain("何丽 is told in chat");
    expect(await unreachedCases(testDb.db)).toEqual([]);
    const row = await testDb.db.outbox.findFirstOrThrow({ where: { recipientOfficialId: "he-li", messageKey: "notice_assignment", status: "pending" } });
    const wechat = new RecordingSender("wechat");
    expect(await deliverer(wechat)(row.id)).toBe("sent");
    expect(wechat.sent).toHaveLength(1);
    expect(wechat.sent[0]!.to).toBe(heLi.platformId);
    expect(wechat.sent[0]!.text).toContain(`【新交办】${code}`);
    expect(wechat.sent[0]!.choices?.map((c) => c.value)).toEqual([`/accept ${code}`, `/case ${code}`]);

    // The record says who did it and how; the current assignment is 何丽's alone.
    const petition = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, include: { assignments: true, events: { where: { type: "case.reassigned" }, orderBy: { seq: "asc" } } } });
    expect(petition).toMatchObject({ unitId: "county-hrss", officialId: "he-li", state: "registered" });
    expect(petition.assignments.filter((a) => a.endedAt === null).map((a) => a.officialId)).toEqual(["he-li"]);
    expect(petition.events.map((e) => [e.actorKind, e.officialId, e.payload])).toEqual([
      ["system", "ma-xiu", { from: { unitId: "liuhe-gov", officialId: "liu-yang" }, via: "admin-cli", operator }],
      ["system", "he-li", { from: { unitId: "yunling-gov", officialId: "ma-xiu" }, via: "admin-cli", operator }],
    ]);
    expect(petition.events[1]!.reason).toBe("县人社局负责排水补助");
    // She now holds it in chat like any case of hers.
    expect(await say(heLi, `/case ${code}`)).toContain(`|/accept ${code}]`);
  }, adminTimeout);

  it("the admin command says plainly what is wrong", async () => {
    expect(await admin("reassign", "MQ2222AAAA", "he-li")).toMatchObject({ code: 1, stderr: "no case MQ2222AAAA\n" });
    const recorded = await recordPetition({ db: testDb.db, clock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, confirmedPetition({ areaId: "shazhou", categoryId: "other" }));
    expect((await admin("reassign", recorded.trackingCode, "no-such-person")).stderr).toContain('unknown official "no-such-person"');
    expect((await admin("reassign", recorded.trackingCode, "liu-yang")).stderr).toContain("already 刘洋's");
  }, adminTimeout);
});

describe("a petition a cadre records at a visit", () => {
  const citizen = telegram("8200000001");
  const guesser = telegram("8200000002");
  const latecomer = telegram("8200000003");

  it("is handled like any case while its notices wait, and is claimed by the citizen with the code and the phone's last four digits", async () => {
    // 王芳 records it at the citizen's home.
    expect(await say(wangFang, "/visit")).toContain("这次是哪种走访接待？");
    await say(wangFang, "1"); // 登门上户
    await say(wangFang, "1"); // 土地房屋
    await say(wangFang, "东坡村");
    await say(wangFang, "邻居翻建房屋占了我家两米宅基地，村里调解没有结果。");
    await say(wangFang, "写完了");
    await say(wangFang, "张建国");
    expect(await say(wangFang, "139 1234 5678")).toContain("代录：王芳为群众代录（登门上户）");
    expect(await say(wangFang, "确认")).toContain("已提交。登记后查询码会发给您");

    // The intake worker's part: the kept confirmation is recorded.
    const kept = await testDb.db.pendingPetition.findFirstOrThrow({ where: { submission: { path: ["visit", "officialId"], equals: "wang-fang" } } });
    const recorded = await recordPetition({ db: testDb.db, clock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher }, kept.submission as unknown as QueuedPetition);
    const code = recorded.trackingCode;
    const stored = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, include: { events: { orderBy: { seq: "asc" } }, person: { include: { identities: true } } } });
    expect(stored).toMatchObject({ identityId: null, anonymous: false, officialId: "wang-fang", unitId: "qingshi-gov" });
    expect(stored.person.identities).toEqual([]);
    expect(stored.contactPhone).toMatch(/^enc:v1:/);
    expect(stored.events.map((e) => [e.type, e.actorKind, e.actorId])).toEqual([
      ["petition.submitted", "official", "wang-fang"],
      ["case.recorded_at_visit", "official", "wang-fang"],
      ["case.registered", "system", null],
      ["case.assigned", "system", null],
    ]);
    expect(stored.events[1]!.payload).toEqual({ visit: "door_to_door", recordedBy: "wang-fang" });

    // The cadre gets the code to give the citizen; the citizen's acknowledgement is held, not queued.
    const cadreRows = await testDb.db.outbox.findMany({ where: { recipientOfficialId: "wang-fang", event: { petitionId: stored.id } } });
    expect(cadreRows.map((r) => r.messageKey).sort()).toEqual(["notice_assignment", "notice_visit_recorded"]);
    const held = await testDb.db.outbox.findMany({ where: { recipientPersonId: stored.personId } });
    expect(held.map((r) => [r.messageKey, r.status])).toEqual([["notice_ack", "held"]]);
    expect(recorded.pendingOutboxIds).not.toContain(held[0]!.id);

    // Handled like any other: 王芳 accepts it; the petitioner's notice of it waits too.
    expect(await say(wangFang, `受理 ${code}`)).toContain(`已受理 ${code}`);
    expect((await testDb.db.outbox.findMany({ where: { recipientPersonId: stored.personId }, orderBy: { createdAt: "asc" } })).map((r) => [r.messageKey, r.status])).toEqual([
      ["notice_ack", "held"],
      ["notice_case_accepted", "held"],
    ]);

    // Wrong digits are refused, and say how many tries are left.
    expect(await say(citizen, `认领 ${code} 1234`)).toContain("查询码或手机号后四位不对，没能认领。还可以再试 2 次。");
    // The code, then the digits when asked.
    expect(await say(citizen, `认领 ${code}`)).toContain("请回复登记时留的手机号的后四位");
    expect(await say(citizen, "5678")).toContain(`已认领 ${code}`);

    // The case is the citizen's now, on their account; what was held goes to them, in order.
    const claimed = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, include: { identity: true } });
    expect(claimed.identity).toMatchObject({ platformId: citizen.platformId });
    expect(claimed.personId).not.toBe(stored.personId);
    const released = await testDb.db.outbox.findMany({ where: { recipientPersonId: claimed.personId }, orderBy: [{ createdAt: "asc" }] });
    expect(released.map((r) => [r.messageKey, r.status])).toEqual([
      ["notice_ack", "pending"],
      ["notice_case_accepted", "pending"],
    ]);
    const toCitizen = new RecordingSender("telegram");
    for (const row of released) expect(await deliverer(toCitizen)(row.id)).toBe("sent");
    expect(toCitizen.sent.map((m) => m.to)).toEqual([citizen.platformId, citizen.platformId]);
    expect(toCitizen.sent[0]!.text).toContain(`查询码：${code}`);
    expect(toCitizen.sent[1]!.text).toContain(`您的诉求 ${code} 已由青石镇人民政府（王芳）受理`);
    // From now on they are told like anyone, and see it with /status.
    expect(await say(citizen, "/status")).toContain(code);
    await say(wangFang, `/note ${code}`);
    await say(wangFang, "已约邻居周五到村委会协商。");
    await say(wangFang, "1"); // 告诉反映人
    expect(await testDb.db.outbox.findFirst({ where: { recipientPersonId: claimed.personId, messageKey: "notice_case_progress" } })).toMatchObject({ status: "pending" });
    expect(await testDb.db.outbox.findFirst({ where: { recipientOfficialId: "wang-fang", messageKey: "notice_visit_claimed" } })).toMatchObject({ status: "pending" });

    // Someone else guessing: three wrong tries lock them out, even with the right digits after.
    expect(await say(guesser, `认领 ${code} 0000`)).toContain("还可以再试 2 次");
    expect(await say(guesser, `认领 ${code} 1111`)).toContain("还可以再试 1 次");
    expect(await say(guesser, `认领 ${code} 2222`)).toContain("尝试次数太多，认领已暂停，请 30 分钟后再试");
    expect(await say(guesser, `认领 ${code} 5678`)).toContain("尝试次数太多");
    // The right digits on another account cannot take a case already claimed.
    expect(await say(latecomer, `认领 ${code} 5678`)).toContain(`${code} 已经由另一个账号认领`);

    const audit = await testDb.db.auditLog.findMany({ where: { action: "claim" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.outcome)).toEqual(["refused", "granted", "refused", "refused", "refused", "refused", "refused"]);
    // A locked try is refused before the case is looked up: it names none.
    expect(audit.map((a) => a.petitionId)).toEqual([stored.id, stored.id, stored.id, stored.id, stored.id, null, stored.id]);
    expect(audit.filter((a) => a.outcome === "granted").map((a) => a.actorId)).toEqual([claimed.personId]);
    // No phone number or name in the record of the attempts.
    expect(JSON.stringify(audit)).not.toMatch(/5678|张建国/);
  });
});
