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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelUser } from "../../src/kernel/channel";
import { caseworkChat, type CaseworkChat } from "../support/casework-chat";

let chat: CaseworkChat;
let wangFang: ChannelUser; // 王芳, handling official of 青石镇
let linXiaoyan: ChannelUser; // 林晓燕, petition office
let heLi: ChannelUser; // 何丽, 县人社局
let zhengGang: ChannelUser; // 郑刚, 县自然资源局

beforeAll(async () => {
  // One transfer is ordinary; a second is flagged to the petition office.
  chat = await caseworkChat({ maxTransfers: 1 });
  wangFang = await chat.official("8100000001", "wang-fang");
  linXiaoyan = await chat.official("8100000002", "lin-xiaoyan");
  heLi = await chat.official("8100000003", "he-li");
  zhengGang = await chat.official("8100000004", "zheng-gang");
});
afterAll(() => chat.close());

const say = (user: ChannelUser, text: string) => chat.say(user, text);
const newCase = async (description: string, categoryId = "other") => (await chat.newCase({ description, categoryId })).code;
const noticesTo = (code: string, officialId: string | "petitioner") => chat.noticesTo(code, officialId);

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
    const row = await chat.db.petition.findUniqueOrThrow({ where: { trackingCode: code }, include: { assignments: { orderBy: { assignedAt: "asc" } } } });
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
    const accused = await chat.db.petition.findUniqueOrThrow({ where: { trackingCode: code } });
    expect(accused.unitId).toBe("county-discipline");
    // As intake records who a complaint is about (another part of this work): 云岭镇.
    await chat.db.petition.update({ where: { id: accused.id }, data: { handling: { signOffs: [], accused: { unitId: "yunling-gov", text: "云岭镇的干部" } } } });

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
    expect((await chat.db.caseEvent.findFirstOrThrow({ where: { petitionId: accused.id, type: "case.transferred" } })).reason).toBe("请被反映单位说明情况。");

    // 柳河乡's head asks to move it to 青石镇: across townships, so it waits; the office says no.
    const chenJing = await chat.official("8100000005", "chen-jing");
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
