/**
 * Names and phone numbers at rest, against the machine's real PostgreSQL: rows an older version
 * stored in clear are sealed by the start-up step; a key rotation re-seals everything so the old
 * key can go; petitions are found by phone through the keyed hash; and the handling official's
 * notice still shows the name and number.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePersonalData } from "../../src/app/personal-data";
import { sampleOrgFile } from "../../src/app/first-run";
import { recordPetition, type QueuedPetition } from "../../src/casework/record-petition";
import type { ChannelSender } from "../../src/channels/sender";
import { FileStore } from "../../src/files/file-store";
import type { ChannelName } from "../../src/kernel/channel";
import { systemClock } from "../../src/kernel/clock";
import type { Sealed } from "../../src/kernel/sealed";
import { parseConfig } from "../../src/config";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import { PersonalDataCipher } from "../../src/privacy/cipher";
import { formatKeyList } from "../../src/privacy/key-ring";
import { keyFilePath, loadPersonalDataCipher } from "../../src/privacy/local-keys";
import { findPetitionsByPhone } from "../../src/privacy/phone-lookup";
import { resealPersonalData } from "../../src/privacy/reseal";
import { deliver } from "../../src/queue/delivery";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { recordPetitionJob } from "../../src/queue/jobs/record-petition";
import { openQueues } from "../../src/queue/queues";
import { connectRedis } from "../../src/queue/redis";
import type { Redis } from "ioredis";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { sealedKeyUse } from "../../src/store/personal-data";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { removeRedisKeys, testRedisUrl } from "../support/services";
import { testCipher, testDataKeys, testHashKeys, testKey } from "../support/privacy";
import { confirmedPetition } from "../support/petitions";

const log = createLogger("silent");
let testDb: TestDatabase;
let ledgerRedis: Redis;

beforeAll(async () => {
  testDb = await createTestDatabase();
  ledgerRedis = connectRedis(testRedisUrl);
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), systemClock);
  // 王芳 handles 东坡村 and has bound her Telegram account.
  await testDb.db.identity.create({ data: { channel: "telegram", botAccount: "minqing_bot", platformId: "9000000001", officialId: "wang-fang", createdAt: new Date(), preferred: true } });
});
afterAll(async () => {
  await ledgerRedis.quit();
  await testDb.drop();
});

const petition = (overrides: Partial<QueuedPetition> = {}): QueuedPetition => ({ ...confirmedPetition({ description: "邻居占用我家宅基地建围墙。" }), ...overrides });

const record = async (cipher: PersonalDataCipher, overrides: Partial<QueuedPetition> = {}) =>
  recordPetition({ db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await loadOrgSnapshot(testDb.db), privacy: cipher }, petition(overrides));

/** Every text, JSON and array column of every table that holds `needle` anywhere, as "table.column". */
async function columnsHolding(needle: string): Promise<string[]> {
  const columns = await testDb.db.$queryRaw<{ table: string; column: string }[]>`
    SELECT table_name AS table, column_name AS column FROM information_schema.columns
    WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`;
  const found: string[] = [];
  for (const { table, column } of columns) {
    const [row] = await testDb.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE "${column}"::text LIKE $1`, `%${needle}%`);
    if (row!.n > 0n) found.push(`${table}.${column}`);
  }
  return found;
}

/** The Redis keys under `prefix` whose value (a string, or a hash's fields) holds `needle`. */
async function redisValuesHolding(redis: Redis, prefix: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const key of await redis.keys(`${prefix}:*`)) {
    const type = await redis.type(key);
    const values = type === "hash" ? Object.values(await redis.hgetall(key)) : type === "string" ? [await redis.get(key)] : type === "list" ? await redis.lrange(key, 0, -1) : [];
    if (values.some((value) => value?.includes(needle))) found.push(key);
  }
  return found;
}

/** What the handling official is sent for the case's assignment notice, with `cipher` revealing. */
async function officialNotice(petitionId: string, cipher: PersonalDataCipher): Promise<string> {
  const row = await testDb.db.outbox.findFirstOrThrow({ where: { messageKey: "notice_assignment", event: { petitionId } } });
  const sent: string[] = [];
  const sender: ChannelSender = { channel: "telegram", maxTextLength: 4096, send: async (_to, text) => void sent.push(text), sendFile: async () => {} };
  await testDb.db.outbox.update({ where: { id: row.id }, data: { status: "pending", partsSent: 0 } });
  const result = await deliver(
    { db: testDb.db, ledger: new RedisSentLedger(ledgerRedis, `test-${randomUUID()}`), clock: systemClock, senders: new Map<ChannelName, ChannelSender>([["telegram", sender]]), files: new FileStore(mkdtempSync(path.join(tmpdir(), "mq-"))), org: () => loadOrgSnapshot(testDb.db), log, reveal: cipher.reveal },
    row.id,
  );
  expect(result).toBe("sent");
  return sent.join("");
}

describe("the start-up step after the SQL migrations", () => {
  it("seals the names and phones an older version stored in clear, so no table holds the number, and the official still reads them", async () => {
    // Three cases as the version before sealing wrote them: clear in the petition and in the
    // assignment notice, one of them a notice from before parameters were ids (flat text).
    const older = await Promise.all([record(testCipher, { contactPhone: "+8613812345678" }), record(testCipher, { contactPhone: "+8613812345678" }), record(testCipher, { contactName: "李四", contactPhone: "+8613812345678" })]);
    const ids = older.map((r) => r.petitionId);
    await testDb.db.$executeRaw`UPDATE "Petition" SET "contactName" = CASE WHEN id = ${ids[2]}::uuid THEN '李四' ELSE '王小明' END, "contactPhone" = '+8613812345678', "contactPhoneHash" = NULL WHERE id = ANY(${ids}::uuid[])`;
    await testDb.db.$executeRaw`UPDATE "Outbox" SET params = jsonb_set(params, '{petitioner}', '{"anonymous": false, "name": "王小明", "phone": "+8613812345678"}') FROM "CaseEvent" e WHERE "Outbox"."eventId" = e.id AND e."petitionId" = ANY(${ids.slice(0, 2)}::uuid[]) AND "messageKey" = 'notice_assignment'`;
    await testDb.db.$executeRaw`UPDATE "Outbox" SET params = '{"code": "MQ23456789", "category": "土地房屋", "area": "东坡村", "petitioner": "李四 +8613812345678", "description": "围墙", "attachments": 0, "date": "2026-12-08"}' FROM "CaseEvent" e WHERE "Outbox"."eventId" = e.id AND e."petitionId" = ${ids[2]}::uuid AND "messageKey" = 'notice_assignment'`;
    // And a confirmation kept until recorded, as that version kept it.
    const kept = petition({ contactPhone: "+8613812345678" });
    await testDb.db.pendingPetition.create({ data: { idempotencyKey: kept.idempotencyKey, submission: kept as object, createdAt: new Date() } });
    expect((await columnsHolding("13812345678")).sort()).toEqual(["Outbox.params", "PendingPetition.submission", "Petition.contactPhone"]);

    const config = parseConfig({ QUIET_HOURS: "none", MINQING_DATA_KEYS: formatKeyList(testDataKeys), MINQING_HASH_KEYS: formatKeyList(testHashKeys), MINQING_DATA_DIR: mkdtempSync(path.join(tmpdir(), "mq-")) });
    // And one such petition still waiting in the intake queue.
    let cipher: PersonalDataCipher;
    const redis = connectRedis(testRedisUrl);
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const queues = openQueues(redis, prefix, log);
    try {
      await queues.intake.add(recordPetitionJob.name, petition({ contactPhone: "+8613812345678" }), { jobId: "intake-waiting" });
      expect(await redisValuesHolding(redis, prefix, "13812345678")).not.toEqual([]);

      cipher = await preparePersonalData(testDb.db, { intake: queues.intake, redis }, config, log);

      expect(await redisValuesHolding(redis, prefix, "13812345678")).toEqual([]);
      expect(await redisValuesHolding(redis, prefix, "王小明")).toEqual([]);
      const waiting = await queues.intake.getJob("intake-waiting");
      expect(recordPetitionJob.parse(waiting!.data)).toMatchObject({ contactPhoneHash: cipher.phoneHash("+8613812345678") });
      expect(cipher.open(waiting!.data.contactPhone)).toBe("+8613812345678");
    } finally {
      await queues.intake.obliterate({ force: true });
      await queues.close();
      await removeRedisKeys(prefix);
      await redis.quit();
    }

    expect(await columnsHolding("13812345678")).toEqual([]);
    expect(await columnsHolding("王小明")).toEqual([]);
    expect(await columnsHolding("李四")).toEqual([]);
    const rows = await testDb.db.petition.findMany({ where: { id: { in: ids } } });
    expect(rows.every((row) => row.contactPhoneHash === cipher.phoneHash("+8613812345678"))).toBe(true);
    expect(await officialNotice(ids[0]!, cipher)).toContain("反映人：王小明 +8613812345678");
    expect(await officialNotice(ids[2]!, cipher)).toContain("反映人：李四 +8613812345678");
    const keptNow = (await testDb.db.pendingPetition.findUniqueOrThrow({ where: { idempotencyKey: kept.idempotencyKey } })).submission as { contactPhone: Sealed; contactPhoneHash: string };
    expect([cipher.open(keptNow.contactPhone), keptNow.contactPhoneHash]).toEqual(["+8613812345678", cipher.phoneHash("+8613812345678")]);
    await testDb.db.pendingPetition.delete({ where: { idempotencyKey: kept.idempotencyKey } });

    // Run again (every process runs it at start): nothing left to do.
    expect(await resealPersonalData(testDb.db, cipher, { scope: "clear" })).toEqual({ petitions: 0, notices: 0, kept: 0, unreadable: 0 });
  });

  it("shows an anonymous petitioner's notice without a name or number", async () => {
    const recorded = await record(testCipher, { anonymous: true, contactName: undefined, contactPhone: undefined });
    const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: recorded.petitionId } });
    expect(row).toMatchObject({ contactName: null, contactPhone: null, contactPhoneHash: null });
    expect(await officialNotice(recorded.petitionId, testCipher)).toContain("反映人：匿名");
  });
});

describe("rotating the data key", () => {
  it("re-seals everything under the new key, so the old one can be removed and all still reads", async () => {
    const k1 = testCipher;
    const recorded = await Promise.all([record(k1, { contactName: "赵六" }), record(k1, { contactName: "钱七" })]);
    // 1. the new key first, the old one still listed: old values open, new ones use k2.
    const both = new PersonalDataCipher({ dataKeys: [testKey("k2", 7), ...testDataKeys], hashKeys: testHashKeys });
    const during = await record(both, { contactName: "孙八" });
    // 2. the rotation command; a second run finds nothing to do.
    const report = await resealPersonalData(testDb.db, both, { scope: "rotate", batchSize: 2 });
    expect(report.unreadable).toBe(0);
    expect(report.petitions).toBeGreaterThanOrEqual(2);
    expect(await resealPersonalData(testDb.db, both, { scope: "rotate", batchSize: 2 })).toEqual({ petitions: 0, notices: 0, kept: 0, unreadable: 0 });
    expect([...(await sealedKeyUse(testDb.db)).keys()]).toEqual(["k2"]);
    // 3. k1 removed: every name and number still opens.
    const k2 = new PersonalDataCipher({ dataKeys: [testKey("k2", 7)], hashKeys: testHashKeys });
    for (const [{ petitionId }, name] of [...recorded, during].map((r, i) => [r, ["赵六", "钱七", "孙八"][i]] as const)) {
      const row = await testDb.db.petition.findUniqueOrThrow({ where: { id: petitionId } });
      expect(row.contactName!.startsWith("enc:v1:k2:")).toBe(true);
      expect(await officialNotice(petitionId, k2)).toContain(`反映人：${name} +8613800138000`);
    }
    // The phone hashes were left alone: the hash key did not change.
    expect((await findPetitionsByPhone(testDb.db, k2, "+8613800138000")).map((p) => p.id)).toEqual(expect.arrayContaining([...recorded, during].map((r) => r.petitionId)));
  });

  it("re-hashes phones when the hash key changes; lookups find the petitions before and after", async () => {
    const phone = "+8613700137000";
    const recorded = await record(testCipher, { contactPhone: phone });
    const newHash = new PersonalDataCipher({ dataKeys: [testKey("k2", 7), ...testDataKeys], hashKeys: [testKey("h2", 8), ...testHashKeys] });
    expect((await findPetitionsByPhone(testDb.db, newHash, phone)).map((p) => p.id)).toEqual([recorded.petitionId]);
    await resealPersonalData(testDb.db, newHash, { scope: "rotate" });
    const onlyH2 = new PersonalDataCipher({ dataKeys: [testKey("k2", 7)], hashKeys: [testKey("h2", 8)] });
    expect((await testDb.db.petition.findUniqueOrThrow({ where: { id: recorded.petitionId } })).contactPhoneHash).toBe(onlyH2.phoneHash(phone));
    expect((await findPetitionsByPhone(testDb.db, onlyH2, phone)).map((p) => p.id)).toEqual([recorded.petitionId]);
  });

  it("leaves a value sealed under a key that is not listed as it is, and says so", async () => {
    const stranger = new PersonalDataCipher({ dataKeys: [testKey("k9", 9)], hashKeys: testHashKeys });
    const recorded = await record(stranger, { contactName: "周九" });
    const k2 = new PersonalDataCipher({ dataKeys: [testKey("k2", 7)], hashKeys: testHashKeys });
    const report = await resealPersonalData(testDb.db, k2, { scope: "rotate" });
    expect(report.unreadable).toBeGreaterThanOrEqual(1);
    expect((await sealedKeyUse(testDb.db)).get("k9")).toBeGreaterThanOrEqual(2);
    expect((await testDb.db.petition.findUniqueOrThrow({ where: { id: recorded.petitionId } })).contactName!.startsWith("enc:v1:k9:")).toBe(true);
    // Put back, it re-seals.
    const withK9 = new PersonalDataCipher({ dataKeys: [testKey("k2", 7), testKey("k9", 9)], hashKeys: testHashKeys });
    expect((await resealPersonalData(testDb.db, withK9, { scope: "rotate" })).unreadable).toBe(0);
    expect((await sealedKeyUse(testDb.db)).has("k9")).toBe(false);
  });
});

describe("finding petitions by phone", () => {
  it("finds a person's petitions through the keyed hash however the number is typed, and no one else's", async () => {
    const phone = "+8615900159000";
    const mine = await Promise.all([record(testCipher, { contactPhone: phone }), record(testCipher, { contactPhone: phone, areaId: "liuxi" })]);
    await record(testCipher, { contactPhone: "+8615900159001" });
    await record(testCipher, { anonymous: true, contactName: undefined, contactPhone: undefined });
    const found = await findPetitionsByPhone(testDb.db, testCipher, "159 0015 9000");
    expect(found.map((p) => p.id).sort()).toEqual(mine.map((r) => r.petitionId).sort());
    expect(found.every((p) => /^MQ/.test(p.trackingCode))).toBe(true);
    expect(await findPetitionsByPhone(testDb.db, testCipher, "+8615800158000")).toEqual([]);
  });
});

describe("npm run admin -- new-data-key, then rotate-data-key, with the generated key file", () => {
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  const admin = async (db: TestDatabase, dataDir: string, ...args: string[]) => {
    const env = { ...process.env, DATABASE_URL: db.url, MINQING_DATA_DIR: dataDir, MINQING_DATA_KEYS: "", MINQING_HASH_KEYS: "" };
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [tsx, "src/admin/cli.ts", ...args], { env });
      return { code: 0, out: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout + failed.stderr };
    }
  };

  it("puts a new key first in the file, re-seals every value under it, and says the old key is no longer used", async () => {
    const own = await createTestDatabase();
    try {
      await importOrg(own.db, await readOrgFile(sampleOrgFile), systemClock);
      await own.db.identity.create({ data: { channel: "telegram", botAccount: "minqing_bot", platformId: "9000000001", officialId: "wang-fang", createdAt: new Date(), preferred: true } });
      const dataDir = mkdtempSync(path.join(tmpdir(), "mq-keys-"));
      const before = await loadPersonalDataCipher({ MINQING_DATA_DIR: dataDir });
      const org = await loadOrgSnapshot(own.db);
      for (const name of ["吴一", "郑二", "冯三"]) await recordPetition({ db: own.db, clock: systemClock, timeZone: "Asia/Shanghai", org, privacy: before }, petition({ contactName: name }));

      const added = await admin(own, dataDir, "new-data-key");
      expect(added.code).toBe(0);
      expect(added.out).toMatch(/^added key k2-[0-9a-f]{6} first in /);
      const during = await loadPersonalDataCipher({ MINQING_DATA_DIR: dataDir });
      expect(during.keyIds).toEqual([expect.stringMatching(/^k2-/), before.currentKeyId]);

      const rotated = await admin(own, dataDir, "rotate-data-key");
      expect(rotated.code).toBe(0);
      expect(rotated.out).toContain(`re-sealed under key ${during.currentKeyId} (hash key ${before.currentHashKeyId}): 3 petitions, 3 notices, 0 confirmations not yet recorded`);
      expect(rotated.out).toContain(`Nothing is sealed under ${before.currentKeyId} any more: remove it`);
      expect([...(await sealedKeyUse(own.db)).keys()]).toEqual([during.currentKeyId]);
      // Safe to repeat.
      expect((await admin(own, dataDir, "rotate-data-key")).out).toContain(": 0 petitions, 0 notices, 0 confirmations");
      expect(await readFile(keyFilePath(dataDir), "utf8")).toContain(`MINQING_DATA_KEYS=${during.currentKeyId}:`);
    } finally {
      await own.drop();
    }
  }, 60_000);
});
