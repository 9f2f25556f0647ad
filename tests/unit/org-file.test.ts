import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrgFileError, readOrgFile } from "../../src/org/load-file";

/** A small, valid organisation file; the tests below break one line of it at a time. */
const valid = `deadlinePolicies:
  - id: ordinary
    name: 法定时限
    acceptWithin: 15天
    answerWithin: 60 days
units:
  - id: office
    name: 县信访局
    level: county
    petitionOffice: true
  - id: town-gov
    name: 青石镇人民政府
    level: township
    parent: office
areas:
  - id: county
    name: 青山县
    level: county
    defaultUnit: office
  - id: town
    name: 青石镇
    level: township
    parent: county
    defaultUnit: town-gov
  - id: village
    name: 东坡村
    level: village
    parent: town
    aliases: [东坡]
officials:
  - id: cadre
    name: 王芳
    unit: town-gov
    roles: [handling_official]
    villages: [village]
    away:
      - from: 2026-12-01
        to: 2026-12-10
categories:
  - id: other
    zh: 其他
    en: Other
    deadlinePolicy: ordinary
routingRules:
  - id: rule
    category: other
    unit: town-gov
`;

/**
 * Replaces the first line starting with `key:` after the line `- id: <itemId>` and returns the
 * new text with that line's number, so the expected line is computed, not hard-coded.
 */
function replaceIn(itemId: string, key: string, newLine: string | null, text = valid): { text: string; line: number } {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === `- id: ${itemId}`);
  const index = key === "id" ? start : lines.findIndex((line, i) => i >= start && line.trim().startsWith(`${key}:`));
  if (start < 0 || index < 0) throw new Error(`test setup: no ${key} under ${itemId}`);
  if (newLine === null) lines.splice(index, 1);
  else lines[index] = newLine;
  return { text: lines.join("\n"), line: index + 1 };
}

function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`test setup: "${needle}" not in text`);
  return index + 1;
}

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "minqing-org-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(text: string, extension = "yaml"): Promise<string> {
  const path = join(dir, `org-${++counter}.${extension}`);
  await writeFile(path, text);
  return path;
}

