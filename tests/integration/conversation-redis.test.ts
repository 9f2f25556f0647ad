/**
 * Conversation state in the real Redis: a bot restart (new engine, new connection) continues the
 * person's draft where they left it, and state is not kept forever.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/kernel/clock";
import { RedisStateStore } from "../../src/redis/state-store";
import type { ChannelUser } from "../../src/kernel/channel";
import type { Reply } from "../../src/conversation/types";
import { testRedisUrl } from "../support/services";
import { quietPorts, testEngine } from "../support/test-engine";

const prefix = `test-${randomBytes(4).toString("hex")}`;
const connections: Redis[] = [];
const clock = manualClock("2026-11-23T02:00:00Z");
const user: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: "6000000001" };
const ports = quietPorts();

/** A fresh process's view: its own connection and engine, the same Redis. */
function bootEngine() {
  const redis = new Redis(testRedisUrl);
  connections.push(redis);
  return testEngine({ store: new RedisStateStore(redis, prefix, 3600), ports, clock });
}

afterAll(async () => {
  const keys = await connections[0]!.keys(`${prefix}:*`);
  if (keys.length > 0) await connections[0]!.del(...keys);
  await Promise.all(connections.map((c) => c.quit()));
});

const choose = (replies: Reply[], label: string) => {
  const choice = replies.flatMap((r) => r.choices ?? []).find((c) => c.label === label)!;
  return { user, chat: "private" as const, kind: "choice" as const, value: choice.value };
};

describe("conversation state in Redis", () => {
  it("survives a restart in the middle of a conversation, and is kept only for a while", async () => {
    const before = bootEngine();
    let replies = await before.handle({ user, chat: "private", kind: "text", text: "/start" });
    replies = await before.handle(choose(replies, "土地房屋"));
    expect(replies.at(-1)!.text).toContain("哪个乡镇");

    const after = bootEngine();
    replies = await after.handle(choose(replies, "东坡镇"));
    expect(replies.at(-1)!.text).toContain("东坡镇的哪个村");

    const ttl = await connections[0]!.ttl(`${prefix}:conversation:telegram/minqing_bot/6000000001`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600);
  });
});
