/**
 * The engine's own machinery, shown on a small dialogue declared here the way the officials'
 * dialogues will be: who may use it, choices, typed numbers, stale buttons, several open at once.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineDialogue } from "../../src/conversation/dialogue";
import { intakeDialogue } from "../../src/conversation/dialogues/intake";
import { ConversationEngine } from "../../src/conversation/engine";
import type { Speaker } from "../../src/conversation/speaker";
import type { Reply } from "../../src/conversation/types";
import { manualClock } from "../../src/kernel/clock";
import type { ChannelUser } from "../../src/kernel/channel";
import { quietPorts, testEngine } from "../support/test-engine";

const official: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: "7000000001" };
const citizen: ChannelUser = { ...official, platformId: "5000000001" };

const picked: string[] = [];
/** A stand-in for "transfer a case": unit heads only, pick a unit from a list, then done. */
const transfer = defineDialogue<{ unitId?: string }, "unit">({
  id: "transfer",
  title: "field_area",
  who: { roles: ["unit_head"] },
  data: z.object({ unitId: z.string().optional() }),
  first: "unit",
  startedBy: { commands: ["transfer"] },
  begin: () => ({ data: {} }),
  steps: {
    unit: {
      prompt: async (ctx) => ({ key: "area_pick_one", choices: (await ctx.org()).units.slice(0, 3).map((u) => ({ label: u.name, value: u.id })) }),
      choice: (value, ctx) => {
        ctx.data.unitId = value;
        picked.push(value);
        return { end: "done", say: [{ text: `→ ${value}` }] };
      },
    },
  },
});

let engine: ConversationEngine;
beforeEach(() => {
  picked.length = 0;
  const clock = manualClock("2026-11-23T02:00:00Z");
  const speakers = new Map<string, Speaker>([[official.platformId, { kind: "official", officialId: "o-1", roles: ["handling_official", "unit_head"] }]]);
  const ports = quietPorts({ speaker: async (user) => speakers.get(user.platformId) ?? { kind: "citizen" } });
  engine = testEngine({
    ports,
    clock,
    dialogues: [intakeDialogue({ ports, clock, maxDescriptionChars: 5000 }), transfer],
  });
});

const say = (user: ChannelUser, text: string) => engine.handle({ user, chat: "private", kind: "text", text });
const last = (replies: Reply[]) => replies[replies.length - 1]!;

describe("dialogues declared on the engine", () => {
  it("lets only the roles a dialogue names open it", async () => {
    expect(last(await say(citizen, "/transfer")).text).toContain("不认识这个命令");
    const r = await say(official, "/transfer");
    expect(last(r).text).toBe("您说的是下面哪一个？");
    expect(last(r).choices).toHaveLength(3);
  });

  it("numbers and scopes a new dialogue's choices with no code of its own", async () => {
    const r = await say(official, "/transfer");
    expect(last(r).choices![0]!.value).toMatch(/^transfer\.unit:/);
    const done = await say(official, "2");
    expect(done[0]!.text).toBe(`→ ${last(r).choices![1]!.value.split(":")[1]}`);
    expect(picked).toHaveLength(1);
  });

  it("lets an official file a petition as a citizen", async () => {
    const r = await say(official, "/start");
    expect(last(r).text).toBe("请选择诉求类别：");
  });

  it("keeps the dialogue in progress answering, names the waiting one, and brings it forward after", async () => {
    let r = await say(official, "/start");
    const intakeButtons = last(r).choices!;
    r = await say(official, "/transfer");
    expect(r[0]!.text).toContain("等“反映诉求”办完就继续");
    expect(last(r).text).toBe("请选择诉求类别：");
    r = await say(official, "1");
    expect(last(r).text).toContain("哪个乡镇");
    r = await say(official, "取消");
    expect(r[0]!.text).toContain("已取消");
    expect(r[1]!.text).toContain("您还有一件没办完");
    expect(last(r).text).toBe("您说的是下面哪一个？");
    // A button of the cancelled intake does not answer the transfer.
    r = await engine.handle({ user: official, chat: "private", kind: "choice", value: intakeButtons[0]!.value });
    expect(r[0]!.text).toContain("按钮已过期");
    expect(picked).toHaveLength(0);
  });
});
