/**
 * The chat side of items 6 and 10, on the engine with fake ports: an official records a petition
 * for a citizen (/visit), the citizen claims it (认领 CODE DIGITS, or the digits when asked), and the
 * petition office lists the cases nobody can be told about (/unreached, 待指派).
 */
import { describe, expect, it } from "vitest";
import type { ConfirmedPetition } from "../../src/cases/submission";
import type { ConversationPorts } from "../../src/conversation/ports";
import type { Reply } from "../../src/conversation/types";
import type { ChannelUser } from "../../src/kernel/channel";
import { quietPorts, testEngine } from "../support/test-engine";

const cadre: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_li" };
const citizen: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: "5000000009" };
const office: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: "5000000001" };

function engineWith(overrides: Partial<ConversationPorts>) {
  const engine = testEngine({
    ports: quietPorts({
      speaker: async (user) =>
        user.platformId === cadre.platformId ? { kind: "official", officialId: "li", roles: ["handling_official"] } : user.platformId === office.platformId ? { kind: "official", officialId: "zhang", roles: ["petition_office_admin", "unit_head"] } : { kind: "citizen" },
      ...overrides,
    }),
  });
  return async (user: ChannelUser, text: string): Promise<string> => {
    const replies: Reply[] = await engine.handle({ user, chat: "private", kind: "text", text });
    return replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n---\n");
  };
}

describe("recording a petition for a citizen (/visit)", () => {
  it("asks the kind of visit, requires the citizen's name and phone, and says who records it for whom", async () => {
    const submitted: ConfirmedPetition[] = [];
    const say = engineWith({ submitPetition: async (p) => void submitted.push(structuredClone(p)) });
    const opened = await say(cadre, "代录");
    expect(opened).toContain("为群众代录诉求");
    expect(opened).toContain("这次是哪种走访接待？\n[登门上户]\n[定点接待]\n[重点约谈]");
    expect(await say(cadre, "1")).toContain("请选择诉求类别");
    await say(cadre, "1"); // 土地房屋
    await say(cadre, "1"); // 东坡镇
    await say(cadre, "1"); // 李家村
    await say(cadre, "张大爷家院墙被邻居推倒，要求赔偿。");
    expect(await say(cadre, "写完了")).toContain("请输入群众的姓名（必填）");
    expect(await say(cadre, "张建国")).toContain("请输入群众的手机号（必填");
    // No skipping the phone: the citizen needs its last four digits to claim the case.
    expect(await say(cadre, "跳过")).toContain("代录必须留群众的手机号");
    const summary = await say(cadre, "13912345678");
    expect(summary).toMatch(/^代录：李干事为群众代录（登门上户）\n请核对您的诉求：/);
    expect(summary).toContain("联系人：张建国，+8613912345678");
    expect(await say(cadre, "1")).toContain("已提交。登记后查询码会发给您，请转告群众。");
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ user: cadre, anonymous: false, contactName: "张建国", contactPhone: "+8613912345678", visit: { kind: "door_to_door", officialId: "li" } });
  });

  it("is for officials only: to a citizen it is no command", async () => {
    const say = engineWith({});
    expect(await say(citizen, "/visit")).toContain("不认识这个命令");
  });
});

describe("claiming a visit-recorded case", () => {
  it("takes the code and the digits in one message, or asks for the digits", async () => {
    const asked: string[][] = [];
    const say = engineWith({ claimVisit: async (_user, _lang, code, digits) => (asked.push([code, digits]), digits === "5678" ? { ok: true, code } : { ok: false, reason: "no_match", triesLeft: 2 }) });
    expect(await say(citizen, "认领 mq2345abcd 5678")).toContain("已认领 MQ2345ABCD：这件诉求已关联到您的账号");
    expect(await say(citizen, "认领 MQ2345ABCD")).toContain("请回复登记时留的手机号的后四位");
    expect(await say(citizen, "56")).toContain("请回复 4 位数字");
    expect(await say(citizen, "1234")).toContain("查询码或手机号后四位不对，没能认领。还可以再试 2 次。");
    expect(await say(citizen, "/claim MQ2345ABCD 5678")).toContain("已认领 MQ2345ABCD");
    expect(asked).toEqual([
      ["MQ2345ABCD", "5678"],
      ["MQ2345ABCD", "1234"],
      ["MQ2345ABCD", "5678"],
    ]);
  });

  it("says when claiming is locked, and on WeChat points to 查询 rather than a slash command", async () => {
    const say = engineWith({ claimVisit: async (_u, _l, code) => (code === "MQ2345ABCD" ? { ok: false, reason: "locked", minutes: 30 } : { ok: true, code }) });
    expect(await say(citizen, "认领 MQ2345ABCD 0000")).toContain("尝试次数太多，认领已暂停，请 30 分钟后再试");
    const wechatCitizen: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_c" };
    const ok = await say(wechatCitizen, "认领 MQ2345ABCE 1111");
    expect(ok).toContain("回复“查询 MQ2345ABCE”");
    expect(ok).not.toMatch(/\/[a-z]+/);
  });
});

describe("the petition office's cases waiting for a person (/unreached)", () => {
  const entry = { trackingCode: "MQ2345ABCD", categoryId: "land", areaId: "dp-lj", state: "registered" as const, unitId: "dp-gov", officialId: "li", dueBy: "2026-12-08" };

  it("lists them for an admin, each to open", async () => {
    const say = engineWith({ casework: { ...quietPorts().casework, unreached: async (user) => (user.platformId === office.platformId ? [entry] : null) } });
    const listed = await say(office, "待指派");
    expect(listed).toContain("待指派的案件（1 件");
    expect(listed).toContain("MQ2345ABCD｜土地房屋｜李家村（东坡镇）｜东坡镇政府｜承办人 李干事｜已登记，待受理｜期限 2026-12-08");
    expect(listed).toContain("[MQ2345ABCD]");
  });

  it("says so when there is none, and is no command for anyone else", async () => {
    const say = engineWith({ casework: { ...quietPorts().casework, unreached: async (user) => (user.platformId === office.platformId ? [] : null) } });
    expect(await say(office, "/unreached")).toContain("现在没有待指派的案件");
    expect(await say(cadre, "/unreached")).toContain("不认识这个命令");
  });
});
