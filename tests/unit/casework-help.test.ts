/** /help tells an official how casework goes, in their channel's words; a citizen is not shown it. */
import { describe, expect, it } from "vitest";
import { quietPorts, testEngine } from "../support/test-engine";

const official = quietPorts({ speaker: async () => ({ kind: "official", officialId: "li", roles: ["handling_official"] }) });

describe("help", () => {
  it("adds the casework commands for an official, as words on numbered channels", async () => {
    const telegram = await testEngine({ ports: official }).handle({ user: { channel: "telegram", botAccount: "b", platformId: "1" }, chat: "private", kind: "text", text: "/help" });
    expect(telegram.map((r) => r.text).join("\n")).toContain("/cases 待办案件");
    const wechat = await testEngine({ ports: official }).handle({ user: { channel: "wechat", botAccount: "b", platformId: "1" }, chat: "private", kind: "text", text: "帮助" });
    const text = wechat.map((r) => r.text).join("\n");
    expect(text).toContain("回复“待办”查看待办案件");
    expect(text).not.toMatch(/\/cases|\/case /);
  });

  it("shows a citizen only the citizen's help", async () => {
    const replies = await testEngine().handle({ user: { channel: "telegram", botAccount: "b", platformId: "2" }, chat: "private", kind: "text", text: "/help" });
    expect(replies.map((r) => r.text).join("\n")).not.toContain("待办案件");
  });
});
