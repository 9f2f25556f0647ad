/**
 * Casework in chat against the real stores, for integration tests: a fresh database with the
 * sample county, Redis, the conversation engine on the product's ports, officials bound on
 * Telegram, and helpers to talk as someone, record a petition and read the notices a case owes.
 *
 * ```ts
 * const chat = await caseworkChat();
 * const wangFang = await chat.official("8000000001", "wang-fang");
 * const { code } = await chat.newCase({ description: "村口路灯坏了。" });
 * expect(await chat.say(wangFang, `受理 ${code}`)).toContain("已受理");
 * await chat.close();
 * ```
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { sampleOrgFile } from "../../src/app/first-run";
import { conversationPorts } from "../../src/app/conversation-ports";
import { recordPetition } from "../../src/casework/record-petition";
import type { ConfirmedPetition } from "../../src/cases/submission";
import { ConversationEngine } from "../../src/conversation/engine";
import type { ChannelUser } from "../../src/kernel/channel";
import { manualClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { presentNotice, type RenderedNotice } from "../../src/notices/render";
import { readOrgFile } from "../../src/org/load-file";
import { cachedOrg } from "../../src/org/org-cache";
import { openQueues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import { LinkCodes } from "../../src/redis/link-codes";
import { ClaimAttempts } from "../../src/redis/claim-attempts";
import { RedisStateStore } from "../../src/redis/state-store";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { createTestDatabase } from "./db";
import { confirmedPetition } from "./petitions";
import { testCipher } from "./privacy";
import { removeRedisKeys, testRedisUrl } from "./services";

export type CaseworkChat = Awaited<ReturnType<typeof caseworkChat>>;

export async function caseworkChat(options: { maxTransfers?: number } = {}) {
  const clock = manualClock("2026-12-02T02:00:00Z");
  const prefix = `test-${randomBytes(4).toString("hex")}`;
  const log = createLogger("silent");
  const testDb = await createTestDatabase();
  const db = testDb.db;
  await importOrg(db, await readOrgFile(sampleOrgFile), clock);
  const redis: Redis = connectRedis(testRedisUrl);
  const queues = openQueues(redis, prefix, log);
  const org = cachedOrg(() => loadOrgSnapshot(db));
  const engine = new ConversationEngine({
    store: new RedisStateStore(redis, prefix, 3600),
    ports: conversationPorts({ db, queues, clock, timeZone: "Asia/Shanghai", org, linkCodes: new LinkCodes(redis, prefix), claimAttempts: new ClaimAttempts(redis, prefix), log, privacy: testCipher, ...(options.maxTransfers !== undefined ? { maxTransfers: options.maxTransfers } : {}) }),
    clock,
    defaultLanguage: "zh-CN",
    idleMinutes: 30,
    maxDescriptionChars: 5000,
    timeZone: "Asia/Shanghai",
  });

  const account = (platformId: string): ChannelUser => ({ channel: "telegram", botAccount: "minqing_bot", platformId });

  return {
    db,
    redis,
    prefix,
    clock,
    log,
    account,
    /** A Telegram account bound to this official of the sample county. */
    async official(platformId: string, officialId: string): Promise<ChannelUser> {
      const user = account(platformId);
      await db.identity.create({ data: { ...user, officialId, createdAt: clock.now() } });
      return user;
    },
    /** What `user` reads after typing `text` a minute later: the replies, each choice as `[label|value]`. */
    async say(user: ChannelUser, text: string): Promise<string> {
      clock.advance(60_000);
      const replies = await engine.handle({ user, chat: "private", kind: "text", text });
      return replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}|${c.value}]`)].join("\n")).join("\n---\n");
    },
    /** A petition about 东坡村 (青石镇) recorded as intake records it: routed to 王芳. */
    async newCase(overrides: Partial<ConfirmedPetition> = {}): Promise<{ code: string; petition: ConfirmedPetition }> {
      const petition = confirmedPetition({ areaId: "dongpo", categoryId: "other", ...overrides });
      const recorded = await recordPetition({ db, clock, timeZone: "Asia/Shanghai", org: await loadOrgSnapshot(db), privacy: testCipher }, petition);
      return { code: recorded.trackingCode, petition };
    },
    /** The notices a case owes one official (or its petitioner), in order, as they read in Chinese on Telegram (with their buttons). */
    async noticesTo(code: string, officialId: string | "petitioner"): Promise<({ key: string } & RenderedNotice)[]> {
      const row = await db.petition.findUniqueOrThrow({ where: { trackingCode: code }, select: { id: true, personId: true } });
      const rows = await db.outbox.findMany({
        where: { event: { petitionId: row.id }, ...(officialId === "petitioner" ? { recipientPersonId: row.personId } : { recipientOfficialId: officialId }) },
        orderBy: { createdAt: "asc" },
      });
      const snapshot = await loadOrgSnapshot(db);
      return rows.map((r) => ({ key: r.messageKey, ...presentNotice("zh-CN", r.messageKey, r.params, snapshot, "buttons", testCipher.reveal) }));
    },
    async close(): Promise<void> {
      await queues.close();
      await redis.quit();
      await removeRedisKeys(prefix);
      await testDb.drop();
    },
  };
}
