import { execFile } from "node:child_process";
import { deadlinePresets } from "../../src/deadlines/presets";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock, systemClock } from "../../src/kernel/clock";
import type { OrgFile } from "../../src/org/file-schema";
import { readOrgFile } from "../../src/org/load-file";
import { createBindCode, redeemBindCode } from "../../src/store/bind-codes";
import type { Db } from "../../src/store/client";
import { importOrg, loadOrgSnapshot, orgKinds, type ImportSummary } from "../../src/store/org-repository";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
let db: Db;
let sample: OrgFile;
const clock = manualClock("2026-11-22T02:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  sample = await readOrgFile("org/sample.yaml");
});
afterAll(async () => {
  await database?.drop();
});

/** Every organisation row, in a fixed order, to compare before and after an import. */
async function orgRows(db: Db) {
  return {
    policies: await db.deadlinePolicy.findMany({ orderBy: { id: "asc" } }),
    units: await db.unit.findMany({ orderBy: { id: "asc" } }),
    areas: await db.area.findMany({ orderBy: { id: "asc" } }),
    officials: await db.official.findMany({ orderBy: { id: "asc" } }),
    villages: await db.officialVillage.findMany({ orderBy: [{ officialId: "asc" }, { areaId: "asc" }] }),
    absences: await db.dutyAbsence.findMany({ orderBy: [{ officialId: "asc" }, { fromDate: "asc" }] }),
    categories: await db.category.findMany({ orderBy: { id: "asc" } }),
    rules: await db.routingRule.findMany({ orderBy: { id: "asc" } }),
  };
}

function changes(summary: ImportSummary) {
  return Object.fromEntries(orgKinds.map((kind) => [kind, summary.counts[kind]]));
}

/** The sample without one unit (县自然资源局), its only official and the rule that sends work to it. */
function sampleWithoutLandBureau(): OrgFile {
  return {
    ...sample,
    units: sample.units.filter((unit) => unit.id !== "county-natural-resources"),
    officials: sample.officials.filter((official) => official.id !== "zheng-gang"),
    routingRules: sample.routingRules.filter((rule) => rule.unit !== "county-natural-resources"),
  };
}

/** A case held by 郑刚 at 县自然资源局, written directly: only the assignment matters here. */
async function caseAssignedToZhengGang(): Promise<{ petitionId: string; assignmentId: string }> {
  const now = clock.now();
  const person = await db.person.create({ data: { createdAt: now } });
  const identity = await db.identity.create({
    data: { channel: "terminal", botAccount: "test", platformId: `citizen-${person.id}`, personId: person.id, createdAt: now },
  });
  const petition = await db.petition.create({
    data: {
      trackingCode: `MQTEST${person.id.slice(0, 4).toUpperCase()}`,
      idempotencyKey: `test-${person.id}`,
      personId: person.id,
      identityId: identity.id,
      channel: "terminal",
      categoryId: "land-housing",
      areaId: "liuxi",
      description: "宅基地边界纠纷",
      language: "zh-CN",
      state: "in_progress",
      unitId: "county-natural-resources",
      officialId: "zheng-gang",
      submittedAt: now,
    },
  });
  const assignment = await db.assignment.create({
    data: { petitionId: petition.id, unitId: "county-natural-resources", officialId: "zheng-gang", ruleId: "land-housing-liuhe", assignedAt: now },
  });
  return { petitionId: petition.id, assignmentId: assignment.id };
}