async function errorFor(text: string, extension = "yaml"): Promise<{ path: string; message: string; error: OrgFileError }> {
  const path = await write(text, extension);
  const error = await readOrgFile(path).then(
    () => {
      throw new Error("expected the file to be rejected");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OrgFileError);
  const orgError = error as OrgFileError;
  expect(orgError.message).not.toContain("\n");
  return { path, message: orgError.message, error: orgError };
}

describe("the sample organisation file", () => {
  it("parses and describes a whole county", async () => {
    const org = await readOrgFile("org/sample.yaml");
    const level = (name: string) => org.areas.filter((area) => area.level === name);
    expect(level("county")).toHaveLength(1);
    expect(level("township")).toHaveLength(3);
    expect(level("village").length).toBeGreaterThanOrEqual(10);
    expect(org.areas.some((area) => area.aliases.length > 0)).toBe(true);
    expect(org.categories.map((category) => category.zh)).toEqual(["土地房屋", "劳动工资", "社会保障", "生态环境", "道路水电", "邻里纠纷", "干部作风", "其他"]);
    expect(org.categories.filter((category) => category.conduct).map((category) => category.zh)).toEqual(["干部作风"]);
    expect(org.units).toHaveLength(8);
    expect(org.units.filter((unit) => unit.petitionOffice)).toHaveLength(1);
    // Conduct complaints have their own destination (纪委监委), and the townships a county government above them.
    expect(org.units.filter((unit) => unit.disciplineBody).map((unit) => unit.name)).toEqual(["青山县纪委监委"]);
    const townshipUnits = org.units.filter((unit) => unit.level === "township");
    expect(new Set(townshipUnits.map((unit) => org.units.find((parent) => parent.id === unit.parent)?.name))).toEqual(new Set(["青山县人民政府"]));
    expect(org.officials).toHaveLength(15);
    // The local preset, as the seeds practise it: ordinary within a week, important within a month, a leader's case within one and two weeks.
    const answerWithin = Object.fromEntries(org.deadlinePolicies.map((policy) => [policy.id, policy.answerWithin]));
    expect(answerWithin).toEqual({
      ordinary: { days: 7, counting: "calendar" },
      important: { days: 30, counting: "calendar" },
      urgent: { days: 3, counting: "calendar" },
      leader: { days: 7, counting: "calendar" },
      "leader-major": { days: 14, counting: "calendar" },
    });
    expect(org.categories.find((category) => category.id === "land-housing")?.deadlinePolicy).toBe("important");
    expect(org.deadlineRules).toContainEqual({ priority: "important", leaderHeld: true, policy: "leader-major" });
  });

  it("gives every unit a head, every village an official and every township its government", async () => {
    const org = await readOrgFile("org/sample.yaml");
    for (const unit of org.units) {
      expect(org.officials.some((official) => official.unit === unit.id && official.roles.includes("unit_head")), unit.id).toBe(true);
    }
    const linked = new Set(org.officials.flatMap((official) => official.villages));
    for (const village of org.areas.filter((area) => area.level === "village")) expect(linked.has(village.id), village.id).toBe(true);
    for (const township of org.areas.filter((area) => area.level === "township")) {
      const unit = org.units.find((candidate) => candidate.id === township.defaultUnit);
      expect(unit?.level, township.id).toBe("township");
    }
    const county = org.areas.find((area) => area.level === "county")!;
    expect(org.units.find((unit) => unit.id === county.defaultUnit)?.petitionOffice).toBe(true);
    expect(org.officials.some((official) => official.away.length > 0)).toBe(true);
  });
});

describe("reading an organisation file", () => {
  it("accepts the small valid file the error cases start from", async () => {
    const org = await readOrgFile(await write(valid));
    expect(org.officials[0]).toMatchObject({ unit: "town-gov", villages: ["village"], away: [{ from: "2026-12-01", to: "2026-12-10" }] });
    expect(org.units[1]!.petitionOffice).toBe(false);
  });

  it("names file, line and path for a reference to an unknown unit", async () => {
    const broken = replaceIn("cadre", "unit", "    unit: town-x");
    const { path, message } = await errorFor(broken.text);
    expect(message).toBe(`${path}:${broken.line}: officials[0].unit: unknown unit "town-x"`);
  });

  it("reads a village's coordinates and rejects a latitude or longitude out of range", async () => {
    const placed = replaceIn("village", "aliases", "    aliases: [东坡]\n    latitude: 28.6842\n    longitude: 115.8921");
    const org = await readOrgFile(await write(placed.text));
    expect(org.areas[2]).toMatchObject({ latitude: 28.6842, longitude: 115.8921 });

    const north = replaceIn("village", "latitude", "    latitude: 128.6842", placed.text);
    const tooFarNorth = await errorFor(north.text);
    expect(tooFarNorth.message).toBe(`${tooFarNorth.path}:${north.line}: areas[2].latitude: must be between -90 and 90 degrees`);

    const east = replaceIn("village", "longitude", "    longitude: 215.8921", placed.text);
    const tooFarEast = await errorFor(east.text);
    expect(tooFarEast.message).toBe(`${tooFarEast.path}:${east.line}: areas[2].longitude: must be between -180 and 180 degrees`);
  });

  it("rejects a duplicate id at the second occurrence", async () => {
    const broken = replaceIn("village", "id", "  - id: town");
    const { path, message } = await errorFor(broken.text);
    expect(message).toBe(`${path}:${broken.line}: areas[2].id: duplicate id "town"`);
  });

  it("rejects a village whose parent is not a township", async () => {
    const broken = replaceIn("village", "parent", "    parent: county");
    const { path, message } = await errorFor(broken.text);
    expect(message).toBe(`${path}:${broken.line}: areas[2].parent: a village's parent must be a township, but "county" is a county`);
  });

  it("rejects a township whose parent is not the county", async () => {
    const broken = replaceIn("town", "parent", "    parent: town");
    const { path, message } = await errorFor(broken.text);
    expect(message).toBe(`${path}:${broken.line}: areas[1].parent: a township's parent must be a county, but "town" is a township`);
  });

  it("rejects a township unit without a parent", async () => {
    const broken = replaceIn("town-gov", "parent", null);
    const { path, message } = await errorFor(broken.text);
    expect(message).toBe(`${path}:${lineOf(valid, "- id: town-gov")}: units[1]: a township-level unit needs a parent (a county-level unit)`);
  });

  it("requires exactly one petition office", async () => {
    const two = replaceIn("town-gov", "parent", "    parent: office\n    petitionOffice: true");
    const second = await errorFor(two.text);
    expect(second.message).toBe(`${second.path}:${two.line + 1}: units[1].petitionOffice: only one unit may be the petition office ("office" already is)`);

    const none = replaceIn("office", "petitionOffice", null);
    const missing = await errorFor(none.text);
    expect(missing.message).toMatch(new RegExp(`^${escape(missing.path)}:${lineOf(valid, "- id: office")}: units: must mark exactly one unit with petitionOffice: true`));
  });

  it("allows one discipline body, which is not the petition office", async () => {
    const one = replaceIn("town-gov", "parent", "    parent: office\n    disciplineBody: true");
    expect((await readOrgFile(await write(one.text))).units.map((unit) => unit.disciplineBody)).toEqual([false, true]);

    const office = replaceIn("office", "petitionOffice", "    petitionOffice: true\n    disciplineBody: true");
    const both = await errorFor(office.text);
    expect(both.message).toBe(`${both.path}:${office.line + 1}: units[0].disciplineBody: the petition office cannot also be the discipline body`);

    const two = replaceIn("office", "petitionOffice", "    petitionOffice: true\n    disciplineBody: true", one.text);
    const second = await errorFor(two.text);
    const townGovFlag = two.text.split("\n").findLastIndex((line) => line.includes("disciplineBody")) + 1;
    expect(second.message).toBe(`${second.path}:${townGovFlag}: units[1].disciplineBody: only one unit may be the discipline body ("office" already is)`);
  });

  it("rejects an official linked to an area that is not a village", async () => {
    const broken = replaceIn("cadre", "villages", "    villages: [village, town]");
    const { path, message } = await errorFor(broken.text);
    expect(message).toBe(`${path}:${broken.line}: officials[0].villages[1]: "town" is a township, not a village`);
  });

  it("rejects an absence that ends before it starts, and a date that does not exist", async () => {
    const backwards = replaceIn("cadre", "to", "        to: 2026-11-30");
    const first = await errorFor(backwards.text);
    expect(first.message).toBe(`${first.path}:${backwards.line}: officials[0].away[0].to: ends (2026-11-30) before it starts (2026-12-01)`);

    const impossible = replaceIn("cadre", "to", "        to: 2026-02-30");
    const second = await errorFor(impossible.text);
    expect(second.message).toBe(`${second.path}:${impossible.line}: officials[0].away[0].to: is not a real calendar date`);
  });

  it("reads a stand-in of the same unit, and refuses oneself, an unknown official and one of another unit", async () => {
    const withColleague = valid.replace(
      "categories:\n",
      "  - id: colleague\n    name: 赵磊\n    unit: town-gov\n    roles: [handling_official]\n  - id: clerk\n    name: 刘洋\n    unit: office\n    roles: [petition_office_admin]\ncategories:\n",
    );
    const good = replaceIn("cadre", "villages", "    villages: [village]\n    standIn: colleague", withColleague);
    const org = await readOrgFile(await write(good.text));
    expect(org.officials[0]).toMatchObject({ id: "cadre", standIn: "colleague" });
    expect(org.officials[1]?.standIn).toBeUndefined();

    const line = good.line + 1;
    const self = await errorFor(good.text.replace("standIn: colleague", "standIn: cadre"));
    expect(self.message).toBe(`${self.path}:${line}: officials[0].standIn: 王芳 (cadre) cannot be their own stand-in`);
    const unknown = await errorFor(good.text.replace("standIn: colleague", "standIn: nobody"));
    expect(unknown.message).toBe(`${unknown.path}:${line}: officials[0].standIn: unknown official "nobody" as 王芳's stand-in`);
    const elsewhere = await errorFor(good.text.replace("standIn: colleague", "standIn: clerk"));
    expect(elsewhere.message).toBe(`${elsewhere.path}:${line}: officials[0].standIn: 王芳's stand-in 刘洋 ("clerk") is in unit "office", not "town-gov"`);
  });

  it("rejects ids that are not lower-case letters, digits, _ or -", async () => {
    const broken = replaceIn("other", "id", "  - id: Other Things");
    const { path, message } = await errorFor(broken.text);
    expect(message).toMatch(new RegExp(`^${escape(path)}:${broken.line}: categories\\[0\\]\\.id: must be lower-case letters`));
  });

  it("rejects deadlines beyond the national limits", async () => {
    const broken = replaceIn("ordinary", "acceptWithin", "    acceptWithin: 20天");
    const { path, message } = await errorFor(broken.text);
    expect(message).toBe(`${path}:${broken.line}: deadlinePolicies[0].acceptWithin: exceeds the national limit of 15 days for deciding on acceptance (受理告知 15 日)`);

    // Eleven working days can take three weeks.
    const working = replaceIn("ordinary", "acceptWithin", "    acceptWithin: 11个工作日");
    const tooLong = await errorFor(working.text);
    expect(tooLong.message).toBe(
      `${tooLong.path}:${working.line}: deadlinePolicies[0].acceptWithin: exceeds the national limit of 15 days for deciding on acceptance (受理告知 15 日) (11 working days can take 21 calendar days)`,
    );
    const unreadable = replaceIn("ordinary", "answerWithin", "    answerWithin: 两个月");
    const unread = await errorFor(unreadable.text);
    expect(unread.message).toBe(
      `${unread.path}:${unreadable.line}: deadlinePolicies[0].answerWithin: must be a number of days: 7, "7天", "2个工作日", "2 working days" or { days, counting }`,
    );
  });

  it("points at a misspelt key, a missing field, a wrong type and a wrong level", async () => {
    const typo = replaceIn("village", "parent", "    parnet: town");
    const misspelt = await errorFor(typo.text);
    expect(misspelt.message).toBe(`${misspelt.path}:${typo.line}: areas[2].parnet: unknown key "parnet"`);

    const noName = replaceIn("other", "zh", null);
    const missing = await errorFor(noName.text);
    expect(missing.message).toBe(`${missing.path}:${lineOf(valid, "- id: other")}: categories[0].zh: is required`);

    const notList = replaceIn("cadre", "roles", "    roles: handling_official");
    const wrongType = await errorFor(notList.text);
    expect(wrongType.message).toBe(`${wrongType.path}:${notList.line}: officials[0].roles: must be a list, not text "handling_official"`);

    const city = replaceIn("county", "level", "    level: city");
    const wrongLevel = await errorFor(city.text);
    expect(wrongLevel.message).toBe(`${wrongLevel.path}:${city.line}: areas[0].level: must be one of county, township, village`);
  });

  it("rejects routing rules naming unknown categories or matching the same thing twice", async () => {
    const unknown = replaceIn("rule", "category", "    category: housing");
    const first = await errorFor(unknown.text);
    expect(first.message).toBe(`${first.path}:${unknown.line}: routingRules[0].category: unknown category "housing"`);

    const twice = `${valid}  - id: rule-again\n    category: other\n    unit: office\n`;
    const second = await errorFor(twice);
    expect(second.message).toBe(`${second.path}:${lineOf(twice, "- id: rule-again")}: routingRules[1]: matches the same category and area as rule "rule"`);
  });

  it("names the line of a YAML syntax error and of a duplicate key", async () => {
    const misaligned = replaceIn("other", "en", "  en: Other");
    const syntax = await errorFor(misaligned.text);
    expect(syntax.message).toBe(`${syntax.path}:${misaligned.line}: not valid YAML/JSON: All mapping items must start at the same column`);

    const tabbed = replaceIn("other", "en", "\ten: Other");
    const tab = await errorFor(tabbed.text);
    expect(tab.message).toBe(`${tab.path}:${tabbed.line}: not valid YAML/JSON: Tabs are not allowed as indentation`);

    const duplicated = replaceIn("cadre", "name", "    name: 王芳\n    name: 王芳芳");
    const duplicate = await errorFor(duplicated.text);
    expect(duplicate.message).toMatch(new RegExp(`^${escape(duplicate.path)}:${duplicated.line + 1}: not valid YAML/JSON: .*unique`));
  });

  it("reads JSON with the same checks and line numbers", async () => {
    const org = await readOrgFile("org/sample.yaml");
    const good = await readOrgFile(await write(JSON.stringify(org, null, 2), "json"));
    expect(good).toEqual(org);

    const json = JSON.stringify({ ...org, routingRules: [...org.routingRules, { id: "extra", area: "yunling", unit: "town-x" }] }, null, 2);
    const wrong = await errorFor(json, "json");
    expect(wrong.message).toBe(`${wrong.path}:${lineOf(json, '"unit": "town-x"')}: routingRules[${org.routingRules.length}].unit: unknown unit "town-x"`);

    const lines = JSON.stringify(org, null, 2).split("\n");
    const at = lines.findIndex((line) => line.includes('"categories"'));
    lines[at] = lines[at]!.replace('"categories":', '"categories"');
    const syntax = await errorFor(lines.join("\n"), "json");
    expect(syntax.message).toMatch(new RegExp(`^${escape(syntax.path)}:${at + 1}: not valid YAML/JSON: `));
  });

  it("says so when the file is empty, missing or of another kind", async () => {
    const empty = await errorFor("# nothing yet\n");
    expect(empty.message).toBe(`${empty.path}:1: the file is empty; expected deadlinePolicies, units, areas, officials, categories and routingRules`);

    await expect(readOrgFile(join(dir, "absent.yaml"))).rejects.toThrow(`${join(dir, "absent.yaml")}: no such file`);
    await expect(readOrgFile(await write(valid, "txt"))).rejects.toThrow(/: must be a \.yaml, \.yml or \.json file$/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
