/**
 * Co-handling (协办) and extension (延期) in chat, through the conversation engine and the real
 * case store. 王芳 of 青石镇 holds a case; she invites 县人社局 by typing part of its name; 何丽 of
 * 县人社局 then finds the case in /cases, adds her unit's part, and cannot answer or close it; 王芳
 * is told of the part. 王芳 asks for an extension, typing dates as people do (one unreadable, one
 * past, one too long, each asked again); 李志强, the head, approves with one press; the petitioner
 * is told the reason and the new date; a second extension is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelUser } from "../../src/kernel/channel";
import { addDays, dateToDay } from "../../src/kernel/dates";
import { caseworkChat, type CaseworkChat } from "../support/casework-chat";

let chat: CaseworkChat;
let wangFang: ChannelUser; // 王芳, handling official of 青石镇
let liZhiqiang: ChannelUser; // 李志强, head of 青石镇
let heLi: ChannelUser; // 何丽, 县人社局
let liuYang: ChannelUser; // 刘洋, 柳河乡: neither holds nor co-handles

beforeAll(async () => {
  chat = await caseworkChat();
  wangFang = await chat.official("8100000001", "wang-fang");
  liZhiqiang = await chat.official("8100000002", "li-zhiqiang");
  heLi = await chat.official("8100000004", "he-li");
  liuYang = await chat.official("8100000005", "liu-yang");
});
afterAll(() => chat.close());

const say = (user: ChannelUser, text: string) => chat.say(user, text);

describe("co-handling and extension in chat", () => {
  it("a co-handling unit sees the case, adds its part and answers nothing; an extension is asked for, approved once and told to the petitioner", async () => {
    const { code } = await chat.newCase({ description: "在外地打工的社保转不回来，村里说要镇上和县里一起核实。" });
    expect(await say(wangFang, `受理 ${code}`)).toContain(`已受理 ${code}`);

    // Before the invitation 县人社局 neither lists nor sees the case.
    expect(await say(heLi, "/cases")).not.toContain(code);
    expect(await say(heLi, `/case ${code}`)).toContain("没有找到您可以查看的案件");

    // The holding unit's card offers the invitation; the unit is found by part of its name.
    expect(await say(wangFang, `/case ${code}`)).toContain(`[邀请协办|/cohandle ${code}]`);
    expect(await say(wangFang, `/cohandle ${code}`)).toContain("请输入协办单位名称中的几个字");
    expect(await say(wangFang, "不存在的局")).toContain("没有找到名称含“不存在的局”的单位");
    const list = await say(wangFang, "人社");
    expect(list).toContain("找到 1 个单位");
    expect(list).toContain("[青山县人力资源和社会保障局|");
    expect(await say(wangFang, "1")).toContain("请写明需要青山县人力资源和社会保障局协办什么");
    expect(await say(wangFang, "请核实反映人2019至2024年在外地的社保缴纳记录。")).toContain(`已邀请青山县人力资源和社会保障局协办 ${code}`);

    // 县人社局's head and handler are told, with what is asked and the action to add their part.
    const invitation = (await chat.noticesTo(code, "he-li")).find((n) => n.key === "notice_co_handling_invited");
    expect(invitation?.text).toContain("请协办：请核实反映人2019至2024年在外地的社保缴纳记录。");
    expect((await chat.noticesTo(code, "wu-haitao")).map((n) => n.key)).toContain("notice_co_handling_invited");

    // Now 何丽 lists and opens it; her card offers her part and nothing of the holding unit's.
    expect(await say(heLi, "/cases")).toContain(code);
    const card = await say(heLi, `/case ${code}`);
    expect(card).toContain("协办单位：青山县人力资源和社会保障局");
    expect(card).toContain(`[写协办意见|/contribute ${code}]`);
    expect(card).not.toContain(`/answer ${code}`);
    // A unit with no part in the case still sees nothing.
    expect(await say(liuYang, `/case ${code}`)).toContain("没有找到您可以查看的案件");

    expect(await say(heLi, `协办意见 ${code}`)).toContain("请写下贵单位的协办意见");
    expect(await say(heLi, "经核实，反映人2019至2024年在广东缴纳社保共58个月，可办理转移接续。")).toContain("[只给主办单位（内部）|");
    expect(await say(heLi, "1")).toContain(`协办意见已交主办单位（${code}）`);

    // The co-handler may not answer or close: the holding unit answers. The answer's questions are
    // not even asked.
    expect(await say(heLi, `答复 ${code}`)).toContain("没有权限");
    expect(await say(heLi, `结案 ${code}`)).toContain("没有权限");
    expect(await say(heLi, `同意延期 ${code}`)).toContain("没有权限");
    const audited = await chat.db.auditLog.findMany({ where: { actorId: "he-li" }, orderBy: { at: "asc" } });
    expect(audited.filter((r) => r.outcome === "refused").map((r) => r.action)).toEqual(["view", "answer", "close", "approve_extension"]);
    // Her look at the card opened the petitioner's name and phone: on record as such.
    expect(audited.some((r) => r.outcome === "viewed" && r.action === "personal_data")).toBe(true);

    // 王芳 is told of the part; the timeline shows it as the co-handler's.
    const part = (await chat.noticesTo(code, "wang-fang")).find((n) => n.key === "notice_co_handling_part");
    expect(part?.text).toBe(`【协办意见】${code}\n青山县人力资源和社会保障局（何丽）：经核实，反映人2019至2024年在广东缴纳社保共58个月，可办理转移接续。（附件 0 个）`);
    const timeline = await say(wangFang, `记录 ${code}`);
    expect(timeline).toContain("王芳 邀请协办（内部）：青山县人力资源和社会保障局 请核实反映人");
    expect(timeline).toContain("何丽 协办意见（内部）：经核实");

    // The extension: an ordinary request is answered within a week of acceptance (the local preset), and may move 30 days at most.
    const { answerBy } = await chat.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, select: { answerBy: true } });
    const due = dateToDay(answerBy!);
    expect(due).toBe("2026-12-09");
    expect(await say(wangFang, `申请延期 ${code}`)).toContain("请写明为什么需要延期");
    expect(await say(wangFang, "需等待广东社保部门出具缴费证明，预计需要20天。")).toContain("请写新的答复期限");
    expect(await say(wangFang, "过几天")).toMatch(/没看懂“过几天”这个日期。[\s\S]*请写新的答复期限/);
    expect(await say(wangFang, "11月30日")).toContain("2026-11-30 已经过去了（今天是 2026-12-02）");
    expect(await say(wangFang, "延长40天")).toMatch(/最多延长 30 天，最晚 2027-01-08。[\s\S]*请写新的答复期限/);
    const newDue = addDays(due, 20);
    expect(await say(wangFang, "延长20天")).toContain(`延期申请已提交（${code}）：答复期限延至 ${newDue}，待单位负责人审核。`);

    // The head is asked, with both buttons; a handler cannot approve her own request.
    const request = (await chat.noticesTo(code, "li-zhiqiang")).find((n) => n.key === "notice_extension_for_approval");
    expect(request?.text).toContain(`答复期限：${due} → ${newDue}`);
    expect(await say(wangFang, `/approveextension ${code}`)).toContain("没有权限");
    expect(await say(liZhiqiang, `/case ${code}`)).toContain(`延期申请（待审核）：延至 ${newDue}——需等待广东社保部门出具缴费证明`);
    expect(await say(liZhiqiang, `同意延期 ${code}`)).toContain(`已同意延期（${code}），新的答复期限 ${newDue}`);

    const after = await chat.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, select: { answerBy: true, personId: true } });
    expect(dateToDay(after.answerBy!)).toBe(newDue);
    expect(await say(wangFang, `/case ${code}`)).toContain(`已延期：由 ${due} 延至 ${newDue}——需等待广东社保部门出具缴费证明`);
    const steps = await say(liZhiqiang, `记录 ${code}`);
    expect(steps).toContain(`王芳 申请延期（至 ${newDue}）（内部）：需等待广东社保部门出具缴费证明`);
    expect(steps).toContain(`李志强 同意延期（至 ${newDue}）：需等待广东社保部门出具缴费证明`);

    // The petitioner: accepted, then the extension with its reason and new date; nothing of the co-handling.
    const told = await chat.noticesTo(code, "petitioner");
    expect(told.map((n) => n.key)).toEqual(["notice_ack", "notice_case_accepted", "notice_case_extended"]);
    expect(told[2]!.text).toBe(`您的诉求 ${code} 需要更多时间办理（青石镇人民政府）：需等待广东社保部门出具缴费证明，预计需要20天。\n答复期限延至 ${newDue}，届时会答复您。`);
    expect((await chat.noticesTo(code, "wang-fang")).map((n) => n.key)).toContain("notice_extension_approved");

    // A second extension is refused, saying why, before anything is asked.
    expect(await say(wangFang, `申请延期 ${code}`)).toContain(`${code} 已经延期过一次（答复期限 ${newDue}），每件只能延期一次。`);
    expect(await say(wangFang, `/case ${code}`)).not.toContain(`/extend ${code}`);
  });
});
