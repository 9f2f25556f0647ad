/**
 * Transfers (转办) in chat, through the conversation engine and the real case store, on the sample
 * county (青石镇, 柳河乡, 云岭镇; the county bureaus of HR and of natural resources; the petition
 * office). 王芳 of 青石镇 accepts a case and asks to transfer it to the county HR bureau: across
 * townships, so it waits for the petition office, which approves with one press; 何丽 of the bureau
 * accepts anew; the bureau passes it on to natural resources at once (both county bureaus), past the
 * limit, so the office is told. 王芳 stays its owner throughout: she still sees it and hears each step.
 * A second case shows a rejected request, a search with several matches, and a conduct complaint
 * refused for the unit it accuses, its reason kept for the next unit chosen.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleOrgFile } from "../../src/app/first-run";
import { conversationPorts } from "../../src/app/conversation-ports";
import { recordPetition } from "../../src/casework/record-petition";
import { ConversationEngine } from "../../src/conversation/engine";
import { RedisStateStore } from "../../src/redis/state-store";
import type { ChannelUser } from "../../src/kernel/channel";
import { manualClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { presentNotice } from "../../src/notices/render";
import { readOrgFile } from "../../src/org/load-file";
import { cachedOrg } from "../../src/org/org-cache";
import { openQueues, type Queues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { LinkCodes } from "../../src/redis/link-codes";
import { ClaimAttempts } from "../../src/redis/claim-attempts";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
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

const account = (platformId: string): ChannelUser => ({ channel: "telegram", botAccount: "minqing_bot", platformId });
const wangFang = account("8100000001"); // 王芳, handling official of 青石镇
const linXiaoyan = account("8100000002"); // 林晓燕, petition office
const heLi = account("8100000003"); // 何丽, 县人社局
const zhengGang = account("8100000004"); // 郑刚, 县自然资源局

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), clock);
  redis = connectRedis(testRedisUrl);
  queues = openQueues(redis, prefix, log);
  const bound: [ChannelUser, string][] = [[wangFang, "wang-fang"], [linXiaoyan, "lin-xiaoyan"], [heLi, "he-li"], [zhengGang, "zheng-gang"]];
  for (const [user, officialId] of bound) await testDb.db.identity.create({ data: { ...user, officialId, createdAt: clock.now() } });
  const org = cachedOrg(() => loadOrgSnapshot(testDb.db));
  engine = new ConversationEngine({
    store: new RedisStateStore(redis, prefix, 3600),
    // One transfer is ordinary; a second is flagged to the petition office.
    ports: conversationPorts({ db: testDb.db, queues, clock, timeZone: "Asia/Shanghai", org, linkCodes: new LinkCodes(redis, prefix), claimAttempts: new ClaimAttempts(redis, prefix), log, privacy: testCipher, maxTransfers: 1 }),
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

async function newCase(description: string, categoryId = "other"): Promise<string> {
  const petition = confirmedPetition({ areaId: "dongpo", categoryId, description });
  const recorded = await recordPetition({ db: testDb.db, clock, timeZone: "Asia/Shanghai", org: await loadOrgSnapshot(testDb.db), privacy: testCipher }, petition);
  return recorded.trackingCode;
}

/** The notices a case owes one official (or the petitioner), as they read in Chinese on Telegram. */
async function noticesTo(code: string, officialId: string | "petitioner") {
  const row = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, select: { id: true, personId: true } });
  const rows = await testDb.db.outbox.findMany({
    where: { event: { petitionId: row.id }, ...(officialId === "petitioner" ? { recipientPersonId: row.personId } : { recipientOfficialId: officialId }) },
    orderBy: { createdAt: "asc" },
  });
  const org = await loadOrgSnapshot(testDb.db);
  return rows.map((r) => ({ key: r.messageKey, ...presentNotice("zh-CN", r.messageKey, r.params, org, "buttons", testCipher.reveal) }));
}

