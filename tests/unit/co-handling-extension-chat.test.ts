/**
 * The co-handling and extension dialogues against stand-in ports: which unit the search offers and
 * which one the action gets, how typed dates reach the extension command, and which refusals ask
 * for another date rather than end. (The whole flow through the real store is
 * tests/integration/co-handling-extension-chat.test.ts.)
 */
import { describe, expect, it } from "vitest";
import type { CaseAction, ActOutcome } from "../../src/conversation/ports";
import type { Reply } from "../../src/conversation/types";
import type { ChannelUser } from "../../src/kernel/channel";
import { searchUnits } from "../../src/org/unit-search";
import type { Unit } from "../../src/org/types";
import { orgFixture } from "../support/org-fixture";
import { quietPorts, testEngine } from "../support/test-engine";

const code = "MQ2345ABCD";
const onWechat: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_official" };
const unit = (id: string, name: string, extra: Partial<Unit> = {}): Unit => ({ id, name, level: "county", parentId: null, isPetitionOffice: false, isDisciplineBody: false, active: true, ...extra });

/** The fixture with twelve bureaus of one county, an inactive one, and the petition office named like them. */
function manyUnits() {
  const org = orgFixture();
  const bureaus = Array.from({ length: 12 }, (_, i) => unit(`bureau-${i + 1}`, `青山县第${i + 1}局`));
  return { ...org, units: [unit("office", "青山县信访局", { isPetitionOffice: true }), ...bureaus, unit("old", "青山县旧局", { active: false }), ...org.units.filter((u) => u.id !== "office")] };
}

function engineWith(outcomes: ActOutcome[] = []) {
  const acted: CaseAction[] = [];
  const ports = quietPorts({
    speaker: async () => ({ kind: "official", officialId: "li", roles: ["handling_official"] }),
    org: async () => manyUnits(),
    casework: {
      ...quietPorts().casework,
      casesFor: async () => [],
      openCase: async () => null,
      mayStart: async () => ({ ok: true, card: null }),
      act: async (_user, _code, action) => {
        acted.push(action);
        return outcomes.shift() ?? { ok: true, card: null };
      },
    },
  });
  const engine = testEngine({ ports });
  const say = async (text: string) => {
    const replies: Reply[] = await engine.handle({ user: onWechat, chat: "private", kind: "text", text });
    return replies.map((r) => [r.text, ...(r.choices ?? []).map((c, i) => `${i + 1}. ${c.label}`)].join("\n")).join("\n---\n");
  };
  return { say, acted };
}

describe("finding a unit by part of its name", () => {
  const units = [unit("office", "青山县信访局", { isPetitionOffice: true }), unit("hrss", "青山县人力资源和社会保障局"), unit("nr", "青山县自然资源局"), unit("qs", "青石镇人民政府"), unit("old", "青山县人社旧局", { active: false })];
  it("names containing the words first, then names holding the characters in order (人社 → 人力资源和社会保障局)", () => {
    expect(searchUnits(units, "资源").map((u) => u.id)).toEqual(["hrss", "nr"]);
    expect(searchUnits(units, "人社").map((u) => u.id)).toEqual(["hrss"]);
    expect(searchUnits(units, "人社局").map((u) => u.id)).toEqual(["hrss"]);
    expect(searchUnits(units, "青石").map((u) => u.id)).toEqual(["qs"]);
    expect(searchUnits(units, "镇政府").map((u) => u.id)).toEqual(["qs"]);
    expect(searchUnits(units, "  ")).toEqual([]);
    expect(searchUnits(units, "公安")).toEqual([]);
  });
});

describe("the co-handling dialogue", () => {
  it("lists at most eight matches and says there are more; more of the name narrows it; the unit picked is the one invited, with what is asked", async () => {
    const { say, acted } = engineWith();
    await say(`邀请协办 ${code}`);
    const many = await say("青山县");
    expect(many).toContain("找到 12 个单位，先列出前 8 个");
    expect(many).toContain("8. 青山县第8局");
    expect(many).not.toContain("9. ");
    // Neither the petition office nor an inactive unit is offered.
    expect(many).not.toContain("信访局");
    const narrowed = await say("县第1");
    expect(narrowed).toContain("找到 4 个单位");
    expect(narrowed).toContain("2. 青山县第10局");
    expect(await say("2")).toContain("请写明需要青山县第10局协办什么");
    expect(await say("请提供相关档案。")).toContain(`已邀请青山县第10局协办 ${code}`);
    expect(acted).toEqual([{ kind: "invite_co_handler", input: { unitId: "bureau-10", request: "请提供相关档案。" } }]);
  });
});

describe("the extension dialogue", () => {
  it("passes a length as days and a date as a day; the reason comes first", async () => {
    const first = engineWith();
    await first.say(`申请延期 ${code}`);
    await first.say("等鉴定结果。");
    await first.say("延长10天");
    const second = engineWith();
    await second.say(`/extend ${code}`);
    await second.say("等鉴定结果。");
    await second.say("12月20日");
    expect([...first.acted, ...second.acted]).toEqual([
      { kind: "request_extension", input: { reason: "等鉴定结果。", until: { days: 10 } } },
      { kind: "request_extension", input: { reason: "等鉴定结果。", until: { day: "2026-12-20" } } },
    ]);
  });

  it("a date beyond the limit is asked for again, naming the limit; a case extended already ends the dialogue", async () => {
    const { say, acted } = engineWith([
      { ok: false, code: "invalid_input", because: { why: "extension_too_long", maxDays: 30, latest: "2027-01-15" } },
      { ok: false, code: "already_done", because: { why: "extension_used", answerBy: "2027-01-15" } },
    ]);
    await say(`申请延期 ${code}`);
    await say("等鉴定结果。");
    expect(await say("延长60天")).toMatch(/最多延长 30 天，最晚 2027-01-15。[\s\S]*请写新的答复期限/);
    // Still at the date: the next message is read as one.
    expect(await say("延长30天")).toBe(`${code} 已经延期过一次（答复期限 2027-01-15），每件只能延期一次。`);
    expect(acted).toHaveLength(2);
    // The dialogue is over: a date typed now is no answer to anything.
    expect(await say("延长5天")).not.toContain("请写新的答复期限");
    expect(acted).toHaveLength(2);
  });

  it("unreadable and past dates never reach the command", async () => {
    const { say, acted } = engineWith();
    await say(`申请延期 ${code}`);
    await say("等鉴定结果。");
    expect(await say("下个月吧")).toContain("没看懂“下个月吧”这个日期");
    expect(await say("2026-11-01")).toContain("2026-11-01 已经过去了（今天是 2026-11-23）");
    expect(acted).toEqual([]);
  });
});
