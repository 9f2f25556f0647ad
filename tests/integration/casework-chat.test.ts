/**
 * A case from intake to closure by officials in chat only, through the conversation engine and
 * the real case store: the handling official accepts, notes progress and answers; the unit head
 * returns the answer once, then approves it; the petition office records the revisit; both sign
 * off; the case closes. Along the way every closure gate refuses with what is missing, a stranger
 * is refused (and audited), and the petitioner hears each public step exactly once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelSender } from "../../src/channels/sender";
import { FileStore } from "../../src/files/file-store";
import type { ChannelUser } from "../../src/kernel/channel";
import { renderNotice } from "../../src/notices/render";
import { deliver } from "../../src/queue/delivery";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { loadOrgSnapshot } from "../../src/store/org-repository";
import { caseworkChat, type CaseworkChat } from "../support/casework-chat";
import { testCipher } from "../support/privacy";

let chat: CaseworkChat;
let wangFang: ChannelUser; // 王芳, handling official of 青石镇
let liZhiqiang: ChannelUser; // 李志强, head of 青石镇
let linXiaoyan: ChannelUser; // 林晓燕, petition office
let heLi: ChannelUser; // 何丽, 县人社局: another unit

beforeAll(async () => {
  chat = await caseworkChat();
  wangFang = await chat.official("8000000001", "wang-fang");
  liZhiqiang = await chat.official("8000000002", "li-zhiqiang");
  linXiaoyan = await chat.official("8000000003", "lin-xiaoyan");
  heLi = await chat.official("8000000004", "he-li");
});
afterAll(() => chat.close());

const say = (user: ChannelUser, text: string) => chat.say(user, text);

describe("a case handled in chat", () => {
  it("goes from intake to closure with every gate checked and every public step told once", async () => {
    const { code } = await chat.newCase({ description: "村口路灯坏了三个月，晚上孩子放学看不见路。" });

    // The assignment notice shows her the petitioner's name and number: on record as a view of personal data.
    const assignment = await chat.db.outbox.findFirstOrThrow({ where: { recipientOfficialId: "wang-fang", messageKey: "notice_assignment", event: { petition: { trackingCode: code } } } });
    const shown: string[] = [];
    const sender: ChannelSender = { channel: "telegram", maxTextLength: 4096, send: async (_to, text) => void shown.push(text), sendFile: async () => {} };
    const delivery = { db: chat.db, ledger: new RedisSentLedger(chat.redis, chat.prefix), clock: chat.clock, senders: new Map([["telegram" as const, sender]]), files: new FileStore(mkdtempSync(path.join(tmpdir(), "mq-"))), org: () => loadOrgSnapshot(chat.db), log: chat.log, reveal: testCipher.reveal };
    expect(await deliver(delivery, assignment.id)).toBe("sent");
    expect(shown.join("")).toContain("王小明 +8613800138000");
    expect(await chat.db.auditLog.findMany({ where: { actorId: "wang-fang" }, select: { outcome: true, action: true, detail: true } })).toEqual([{ outcome: "viewed", action: "personal_data", detail: "notice notice_assignment" }]);

    // The official's list and card show the case; the card opens the petitioner's name for her.
    expect(await say(wangFang, "/cases")).toContain(code);
    const card = await say(wangFang, `/case ${code}`);
    expect(card).toContain("反映人：王小明 +8613800138000");
    expect(card).toContain(`[受理|/accept ${code}]`);

    // Someone of another unit may neither see nor act; both attempts are on record.
    expect(await say(heLi, `/case ${code}`)).toContain("没有找到您可以查看的案件");
    expect(await say(heLi, `受理 ${code}`)).toContain("没有权限");
    const refusals = await chat.db.auditLog.findMany({ where: { actorId: "he-li" } });
    expect(refusals.map((r) => [r.outcome, r.action])).toEqual([
      ["refused", "view"],
      ["refused", "accept"],
    ]);

    // The answer date is the policy's (the deadlines issue moves it onto working days).
    expect(await say(wangFang, `受理 ${code}`)).toMatch(new RegExp(`已受理 ${code}，答复期限 \\d{4}-\\d{2}-\\d{2}`));
    // A second press finds it accepted already, and says by whom.
    expect(await say(wangFang, `/accept ${code}`)).toMatch(/现在是“已受理，正在办理”.*最近一步：王芳/s);

    await say(wangFang, `/note ${code}`);
    expect(await say(wangFang, "已联系供电所，本周内更换灯具。")).toContain("告诉反映人");
    expect(await say(wangFang, "1")).toContain("进展已记下");
    await say(wangFang, `进展 ${code}`);
    await say(wangFang, "内部：供电所要求村委出具证明。");
    await say(wangFang, "2");

    // Closure before anything: refused, naming every gap.
    expect(await say(wangFang, `/close ${code}`)).toContain("现在是“办理中”");

    await say(wangFang, `答复 ${code}`);
    await say(wangFang, "1"); // 已解决
    expect(await say(wangFang, "路灯已于12月3日更换，经测试正常。")).toContain("待单位负责人审核");
    // The handler cannot approve her own answer.
    expect(await say(wangFang, `/approve ${code}`)).toContain("没有权限");

    await say(liZhiqiang, `退回 ${code}`);
    expect(await say(liZhiqiang, "请写明更换了几盏、由谁负责后续维护。")).toContain("已退回答复");
    expect(await say(liZhiqiang, `/approve ${code}`)).toContain("现在是");

    await say(wangFang, `答复 ${code}`);
    await say(wangFang, "1");
    await say(wangFang, "村口3盏路灯已于12月3日全部更换，今后由村委会负责日常维护，报修电话 0000-1234567。");
    expect(await say(liZhiqiang, `审核通过 ${code}`)).toContain("已审核通过");

    // Answered, but no revisit yet: closure names what is missing.
    expect(await say(wangFang, `结案 ${code}`)).toContain("还缺：回访记录、承办人回访后签字、单位负责人回访后签字");
    // Sign-off before the revisit does not count and is refused.
    expect(await say(wangFang, `签字 ${code}`)).toContain("回访记录");

    await say(linXiaoyan, `回访 ${code}`);
    await say(linXiaoyan, "1"); // 电话
    await say(linXiaoyan, "1"); // 满意
    expect(await say(linXiaoyan, "路灯亮了，孩子晚上回家方便多了，谢谢。")).toContain("回访已记下");

    expect(await say(wangFang, `签字 ${code}`)).toContain("已签字");
    expect(await say(wangFang, `结案 ${code}`)).toContain("还缺：单位负责人回访后签字");
    expect(await say(liZhiqiang, `签字 ${code}`)).toContain("已签字");
    expect(await say(wangFang, `结案 ${code}`)).toContain(`${code} 已办结`);

    // The timeline reads the whole story, internal steps marked.
    const timeline = await say(liZhiqiang, `记录 ${code}`);
    expect(timeline).toContain("王芳 办理进展（内部）：内部：供电所要求村委出具证明。");
    expect(timeline).toContain("系统 已交办（内部）：青石镇人民政府 王芳");
    expect(timeline).toContain("李志强 答复被退回（内部）：请写明更换了几盏");
    expect(timeline).toContain("林晓燕 已回访（内部）：路灯亮了");
    expect(timeline).toContain("已办结");

    // The petitioner's notices: one per public step, none for internal ones.
    const person = await chat.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, select: { personId: true } });
    const told = await chat.db.outbox.findMany({ where: { recipientPersonId: person.personId }, orderBy: { createdAt: "asc" } });
    const org = await loadOrgSnapshot(chat.db);
    const texts = told.map((row) => renderNotice("zh-CN", row.messageKey, row.params, org));
    expect(told.map((row) => row.messageKey)).toEqual(["notice_ack", "notice_case_accepted", "notice_case_progress", "notice_case_answered", "notice_case_closed"]);
    expect(texts[1]).toContain("已由青石镇人民政府（王芳）受理");
    expect(texts[2]).toContain("已联系供电所，本周内更换灯具。");
    expect(texts[3]).toContain("结果：已解决\n村口3盏路灯");
    expect(texts.join("\n")).not.toContain("供电所要求村委出具证明");
  });

  it("lets the petitioner add material, write to the handler and withdraw, each told to the handler; a stranger cannot", async () => {
    const { code, petition } = await chat.newCase({ description: "垃圾站三天没有清运，气味很大。" });
    const citizen = petition.user;

    await say(citizen, `补充 ${code}`);
    expect(await say(citizen, "今天又堆了很多，已经堆到路边。")).toContain(`已补充到诉求 ${code}`);
    await say(citizen, `留言 ${code}`);
    expect(await say(citizen, "请尽快处理，谢谢。")).toContain("留言已转给");
    // Someone else's code is not theirs to touch.
    expect(await say(chat.account("8000000099"), `撤回 ${code}`)).toContain("没有找到");

    await say(citizen, `撤回 ${code}`);
    await say(citizen, "1"); // 确定撤回
    expect(await say(citizen, "已经清运了")).toContain(`诉求 ${code} 已撤回`);

    const handler = await chat.db.outbox.findMany({ where: { recipientOfficialId: "wang-fang", event: { petition: { trackingCode: code } } }, orderBy: { createdAt: "asc" } });
    expect(handler.map((row) => row.messageKey)).toEqual(["notice_assignment", "notice_petitioner_added", "notice_petitioner_added", "notice_case_withdrawn_staff"]);
    const org = await loadOrgSnapshot(chat.db);
    expect(renderNotice("zh-CN", handler[1]!.messageKey, handler[1]!.params, org)).toContain("【反映人补充材料】");
    expect(renderNotice("zh-CN", handler[3]!.messageKey, handler[3]!.params, org)).toContain("原因：已经清运了");
    expect((await chat.db.petition.findUniqueOrThrow({ where: { trackingCode: code } })).state).toBe("withdrawn");
  });
});
