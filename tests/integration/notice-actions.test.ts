/**
 * A notice's actions through the real delivery path (outbox claim, part marks, sent ledger) with
 * PostgreSQL and Redis: they ride on the last text part only, a retry after a failed last part
 * sends that part once more with them, a delivered notice is never sent again; on a numbered
 * channel the commands are remembered for the recipient, and a typed "1" runs the first.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TerminalSender, terminalUser } from "../../bots/terminal";
import { sampleOrgFile } from "../../src/app/first-run";
import { recordPetition } from "../../src/casework/record-petition";
import type { ChannelAddress, ChannelSender } from "../../src/channels/sender";
import { splitText } from "../../src/conversation/split";
import type { Choice } from "../../src/conversation/types";
import { FileStore } from "../../src/files/file-store";
import { userKey, type ChannelName, type ChannelUser } from "../../src/kernel/channel";
import { manualClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { renderNotice } from "../../src/notices/render";
import { cachedOrg } from "../../src/org/org-cache";
import { readOrgFile } from "../../src/org/load-file";
import { deliver, type DeliveryDeps } from "../../src/queue/delivery";
import { connectRedis } from "../../src/queue/redis";
import { RedisLastActions } from "../../src/redis/last-actions";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { anonymousPetition } from "../support/petitions";
import { testCipher } from "../support/privacy";
import { removeRedisKeys, testRedisUrl } from "../support/services";
import { withStandInCaseCommands } from "../support/stand-in-commands";
import { quietPorts, testEngine } from "../support/test-engine";

const clock = manualClock("2026-12-02T02:00:00Z");
const prefix = `test-${randomBytes(4).toString("hex")}`;
let testDb: TestDatabase;
let redis: Redis;
let lastActions: RedisLastActions;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), clock);
  redis = connectRedis(testRedisUrl);
  lastActions = new RedisLastActions(redis, prefix, 600);
});
afterAll(async () => {
  await redis.quit();
  await removeRedisKeys(prefix);
  await testDb.drop();
});

/** A WeChat stand-in that records each message with its choices; `fail` refuses the sends it names. */
class RecordingSender implements ChannelSender {
  readonly channel = "wechat" as const;
  maxTextLength = 60;
  sent: { text: string; choices?: Choice[] }[] = [];
  fail?: (count: number) => boolean;
  private calls = 0;
  async send(_to: ChannelAddress, text: string, choices?: Choice[]) {
    if (this.fail?.(++this.calls)) throw new Error("socket hang up");
    this.sent.push({ text, ...(choices ? { choices } : {}) });
  }
  async sendFile() {}
}

const org = cachedOrg(() => loadOrgSnapshot(testDb.db));
const deps = (channel: ChannelName, sender: ChannelSender): DeliveryDeps => ({
  db: testDb.db,
  ledger: new RedisSentLedger(redis, prefix),
  clock,
  senders: new Map([[channel, sender]]),
  files: new FileStore(mkdtempSync(path.join(tmpdir(), "mq-files-"))),
  org,
  log: createLogger("silent"),
  reveal: testCipher.reveal,
  lastActions,
});

/** 王芳 handles 东坡村: she is reachable only at `user` now. */
async function bindWangFang(user: ChannelUser) {
  await testDb.db.identity.deleteMany({ where: { officialId: "wang-fang" } });
  await testDb.db.identity.create({ data: { ...user, officialId: "wang-fang", createdAt: clock.now(), preferred: true } });
}

/** A petition in 东坡村; returns its code and the outbox row of the assignment notice to 王芳. */
async function assigned(): Promise<{ code: string; outboxId: string }> {
  const recorded = await recordPetition(
    { db: testDb.db, clock, timeZone: "Asia/Shanghai", org: await org(), privacy: testCipher },
    anonymousPetition({ areaId: "dongpo", description: "邻居把围墙建到我家宅基地上，村里调解两次没有结果。", submittedAt: clock.now().toISOString() }),
  );
  const row = await testDb.db.outbox.findFirstOrThrow({ where: { id: { in: recorded.pendingOutboxIds }, messageKey: "notice_assignment" } });
  return { code: recorded.trackingCode, outboxId: row.id };
}

