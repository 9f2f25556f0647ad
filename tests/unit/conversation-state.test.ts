import { describe, expect, it } from "vitest";
import type { ConfirmedPetition } from "../../src/cases/submission";
import { MemoryStateStore, parseState } from "../../src/conversation/state";
import { quietPorts, testEngine } from "../support/test-engine";

/** A state exactly as the code before dialogues-as-data wrote it: a draft at the description step. */
const v1 = JSON.stringify({
  v: 1,
  language: "zh-CN",
  intake: {
    draftId: "7d0c4e9a-1111-4222-8333-444455556666",
    step: "description",
    draft: { categoryId: "land", townshipId: "dp", areaId: "dp-wj", description: "邻居把围墙建到了我家宅基地上。", attachments: [] },
    returnToSummary: false,
    candidates: [],
    shownChoices: ["description:done"],
  },
  lastActiveAt: "2026-11-23T01:55:00.000Z",
});

describe("stored conversation state", () => {
  it("migrates a v1 draft into the intake dialogue's run", () => {
    expect(parseState(v1)).toEqual({
      v: 2,
      language: "zh-CN",
      lastActiveAt: "2026-11-23T01:55:00.000Z",
      runs: [
        {
          dialogue: "intake",
          id: "7d0c4e9a-1111-4222-8333-444455556666",
          step: "description",
          data: {
            draft: { categoryId: "land", townshipId: "dp", areaId: "dp-wj", description: "邻居把围墙建到了我家宅基地上。", attachments: [] },
            returnToSummary: false,
            candidates: [],
          },
          shown: ["intake.description:done"],
          lastActiveAt: "2026-11-23T01:55:00.000Z",
        },
      ],
    });
  });

  it("migrates a v1 state without a draft, and drops what it cannot read", () => {
    expect(parseState(JSON.stringify({ v: 1, language: "en", lastActiveAt: "2026-11-23T01:55:00.000Z" }))?.runs).toEqual([]);
    expect(parseState("{not json")).toBeUndefined();
    expect(parseState(JSON.stringify({ v: 99, language: "zh-CN" }))).toBeUndefined();
  });

  it("continues a draft saved before the upgrade: typing the number of its last shown choice submits it", async () => {
    const submitted: ConfirmedPetition[] = [];
    const ports = quietPorts({ submitPetition: async (s) => void submitted.push(s) });
    const store = new MemoryStateStore();
    const user = { channel: "wechat" as const, botAccount: "wxid_bot", platformId: "wxid_citizen" };
    store.putRaw("wechat/wxid_bot/wxid_citizen", v1);
    const engine = testEngine({ store, ports });
    const say = (text: string) => engine.handle({ user, chat: "private", kind: "text", text });
    await say("1");
    await say("2");
    const summary = await say("1");
    expect(summary.map((r) => r.text).join("\n")).toContain("已提交");
    expect(submitted[0]).toMatchObject({ idempotencyKey: "7d0c4e9a-1111-4222-8333-444455556666", areaId: "dp-wj", description: "邻居把围墙建到了我家宅基地上。", anonymous: true });
  });
});
