/** 急事急办: urgent words read the way people write (denials do not count), and the priority changed with a reason. */
import { beforeAll, describe, expect, it } from "vitest";
import { decide } from "../../src/cases/commands";
import { readOrgFile } from "../../src/org/load-file";
import type { UrgentWordRule } from "../../src/org/types";
import { proposePriority } from "../../src/routing/urgency";
import { deadlinePresets } from "../../src/deadlines/presets";
import { handlingOrg, official, registeredCase } from "../support/handling";

let rules: UrgentWordRule[];
beforeAll(async () => {
  const file = await readOrgFile("org/sample.yaml");
  rules = file.urgentWords.map((entry) => ({ words: entry.words, with: entry.with, calls: entry.call }));
});

describe("urgent words in the sample county", () => {
  it.each([
    ["我家着火了，老人被困在楼上", ["119"]],
    ["他不停地打人，快来人", ["110"]],
  ])("%s → urgent, call %j", (text, calls) => {
    expect(proposePriority("normal", text, rules)).toMatchObject({ priority: "urgent", raised: true, calls });
  });

  it("raises an elderly person without water or heat to urgent, with no number to call", () => {
    expect(proposePriority("normal", "小区停水三天了，家里有独居老人", rules)).toMatchObject({ priority: "urgent", calls: [] });
  });

  it.each(["没有生命危险，就是想问问补贴", "不是着火，是邻居烧秸秆", "无人受伤", "没有人被困", "差点着火", "存在火灾隐患", "跳楼价甩卖", "长期被困扰", "家里没有老人，停水三天"])(
    "%s → stays as the category says",
    (text) => {
      expect(proposePriority("important", text, rules)).toMatchObject({ priority: "important", raised: false, words: [] });
    },
  );
});

describe("changing the priority", () => {
  const org = { ...handlingOrg(), deadlinePolicies: deadlinePresets.local.policies, deadlineRules: deadlinePresets.local.rules };
  const ctx = { org, timeZone: "Asia/Shanghai" };
  const at = new Date("2026-12-01T02:00:00Z");
  const accepted = registeredCase({ state: "accepted", answerBy: "2026-12-31" });

  it("is the unit head's, with a reason on the record; an urgent case gets the urgent policy's earlier date", () => {
    const decision = decide(accepted, { kind: "set_priority", input: { priority: "urgent", reason: "老人独居，停水已三天" } }, official("wang"), at, ctx);
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.outcome.next).toMatchObject({ priority: "urgent", answerBy: "2026-12-04", deadlines: { policy: { id: "urgent" } } });
    expect(decision.outcome.events).toMatchObject([{ type: "case.priority_changed", visibility: "internal", reason: "老人独居，停水已三天", payload: { from: "normal", to: "urgent" } }]);
  });

  it("never moves a promised date later when the priority is lowered", () => {
    const soon = { ...accepted, priority: "urgent" as const, answerBy: "2026-12-03" };
    const decision = decide(soon, { kind: "set_priority", input: { priority: "normal", reason: "已核实并无险情" } }, official("wang"), at, ctx);
    expect(decision.ok && decision.outcome.next.answerBy).toBe("2026-12-03");
  });

  it("is refused to a handling official, and without a reason", () => {
    expect(decide(accepted, { kind: "set_priority", input: { priority: "urgent", reason: "急" } }, official("li"), at, ctx)).toMatchObject({ ok: false, refusal: { code: "not_allowed" } });
    expect(decide(accepted, { kind: "set_priority", input: { priority: "urgent", reason: " " } }, official("wang"), at, ctx)).toMatchObject({ ok: false, refusal: { code: "invalid_input" } });
  });
});

describe("a citizen whose words sound like an emergency", () => {
  it("is told whom to call while describing it, once, and the petition goes on and is sent as urgent", async () => {
    const { MemoryStateStore } = await import("../../src/conversation/state");
    const { orgFixture } = await import("../support/org-fixture");
    const { quietPorts, testEngine } = await import("../support/test-engine");
    const org = { ...orgFixture(), urgentWords: rules };
    const submitted: { priority?: string }[] = [];
    const engine = testEngine({ store: new MemoryStateStore(), ports: quietPorts({ org: async () => org, submitPetition: async (petition) => void submitted.push(structuredClone(petition)) }) });
    const citizen = { channel: "telegram" as const, botAccount: "minqing_bot", platformId: "5000000909" };
    const say = (text: string) => engine.handle({ user: citizen, chat: "private", kind: "text", text });
    const press = async (replies: { choices?: { label: string; value: string }[] }[], label: string) => {
      const choice = [...replies].reverse().find((r) => r.choices?.length)?.choices?.find((c) => c.label === label);
      if (!choice) throw new Error(`no button "${label}" in ${JSON.stringify(replies)}`);
      return engine.handle({ user: citizen, chat: "private", kind: "choice", value: choice.value });
    };
    let r = await press(await say("/start"), "土地房屋");
    r = await press(r, "东坡镇");
    r = await press(r, "王家村");
    r = await say("我家着火了，老人被困在楼上");
    const advice = r.map((reply) => reply.text).join("\n");
    expect(advice).toContain("请马上拨打 119（火警、救援）");
    expect(advice).toContain("照样记录");
    // Saying more of the same does not repeat the advice.
    r = await say("火越来越大了");
    expect(r.map((reply) => reply.text).join("\n")).not.toContain("请马上拨打");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    r = await press(r, "确认提交");
    expect(submitted.at(-1)).toMatchObject({ priority: "urgent" });
  });
});