describe("transfers in chat", () => {
  it("across townships waits for the office's approval; the receiving unit accepts anew; the owner follows every step", async () => {
    const code = await newCase("村里的企业拖欠我三个月工资，老板说没钱。");
    expect(await say(wangFang, `受理 ${code}`)).toContain(`已受理 ${code}`);
    // The card offers the transfer.
    expect(await say(wangFang, `/case ${code}`)).toContain(`[转办|/transfer ${code}]`);

    // The unit is picked from the list or found by part of its name; one match is taken.
    const asked = await say(wangFang, `/transfer ${code}`);
    expect(asked).toContain(`转办 ${code}：转给哪个单位？`);
    expect(asked).toContain("[青山县人力资源和社会保障局|");
    expect(await say(wangFang, "人社")).toContain("转给青山县人力资源和社会保障局。请写明转办理由");
    expect(await say(wangFang, "属于欠薪问题，应由县人社局劳动监察处理。")).toContain(`${code} 转给青山县人力资源和社会保障局属于跨乡镇转办，已报信访局批准`);

    // Until approved, the case stays with 青石镇; the office is asked, with the actions to decide.
    const waiting = await say(wangFang, `/case ${code}`);
    expect(waiting).toContain("办理单位：青石镇人民政府｜承办人：王芳");
    expect(waiting).toContain("待批准的转办：转给青山县人力资源和社会保障局（王芳申请）：属于欠薪问题");
    expect(waiting).not.toContain("[转办|");
    const [request] = await noticesTo(code, "lin-xiaoyan");
    expect(request!.text).toContain("王芳申请把案件从青石镇人民政府转给青山县人力资源和社会保障局");
    expect(request!.choices.map((c) => c.value)).toEqual([`/approvetransfer ${code}`, `/rejecttransfer ${code}`, `/case ${code}`]);
    // Nobody but the office approves.
    expect(await say(wangFang, `/approvetransfer ${code}`)).toContain("没有权限");

    expect(await say(linXiaoyan, `/approvetransfer ${code}`)).toContain(`已批准，${code} 已转出`);
    // A second press finds it decided.
    expect(await say(linXiaoyan, `批准转办 ${code}`)).toMatch(/现在是“已登记，待受理”.*最近一步：林晓燕/s);

    // The bureau's handler is assigned, told where it came from, and accepts anew.
    const [assignment] = await noticesTo(code, "he-li");
    expect(assignment!.key).toBe("notice_assignment");
    expect(assignment!.text).toContain("由青石镇人民政府转来，理由：属于欠薪问题");
    expect(assignment!.choices.map((c) => c.value)).toContain(`/accept ${code}`);
    expect(await say(heLi, `受理 ${code}`)).toContain(`已受理 ${code}`);

    // 王芳 no longer handles it but still owns it: she sees it and heard each step.
    const owned = await say(wangFang, `/case ${code}`);
    expect(owned).toContain("办理单位：青山县人力资源和社会保障局｜承办人：何丽｜首问负责：王芳");
    expect(owned).toContain("已转办 1 次");
    expect(await say(wangFang, `受理 ${code}`)).toContain("没有权限");
    // (After the assignment that first brought the case to her.)
    expect((await noticesTo(code, "wang-fang")).map((n) => n.key === "notice_assignment" ? "assignment" : n.text)).toEqual([
      "assignment",
      `【转办已批准】${code} 经林晓燕批准，已转给青山县人力资源和社会保障局办理。`,
      `【首问跟踪】${code}（青山县人力资源和社会保障局）：已受理`,
    ]);

    // Between two county bureaus it happens at once; a second transfer is past the limit of one.
    await say(heLi, `转办 ${code}`);
    await say(heLi, "自然资源");
    expect(await say(heLi, "老板以厂房抵债，涉及土地权属。")).toContain(`${code} 已转给青山县自然资源局，由该单位重新受理`);
    const flags = (await noticesTo(code, "lin-xiaoyan")).filter((n) => n.key === "notice_transfer_flag");
    expect(flags.map((n) => n.text)).toEqual([`【多次转办】${code} 已转办 2 次（超过 1 次），现在在青山县自然资源局。请关注，必要时协调确定办理单位。`]);
    expect((await noticesTo(code, "zheng-gang")).map((n) => n.key)).toEqual(["notice_assignment"]);
    expect((await noticesTo(code, "wang-fang")).map((n) => n.text).at(-1)).toBe(`【首问跟踪】${code}（青山县自然资源局）：已转办`);

    // The petitioner heard where it went each time, in plain words, and each acceptance.
    const told = await noticesTo(code, "petitioner");
    expect(told.map((n) => n.key)).toEqual(["notice_ack", "notice_case_accepted", "notice_case_transferred", "notice_case_accepted", "notice_case_transferred"]);
    expect(told[2]!.text).toMatch(new RegExp(`^您的诉求 ${code} 已转交青山县人力资源和社会保障局办理。该单位将在 \\d{4}-\\d{2}-\\d{2} 前决定是否受理`));
    expect(told[3]!.text).toContain("已由青山县人力资源和社会保障局（何丽）受理");
    expect(told.map((n) => n.text).join("\n")).not.toContain("欠薪问题，应由");

    // The timeline reads where it went and why.
    const timeline = await say(wangFang, `记录 ${code}`);
    expect(timeline).toContain("王芳 申请转办（待信访局批准）（内部）：青山县人力资源和社会保障局：属于欠薪问题");
    expect(timeline).toContain("林晓燕 已转办：青山县人力资源和社会保障局：属于欠薪问题");
    expect(timeline).toContain("何丽 已转办：青山县自然资源局：老板以厂房抵债");
    const row = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, include: { assignments: { orderBy: { assignedAt: "asc" } } } });
    expect(row).toMatchObject({ state: "registered", unitId: "county-natural-resources", officialId: "zheng-gang", ownerOfficialId: "wang-fang", answerBy: null });
    // One holder at a time: every earlier assignment ended when the next began.
    expect(row.assignments.map((a) => [a.unitId, a.officialId, a.endedAt === null])).toEqual([
      ["qingshi-gov", "wang-fang", false],
      ["county-hrss", "he-li", false],
      ["county-natural-resources", "zheng-gang", true],
    ]);
  });

  it("a rejected request keeps the case; a conduct complaint is not transferred to the unit it accuses, and the reason given is kept", async () => {
    const code = await newCase("镇干部办事推诿，多次找都说不归他们管。", "cadre-conduct");
    // Conduct complaints go to the discipline body (纪委监委) of the county.
    const accused = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode: code } });
    expect(accused.unitId).toBe("county-discipline");
    // As intake records who a complaint is about (another part of this work): 云岭镇.
    await testDb.db.petition.update({ where: { id: accused.id }, data: { handling: { signOffs: [], accused: { unitId: "yunling-gov", text: "云岭镇的干部" } } } });

    // Several units match "镇": a list to pick from.
    await say(linXiaoyan, `转办 ${code}`);
    const found = await say(linXiaoyan, "镇");
    expect(found).toContain("名称含“镇”的单位，请选择：");
    expect(found).toContain("[青石镇人民政府|");
    expect(found).toContain("[云岭镇人民政府|");
    expect(found).not.toContain("柳河乡");
    await say(linXiaoyan, "2"); // 云岭镇人民政府
    const refused = await say(linXiaoyan, "请被反映单位说明情况。");
    expect(refused).toContain(`${code} 反映的正是云岭镇人民政府（或其工作人员）的问题，按规定不能转给被反映的单位。请另选一个单位。`);
    expect(refused).toContain("转给哪个单位？");
    // Another unit: the reason already given goes with it, and the office transfers at once.
    expect(await say(linXiaoyan, "柳河")).toContain(`${code} 已转给柳河乡人民政府，由该单位重新受理`);
    expect((await testDb.db.caseEvent.findFirstOrThrow({ where: { petitionId: accused.id, type: "case.transferred" } })).reason).toBe("请被反映单位说明情况。");

    // 柳河乡's head asks to move it to 青石镇: across townships, so it waits; the office says no.
    const chenJing = account("8100000005");
    await testDb.db.identity.create({ data: { ...chenJing, officialId: "chen-jing", createdAt: clock.now() } });
    await say(chenJing, `/transfer ${code}`);
    await say(chenJing, "青石");
    expect(await say(chenJing, "事情发生在青石镇。")).toContain("已报信访局批准");
    expect(await say(linXiaoyan, `不批准转办 ${code}`)).toContain("请写明理由（申请人会看到）");
    expect(await say(linXiaoyan, "被反映的是镇干部，由柳河乡调查更中立。")).toContain(`已不批准 ${code} 的转办`);
    const rejected = (await noticesTo(code, "chen-jing")).filter((n) => n.key === "notice_transfer_rejected");
    expect(rejected.map((n) => n.text)).toEqual([`【转办未批准】${code} 转给青石镇人民政府的申请没有批准（林晓燕）：被反映的是镇干部，由柳河乡调查更中立。\n案件仍由本单位办理。`]);
    const card = await say(chenJing, `/case ${code}`);
    expect(card).toContain("办理单位：柳河乡人民政府");
    expect(card).not.toContain("待批准的转办");
    expect(card).toContain(`[转办|/transfer ${code}]`);
  });
});
