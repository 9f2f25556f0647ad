/** Sealing names and phone numbers, the keyed phone hash, and where the keys come from. */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/config";
import { isSealed, type Sealed } from "../../../src/kernel/sealed";
import { PersonalDataCipher, UnsealError } from "../../../src/privacy/cipher";
import { keyFilePath, loadPersonalDataCipher } from "../../../src/privacy/local-keys";
import { sealPetition } from "../../../src/privacy/seal-petition";
import { recordPetitionJob } from "../../../src/queue/jobs/record-petition";
import { testCipher, testDataKeys, testHashKeys, testKey } from "../../support/privacy";

describe("sealing a field", () => {
  it("opens what it sealed, Chinese names included, and never shows the clear text", () => {
    for (const clear of ["王小明", "+8613800138000", "", "欧阳·娜娜 (村口小卖部)"]) {
      const sealed = testCipher.seal(clear);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed).toMatch(/^enc:v1:k1:[\w-]{16}:[\w-]+$/);
      if (clear) expect(sealed).not.toContain(clear);
      expect(testCipher.open(sealed)).toBe(clear);
    }
  });

  it("seals the same text differently each time, so equal values cannot be spotted in the tables", () => {
    expect(testCipher.seal("+8613800138000")).not.toBe(testCipher.seal("+8613800138000"));
  });

  it("refuses a value altered by one character, cut short, or sealed under another key with the same id", () => {
    const sealed = testCipher.seal("+8613800138000");
    const body = sealed.slice(sealed.lastIndexOf(":") + 1);
    const flipped = `${sealed.slice(0, sealed.lastIndexOf(":") + 1)}${body[0] === "A" ? "B" : "A"}${body.slice(1)}` as Sealed;
    expect(() => testCipher.open(flipped)).toThrow(UnsealError);
    expect(() => testCipher.open(sealed.slice(0, -8) as Sealed)).toThrow(UnsealError);
    expect(() => testCipher.open("enc:v1:k1:abc" as Sealed)).toThrow(UnsealError);
    const impostor = new PersonalDataCipher({ dataKeys: [testKey("k1", 9)], hashKeys: testHashKeys });
    expect(() => impostor.open(sealed)).toThrow(/failed authentication/);
  });

  it("says which key is missing when a value was sealed under a key no longer listed", () => {
    const newer = new PersonalDataCipher({ dataKeys: [testKey("k2", 3)], hashKeys: testHashKeys });
    expect(() => newer.open(testCipher.seal("王小明"))).toThrow('a value is sealed under key "k1", which MINQING_DATA_KEYS does not list');
  });

  it("seals under the first key listed and opens under any", () => {
    const rotated = new PersonalDataCipher({ dataKeys: [testKey("k2", 3), ...testDataKeys], hashKeys: testHashKeys });
    const old = testCipher.seal("王小明");
    expect(rotated.open(old)).toBe("王小明");
    expect(rotated.isCurrent(old)).toBe(false);
    const fresh = rotated.seal("王小明");
    expect(fresh.startsWith("enc:v1:k2:")).toBe(true);
    expect(rotated.isCurrent(fresh)).toBe(true);
  });
});

describe("the phone's keyed hash", () => {
  it("is one value however the number was typed, and differs for another number", () => {
    const hash = testCipher.phoneHash("+8613800138000");
    expect(hash).toMatch(/^h1:[\w-]{43}$/);
    expect(testCipher.phoneHash("138 0013 8000")).toBe(hash);
    expect(testCipher.phoneHash("0086-138-0013-8000")).toBe(hash);
    expect(testCipher.phoneHash("+8613900139000")).not.toBe(hash);
    expect(hash).not.toContain("13800138000");
  });

  it("depends on the hash key, and a lookup tries every hash key listed", () => {
    const other = new PersonalDataCipher({ dataKeys: testDataKeys, hashKeys: [testKey("h2", 4), ...testHashKeys] });
    expect(other.phoneHash("+8613800138000")).not.toBe(testCipher.phoneHash("+8613800138000"));
    expect(other.lookupHashes("+8613800138000")).toEqual([other.phoneHash("+8613800138000"), testCipher.phoneHash("+8613800138000")]);
  });
});