// The tests share one database and run in order; each starts by loading the file it needs,
// which is safe because loading is idempotent.
describe("importing the organisation file", () => {
  it("creates everything in the sample on an empty database", async () => {
    const summary = await importOrg(db, sample, clock);
    expect(changes(summary)).toEqual({
      deadlinePolicies: { created: 5, updated: 0, deactivated: 0, unchanged: 0 },
      units: { created: 8, updated: 0, deactivated: 0, unchanged: 0 },
      areas: { created: 15, updated: 0, deactivated: 0, unchanged: 0 },
      officials: { created: 15, updated: 0, deactivated: 0, unchanged: 0 },
      categories: { created: 8, updated: 0, deactivated: 0, unchanged: 0 },
      routingRules: { created: 3, updated: 0, deactivated: 0, unchanged: 0 },
      deadlineRules: { created: 4, updated: 0, deactivated: 0, unchanged: 0 },
      urgentWords: { created: 13, updated: 0, deactivated: 0, unchanged: 0 },
    });
    const zhaoLei = await db.official.findUniqueOrThrow({ where: { id: "zhao-lei" }, include: { villages: true, absences: true } });
    expect(zhaoLei.villages.map((link) => link.areaId).sort()).toEqual(["hewan", "xinhua"]);
    expect(zhaoLei.absences).toMatchObject([{ fromDate: new Date("2026-12-01T00:00:00Z"), toDate: new Date("2027-01-15T00:00:00Z") }]);
    // The townships' governments report to the county government; conduct complaints go to the discipline body.
    const township = await db.unit.findUniqueOrThrow({ where: { id: "qingshi-gov" } });
    expect(township.parentId).toBe("county-gov");
    expect(await db.unit.findMany({ where: { isDisciplineBody: true }, select: { id: true } })).toEqual([{ id: "county-discipline" }]);
  });

  it("changes nothing when the same file is loaded again", async () => {
    await importOrg(db, sample, clock);
    const before = await orgRows(db);
    const summary = await importOrg(db, sample, clock);
    for (const kind of orgKinds) {
      expect(summary.counts[kind], kind).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
    }
    expect(summary.counts.officials.unchanged).toBe(15);
    expect(await orgRows(db)).toEqual(before);
  });

  it("counts as updated only what really changed", async () => {
    await importOrg(db, sample, clock);
    const edited: OrgFile = {
      ...sample,
      officials: sample.officials.map((official) => {
        if (official.id === "wang-fang") return { ...official, name: "王芳芳" };
        // Same roles in another order, same villages in another order: no change.
        if (official.id === "zhou-jianguo") return { ...official, roles: [...official.roles].reverse() };
        if (official.id === "ma-xiu") return { ...official, villages: [...official.villages].reverse() };
        if (official.id === "zhao-lei") return { ...official, away: [{ from: "2026-12-01", to: "2026-12-31", reason: "培训提前结束" }] };
        return official;
      }),
    };
    const summary = await importOrg(db, edited, clock);
    expect(summary.counts.officials).toEqual({ created: 0, updated: 2, deactivated: 0, unchanged: 13 });
    expect(summary.counts.areas).toEqual({ created: 0, updated: 0, deactivated: 0, unchanged: 15 });
    const absences = await db.dutyAbsence.findMany({ where: { officialId: "zhao-lei" } });
    expect(absences).toMatchObject([{ toDate: new Date("2026-12-31T00:00:00Z"), reason: "培训提前结束" }]);

    const restored = await importOrg(db, sample, clock);
    expect(restored.counts.officials).toMatchObject({ updated: 2, unchanged: 13 });
  });

  it("deactivates a unit and an official the file no longer lists, keeping their open cases' assignments", async () => {
    await importOrg(db, sample, clock);
    const { petitionId, assignmentId } = await caseAssignedToZhengGang();

    const summary = await importOrg(db, sampleWithoutLandBureau(), clock);
    expect(summary.counts.units).toEqual({ created: 0, updated: 0, deactivated: 1, unchanged: 7 });
    expect(summary.counts.officials).toEqual({ created: 0, updated: 0, deactivated: 1, unchanged: 14 });
    expect(summary.counts.routingRules).toEqual({ created: 0, updated: 0, deactivated: 1, unchanged: 2 });

    expect(await db.unit.findUniqueOrThrow({ where: { id: "county-natural-resources" } })).toMatchObject({ active: false, name: "青山县自然资源局" });
    expect(await db.official.findUniqueOrThrow({ where: { id: "zheng-gang" } })).toMatchObject({ active: false });
    expect(await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({
      unitId: "county-natural-resources",
      officialId: "zheng-gang",
      endedAt: null,
    });
    expect(await db.petition.findUniqueOrThrow({ where: { id: petitionId } })).toMatchObject({ unitId: "county-natural-resources", officialId: "zheng-gang" });

    // Loading it again is a no-op too: already-inactive rows are not deactivated twice.
    const again = await importOrg(db, sampleWithoutLandBureau(), clock);
    expect(again.counts.units).toMatchObject({ deactivated: 0, updated: 0 });

    // Listed again, they come back.
    const back = await importOrg(db, sample, clock);
    expect(back.counts.units).toMatchObject({ updated: 1, created: 0 });
    expect(back.counts.officials).toMatchObject({ updated: 1, created: 0 });
    expect(await db.official.findUniqueOrThrow({ where: { id: "zheng-gang" } })).toMatchObject({ active: true });
  });
});

describe("the organisation snapshot", () => {
  it("holds only active areas, units, officials, categories and rules", async () => {
    await importOrg(db, sampleWithoutLandBureau(), clock);
    const snapshot = await loadOrgSnapshot(db);
    expect(snapshot.units.map((unit) => unit.id)).not.toContain("county-natural-resources");
    expect(snapshot.units).toHaveLength(7);
    expect(snapshot.officials.map((official) => official.id)).not.toContain("zheng-gang");
    expect(snapshot.officials).toHaveLength(14);
    expect(snapshot.rules.map((rule) => rule.id).sort()).toEqual(["labour-wages-county", "social-security-county"]);

    await importOrg(db, sample, clock);
    const full = await loadOrgSnapshot(db);
    expect(full.units).toHaveLength(8);
    expect(full.officials).toHaveLength(15);
    expect(full.rules).toHaveLength(3);
  });

  it("gives the core plain data: villages, absences as days, categories in menu order", async () => {
    await importOrg(db, sample, clock);
    const snapshot = await loadOrgSnapshot(db);
    expect(snapshot.officials.find((official) => official.id === "zhao-lei")).toEqual({
      id: "zhao-lei",
      name: "赵磊",
      unitId: "qingshi-gov",
      roles: ["handling_official"],
      active: true,
      villageIds: ["hewan", "xinhua"],
      absences: [{ from: "2026-12-01", to: "2027-01-15" }],
      standInId: "wang-fang",
    });
    expect(snapshot.officials.find((official) => official.id === "wang-fang")?.standInId).toBe("zhao-lei");
    expect(snapshot.officials.find((official) => official.id === "li-zhiqiang")?.standInId).toBeNull();
    expect(snapshot.categories.map((category) => category.nameZh)).toEqual(["土地房屋", "劳动工资", "社会保障", "生态环境", "道路水电", "邻里纠纷", "干部作风", "其他"]);
    expect(snapshot.areas.find((area) => area.id === "gaoshan")).toEqual({
      id: "gaoshan",
      name: "高山村",
      level: "village",
      aliases: ["高山坪", "老高山"],
      parentId: "yunling",
      defaultUnitId: null,
      latitude: null,
      longitude: null,
    });
    expect(snapshot.areas.find((area) => area.id === "dongpo")).toMatchObject({ latitude: 28.6842, longitude: 115.8921 });
    expect(snapshot.units.filter((unit) => unit.isPetitionOffice).map((unit) => unit.id)).toEqual(["county-petition-office"]);
    expect(snapshot.units.filter((unit) => unit.isDisciplineBody).map((unit) => unit.id)).toEqual(["county-discipline"]);
    // The sample takes the local preset: the store gives the policy back whole, and the rules that choose it.
    expect(snapshot.deadlinePolicies.find((policy) => policy.id === "urgent")).toEqual(deadlinePresets.local.policies.find((policy) => policy.id === "urgent"));
    expect(snapshot.deadlineRules).toContainEqual({ categoryId: null, priority: "urgent", leaderHeld: null, policyId: "urgent" });
  });
});

describe("bind codes", () => {
  const account = (platformId: string) => ({ channel: "telegram" as const, botAccount: "minqing_bot", platformId, language: "zh-CN" });

  it("binds a chat account to the official once; a second use is refused", async () => {
    await importOrg(db, sample, clock);
    const code = await createBindCode(db, "wang-fang", clock, 72);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const stored = await db.bindCode.findMany({ where: { officialId: "wang-fang" } });
    expect(stored.map((row) => row.codeHash)).not.toContain(code);

    // Typed the way people type: lower case, a space and a dash in the middle.
    const typed = `${code.slice(0, 4).toLowerCase()} -${code.slice(4)}`;
    expect(await redeemBindCode(db, typed, account("1001"), clock)).toEqual({ ok: true, officialId: "wang-fang", officialName: "王芳" });
    const identity = await db.identity.findUniqueOrThrow({
      where: { channel_botAccount_platformId: { channel: "telegram", botAccount: "minqing_bot", platformId: "1001" } },
    });
    expect(identity).toMatchObject({ officialId: "wang-fang", personId: null, createdAt: clock.now(), language: "zh-CN" });

    expect(await redeemBindCode(db, code, account("1002"), clock)).toEqual({ ok: false, reason: "used" });
    expect(await db.identity.count({ where: { platformId: "1002" } })).toBe(0);
  });

  it("refuses an expired code and a wrong one", async () => {
    await importOrg(db, sample, clock);
    const late = manualClock(clock.now());
    const code = await createBindCode(db, "liu-yang", late, 72);
    late.advance(72 * 3_600_000);
    expect(await redeemBindCode(db, code, account("2001"), late)).toEqual({ ok: false, reason: "expired" });

    const fresh = await createBindCode(db, "liu-yang", late, 72);
    const wrong = fresh.startsWith("2") ? `3${fresh.slice(1)}` : `2${fresh.slice(1)}`;
    expect(await redeemBindCode(db, wrong, account("2001"), late)).toEqual({ ok: false, reason: "invalid" });
    expect(await redeemBindCode(db, "not a code", account("2001"), late)).toEqual({ ok: false, reason: "invalid" });
    expect(await db.identity.count({ where: { platformId: "2001" } })).toBe(0);
    // The wrong guesses did not spend the real code.
    expect(await redeemBindCode(db, fresh, account("2001"), late)).toMatchObject({ ok: true, officialId: "liu-yang" });
  });

  it("lets only one of two simultaneous redemptions win", async () => {
    await importOrg(db, sample, clock);
    const code = await createBindCode(db, "ma-xiu", clock, 72);
    const results = await Promise.all([redeemBindCode(db, code, account("3001"), clock), redeemBindCode(db, code, account("3002"), clock)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "used" }]);
    expect(await db.identity.count({ where: { officialId: "ma-xiu" } })).toBe(1);
  });

  it("keeps the citizen behind an account that becomes an official's too", async () => {
    await importOrg(db, sample, clock);
    const person = await db.person.create({ data: { createdAt: clock.now() } });
    await db.identity.create({
      data: { channel: "wechat", botAccount: "wx-bot", platformId: "wxid_abc", personId: person.id, language: "en", createdAt: clock.now() },
    });
    const code = await createBindCode(db, "chen-jing", clock, 1);
    const result = await redeemBindCode(db, code, { channel: "wechat", botAccount: "wx-bot", platformId: "wxid_abc", language: "zh-CN" }, clock);
    expect(result).toMatchObject({ ok: true, officialName: "陈静" });
    const identities = await db.identity.findMany({ where: { platformId: "wxid_abc" } });
    expect(identities).toMatchObject([{ personId: person.id, officialId: "chen-jing", language: "en" }]);
  });

  it("is not made for an unknown or inactive official", async () => {
    await importOrg(db, sampleWithoutLandBureau(), clock);
    await expect(createBindCode(db, "nobody", clock, 72)).rejects.toThrow('no official with id "nobody"');
    await expect(createBindCode(db, "zheng-gang", clock, 72)).rejects.toThrow(/inactive/);
    await importOrg(db, sample, clock);
  });

  it("stops working when its official is deactivated before it is used", async () => {
    await importOrg(db, sample, clock);
    const code = await createBindCode(db, "zheng-gang", clock, 72);
    await importOrg(db, sampleWithoutLandBureau(), clock);
    expect(await redeemBindCode(db, code, account("4001"), clock)).toEqual({ ok: false, reason: "invalid" });
    await importOrg(db, sample, clock);
  });
});