describe("a notice's actions on the delivery path", () => {
  const official: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: `wxid_${randomBytes(4).toString("hex")}` };

  it("ride on the last part only, survive a retry of that part, and are never sent twice", async () => {
    await bindWangFang(official);
    const { code, outboxId } = await assigned();
    const sender = new RecordingSender();
    const row = await testDb.db.outbox.findUniqueOrThrow({ where: { id: outboxId } });
    const parts = splitText(renderNotice("zh-CN", row.messageKey, row.params, await org(), "numbered"), sender.maxTextLength).length - 1;
    expect(parts).toBeGreaterThan(1);
    // The last part fails once: the parts before it were marked and are not sent again.
    sender.fail = (count) => count === parts + 1;

    await expect(deliver(deps("wechat", sender), outboxId, 1)).rejects.toThrow("socket hang up");
    expect(sender.sent).toHaveLength(parts);
    expect(sender.sent.every((message) => message.choices === undefined)).toBe(true);
    expect(await deliver(deps("wechat", sender), outboxId, 2)).toBe("sent");
    const last = sender.sent.at(-1)!;
    expect(sender.sent).toHaveLength(parts + 1);
    expect(last.choices).toEqual([
      { label: `受理 ${code}`, value: `/accept ${code}` },
      { label: `更多操作 ${code}`, value: `/case ${code}` },
    ]);
    expect(sender.sent.map((m) => m.text).join("")).toContain(`回复数字办理，或直接回复“受理 ${code}”：`);
    expect(await testDb.db.outbox.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({ status: "sent", sentChannel: "wechat" });

    // Delivered: a further run sends nothing, actions or not.
    expect(await deliver(deps("wechat", sender), outboxId, 3)).toBe("already_done");
    expect(sender.sent).toHaveLength(parts + 1);
    expect(await lastActions.recall(userKey(official))).toEqual([`/accept ${code}`, `/case ${code}`]);
  });

  it("on the terminal, shows numbered lines naming the case, and a typed 1 runs the first as the command", async () => {
    const user = terminalUser(`wang-${randomBytes(3).toString("hex")}`);
    await bindWangFang(user);
    const { code, outboxId } = await assigned();
    const sender = new TerminalSender();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    const close = sender.register(user.platformId, output);
    expect(await deliver(deps("terminal", sender), outboxId)).toBe("sent");
    close();
    expect(printed).toContain(`回复数字办理，或直接回复“受理 ${code}”：\n1. 受理 ${code}\n2. 更多操作 ${code}\n\n`);

    const engine = testEngine({
      ports: quietPorts({ speaker: async () => ({ kind: "official", officialId: "wang-fang", roles: ["handling_official"] }) }),
      lastActions,
      commands: withStandInCaseCommands,
    });
    const replies = await engine.handle({ user, chat: "private", kind: "text", text: "1" });
    expect(replies.map((r) => r.text)).toEqual([`stand-in accept ${code}`]);
  });

  it("on Telegram, go as buttons and are not kept for typed numbers", async () => {
    const user: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: String(9_000_000_000 + Math.floor(Math.random() * 1e6)) };
    await bindWangFang(user);
    const { code, outboxId } = await assigned();
    const sent: { text: string; choices?: Choice[] }[] = [];
    const telegram: ChannelSender = { channel: "telegram", maxTextLength: 4096, send: async (_to, text, choices) => void sent.push({ text, choices }), sendFile: async () => {} };
    expect(await deliver(deps("telegram", telegram), outboxId)).toBe("sent");
    expect(sent.at(-1)!.choices).toEqual([
      { label: "受理", value: `/accept ${code}` },
      { label: "更多操作", value: `/case ${code}` },
    ]);
    expect(sent.map((m) => m.text).join("")).not.toContain("回复数字");
    expect(await lastActions.recall(userKey(user))).toEqual([]);
  });
});