describe("a petition leaving the conversation", () => {
  const petition = {
    idempotencyKey: "draft-0001",
    user: { channel: "telegram" as const, botAccount: "minqing_bot", platformId: "42" },
    language: "zh-CN" as const,
    categoryId: "land",
    areaId: "dp-lj",
    description: "围墙",
    attachments: [],
    anonymous: false,
    submittedAt: "2026-11-23T02:00:00.000Z",
  };

  it("has its name and phone sealed and its phone hashed; sealing it again changes nothing", () => {
    const sealed = sealPetition(testCipher, { ...petition, contactName: "王小明", contactPhone: "+8613800138000" });
    expect(JSON.stringify(sealed)).not.toMatch(/王小明|13800138000/);
    expect(testCipher.open(sealed.contactName!)).toBe("王小明");
    expect(sealed.contactPhoneHash).toBe(testCipher.phoneHash("+8613800138000"));
    expect(sealPetition(testCipher, sealed)).toEqual(sealed);
  });

  it("is carried by the intake job sealed, and a job queued in clear before sealing began is still accepted", () => {
    const sealed = sealPetition(testCipher, { ...petition, contactName: "欧阳".repeat(30), contactPhone: "+8613800138000" });
    expect(recordPetitionJob.parse(sealed)).toEqual(sealed);
    const queuedBefore = { ...petition, contactName: "王小明", contactPhone: "+8613800138000" };
    expect(recordPetitionJob.parse(queuedBefore)).toMatchObject({ contactName: "王小明" });
    // The old limits still hold for clear values.
    expect(() => recordPetitionJob.parse({ ...queuedBefore, contactName: "王".repeat(61) })).toThrow(/at most 60/);
  });

  it("keeps an anonymous petition without a name, a phone or a hash", () => {
    const sealed = sealPetition(testCipher, { ...petition, anonymous: true });
    expect(sealed).not.toHaveProperty("contactName");
    expect(sealed).not.toHaveProperty("contactPhoneHash");
  });
});

describe("the keys", () => {
  const key = () => randomBytes(32).toString("base64");

  it("come from MINQING_DATA_KEYS and MINQING_HASH_KEYS, first one current", async () => {
    const config = parseConfig({ MINQING_DATA_KEYS: `k2:${key()}, k1:${key()}`, MINQING_HASH_KEYS: `h1:${key()}` });
    const cipher = await loadPersonalDataCipher(config);
    expect([cipher.currentKeyId, cipher.keyIds, cipher.currentHashKeyId]).toEqual(["k2", ["k2", "k1"], "h1"]);
  });

  it("stop the process with one line that never shows a key", () => {
    const secret = randomBytes(16).toString("base64");
    const cases: [Record<string, string>, string][] = [
      [{ MINQING_DATA_KEYS: `k1:${secret}`, MINQING_HASH_KEYS: `h1:${key()}` }, `Setting MINQING_DATA_KEYS has a key "k1" that is not 32 bytes in base64 (make one with: openssl rand -base64 32). See .env.example.`],
      [{ MINQING_DATA_KEYS: secret, MINQING_HASH_KEYS: `h1:${key()}` }, "Setting MINQING_DATA_KEYS must be a comma-separated list of id:key, each id 1–32 letters, digits, _ or - (e.g. k1:<key>). See .env.example."],
      [{ MINQING_DATA_KEYS: `k1:${key()}` }, "Setting MINQING_HASH_KEYS is required when MINQING_DATA_KEYS is set (or unset both to use the generated key file in MINQING_DATA_DIR). See .env.example."],
      [{ MINQING_DATA_KEYS: `k1:${key()},k1:${key()}`, MINQING_HASH_KEYS: `h1:${key()}` }, 'Setting MINQING_DATA_KEYS lists the key id "k1" twice. See .env.example.'],
    ];
    for (const [env, message] of cases) {
      expect(() => parseConfig(env)).toThrow(ConfigError);
      expect(() => parseConfig(env)).toThrow(message);
    }
  });

  it("are generated once in the data folder when none is configured, readable only by the owner, and shared by processes starting together", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "minqing-keys-"));
    const settings = { MINQING_DATA_DIR: dataDir };
    const [first, second] = await Promise.all([loadPersonalDataCipher(settings), loadPersonalDataCipher(settings)]);
    expect(second.open(first.seal("王小明"))).toBe("王小明");
    expect((await stat(keyFilePath(dataDir))).mode & 0o777).toBe(0o600);
    const later = await loadPersonalDataCipher(settings);
    expect(later.open(first.seal("王小明"))).toBe("王小明");
    expect(later.currentKeyId).toMatch(/^k1-[0-9a-f]{6}$/);
    // The file holds the two settings as they would be written in the environment.
    expect(await readFile(keyFilePath(dataDir), "utf8")).toMatch(/^MINQING_DATA_KEYS=k1-[0-9a-f]{6}:\S+$/m);
    // Another data folder generates other keys, with other ids: its values are "not listed" here.
    const elsewhere = await loadPersonalDataCipher({ MINQING_DATA_DIR: await mkdtemp(path.join(tmpdir(), "minqing-keys-")) });
    expect(() => elsewhere.open(first.seal("王小明"))).toThrow(/does not list/);
  });
});