// Each test starts the admin CLI as its own process (tsx compiles it first): seconds each, more on a busy machine.
describe("npm run admin", { timeout: 90_000 }, () => {
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "minqing-admin-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, "src/admin/cli.ts", ...args], {
        env: { ...process.env, DATABASE_URL: database.url, BIND_CODE_TTL_HOURS: "24" },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it("loads the organisation file and reports that a reload changed nothing", async () => {
    await importOrg(db, sample, clock);
    const result = await admin("load-org", "org/sample.yaml");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("nothing changed");
    expect(result.stdout).toMatch(/officials\s+0 new, 0 updated, 0 deactivated, 15 unchanged/);
  });

  it("prints one line naming file, line and field for a broken file, exit code 1", async () => {
    const path = join(dir, "broken.yaml");
    await writeFile(path, (await readFile("org/sample.yaml", "utf8")).replace("unit: liuhe-gov", "unit: town-x"));
    const result = await admin("load-org", path);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+: officials\\[\\d+\\]\\.unit: unknown unit "town-x"$`));
  });

  it("makes a bind code an official can redeem, and lists officials with their binding", async () => {
    await importOrg(db, sample, clock);
    const made = await admin("bind-code", "huang-wei");
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("黄伟");
    expect(made.stdout).toContain("24 hours");
    const code = /\/bind (\S+)/.exec(made.stdout)?.[1];
    expect(code).toBeDefined();
    expect(await redeemBindCode(db, code!, account("5001"), systemClock)).toMatchObject({ ok: true, officialId: "huang-wei" });

    const listed = await admin("officials");
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n").find((line) => line.startsWith("huang-wei"))).toMatch(/黄伟.*云岭镇人民政府.*unit_head.*yes.*active/);
    expect(listed.stdout.split("\n").find((line) => line.startsWith("he-li"))).toMatch(/\bno\b/);
  });

  it("answers an unknown command with the usage and exit code 2", async () => {
    const result = await admin("frobnicate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: npm run admin -- <command>");
  });

  function account(platformId: string) {
    return { channel: "terminal" as const, botAccount: "console", platformId, language: "zh-CN" };
  }
});
