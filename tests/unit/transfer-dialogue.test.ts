/**
 * The transfer dialogue (转办) on WeChat, as a cadre without buttons uses it: a numbered list of
 * units eight at a time with "more", or part of a name typed; then the reason; what is sent to the
 * case is the unit and the reason, and the reply says whether it went or waits for the office.
 */
import { describe, expect, it } from "vitest";
import type { CaseCard } from "../../src/cases/views";
import { unitsMatching } from "../../src/conversation/casework/transfer";
import type { CaseAction } from "../../src/conversation/ports";
import type { ChannelUser } from "../../src/kernel/channel";
import type { OrgSnapshot } from "../../src/org/types";
import { orgFixture } from "../support/org-fixture";
import { quietPorts, testEngine } from "../support/test-engine";

const cadre: ChannelUser = { channel: "wechat", botAccount: "wechat", platformId: "wx-cadre" };

/** The fixture's three units and nine more: two pages of eight. */
function manyUnits(): OrgSnapshot {
  const org = orgFixture();
  const towns = ["北山镇", "南湖乡", "石门镇", "桃源乡", "白沙镇", "清水乡", "红岩镇", "金竹乡", "柏树乡"];
  return { ...org, units: [...org.units, ...towns.map((name, i) => ({ id: `t${i}`, name: `${name}政府`, level: "township" as const, parentId: "office", isPetitionOffice: false, isDisciplineBody: false, active: true }))] };
}

function engineWith(act: (action: CaseAction) => { ok: true; card: CaseCard | null }) {
  const org = manyUnits();
  const sent: CaseAction[] = [];
  const engine = testEngine({
    ports: quietPorts({
      org: async () => org,
      speaker: async () => ({ kind: "official", officialId: "li", roles: ["handling_official"] }),
      casework: { ...quietPorts().casework, casesFor: async () => [], openCase: async () => null, mayStart: async () => ({ ok: true, card: null }), act: async (_user, _code, action) => (sent.push(action), act(action)) },
    }),
  });
  const say = async (text: string) => (await engine.handle({ user: cadre, chat: "private", kind: "text", text })).map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join("\n")).join("\n---\n");
  return { say, sent };
}

describe("units to transfer to", () => {
  it("are found by part of the name, or by its characters in order (short forms)", () => {
    const org = orgFixture();
    expect(unitsMatching(org, "人社").map((u) => u.name)).toEqual(["县人社局"]);
    expect(unitsMatching(org, "东坡").map((u) => u.name)).toEqual(["东坡镇政府"]);
    expect(unitsMatching(org, "县局").map((u) => u.name)).toEqual(["县信访局", "县人社局"]);
    expect(unitsMatching(org, "").length).toBe(3);
    expect(unitsMatching(org, "法院")).toEqual([]);
  });
});

describe("the transfer dialogue on WeChat", () => {
  it("pages through the units eight at a time, then asks the reason and transfers", async () => {
    const { say, sent } = engineWith(() => ({ ok: true, card: null }));
    const first = await say("转办 MQ23456789");
    expect(first).toContain("转办 MQ23456789：转给哪个单位？回复数字选择");
    expect(first).not.toMatch(/点选|按钮/);
    expect(first).toContain("县信访局");
    expect(first).not.toContain("柏树乡政府");
    expect(first.split("\n").at(-1)).toBe("更多单位");
    const second = await say("9");
    expect(second).toContain("柏树乡政府");
    expect(second).not.toContain("县信访局");
    expect(await say("4")).toContain("转给柏树乡政府。请写明转办理由");
    expect(await say("地块在柏树乡。")).toBe("MQ23456789 已转给柏树乡政府，由该单位重新受理。已告知反映人。");
    expect(sent).toEqual([{ kind: "request_transfer", input: { unitId: "t8", reason: "地块在柏树乡。" } }]);
  });

  it("a typed name with several matches offers them; none says so and asks again", async () => {
    const pending: CaseCard["transfers"] = { count: 0, pending: { unitId: "t1", reason: "属南湖乡。", byOfficialId: "li" } };
    const { say, sent } = engineWith(() => ({ ok: true, card: { transfers: pending, actions: [] } as unknown as CaseCard }));
    await say("转办 MQ23456789");
    expect(await say("法院")).toContain("没有找到名称含“法院”的单位");
    const found = await say("乡");
    expect(found).toContain("名称含“乡”的单位，请选择：");
    expect(found).toContain("南湖乡政府\n桃源乡政府");
    expect(found).not.toContain("北山镇政府");
    await say("1");
    expect(await say("属南湖乡。")).toContain("MQ23456789 转给南湖乡政府属于跨乡镇转办，已报信访局批准");
    expect(sent).toEqual([{ kind: "request_transfer", input: { unitId: "t1", reason: "属南湖乡。" } }]);
  });
});
