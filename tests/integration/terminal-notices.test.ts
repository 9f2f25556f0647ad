/**
 * Notices for a terminal whose window is closed wait in the outbox (no attempt spent) and are
 * shown when it opens, once.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TerminalSender, terminalUser } from "../../bots/terminal";
import { sampleOrgFile } from "../../src/app/first-run";
import { systemClock } from "../../src/kernel/clock";
import { FileStore } from "../../src/files/file-store";
import { createLogger } from "../../src/log";
import { readOrgFile } from "../../src/org/load-file";
import { deliver } from "../../src/queue/delivery";
import { importOrg, loadOrgSnapshot } from "../../src/store/org-repository";
import { pendingFor } from "../../src/store/outbox-repository";
import { recordPetition } from "../../src/casework/record-petition";
import { RedisSentLedger } from "../../src/redis/sent-ledger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { testRedisUrl } from "../support/services";
import { testCipher } from "../support/privacy";

let testDb: TestDatabase;
let redis: Redis;
beforeAll(async () => {
  testDb = await createTestDatabase();
  redis = new Redis(testRedisUrl);
  await importOrg(testDb.db, await readOrgFile(sampleOrgFile), systemClock);
});
afterAll(async () => {
  await redis.quit();
  await testDb.drop();
});

describe("terminal notices", () => {
  it("wait in the outbox while the terminal is closed and appear once when it opens", async () => {
    const user = terminalUser("carol");
    const recorded = await recordPetition(
      { db: testDb.db, clock: systemClock, timeZone: "Asia/Shanghai", org: await loadOrgSnapshot(testDb.db), privacy: testCipher },
      { idempotencyKey: randomUUID(), user, language: "zh-CN", categoryId: "other", areaId: "hewan", description: "河边护栏坏了。", attachments: [], anonymous: true, submittedAt: new Date().toISOString() },
    );
    const sender = new TerminalSender();
    const deps = { db: testDb.db, ledger: new RedisSentLedger(redis, `test-${randomUUID()}`), clock: systemClock, senders: new Map([["terminal" as const, sender]]), files: new FileStore(mkdtempSync(path.join(tmpdir(), "mq-"))), org: () => loadOrgSnapshot(testDb.db), log: createLogger("silent"), reveal: testCipher.reveal };
    const ack = recorded.pendingOutboxIds[0]!;

    expect(await deliver(deps, ack)).toBe("parked");
    expect(await testDb.db.outbox.findUniqueOrThrow({ where: { id: ack } })).toMatchObject({ status: "pending", attempts: 0 });

    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    const close = sender.register(user.platformId, output);
    for (const id of await pendingFor(testDb.db, user)) await deliver(deps, id);
    expect(printed).toContain(`查询码：${recorded.trackingCode}`);
    expect(await testDb.db.outbox.findUniqueOrThrow({ where: { id: ack } })).toMatchObject({ status: "sent", sentChannel: "terminal" });

    printed = "";
    for (const id of await pendingFor(testDb.db, user)) await deliver(deps, id);
    expect(printed).toBe("");
    close();
  });
});
