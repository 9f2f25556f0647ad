/**
 * The working-day calendar as the office keeps it (org/calendar.yaml) and as deadlines count on
 * it. The 2026 dates are the State Council's (国务院办公厅关于2026年部分节假日安排的通知), as
 * chinese-days has them:
 *   元旦 1月1日–3日，1月4日（周日）上班；春节 2月15日–23日，2月14日（周六）、2月28日（周六）上班；
 *   清明节 4月4日–6日；劳动节 5月1日–5日，5月9日（周六）上班；端午节 6月19日–21日；
 *   中秋节 9月25日–27日；国庆节 10月1日–7日，9月20日（周日）、10月10日（周六）上班。
 */
import { uncoveredYears } from "../../src/deadlines/coverage";
import { mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarFileHeader, chineseDaysYear, updateCalendarText } from "../../src/admin/calendar";
import { addCounting, isWorkingDay, plainWeekdays, uncovered, type WorkCalendar } from "../../src/deadlines/calendar";
import { parseCalendarText, type CalendarYear } from "../../src/org/calendar-file";
import { calendarSource, readCalendarFile, type CalendarLog } from "../../src/org/calendar-source";
import { OrgFileError } from "../../src/org/yaml-file";

let calendar: WorkCalendar;
let dir: string;

beforeAll(async () => {
  calendar = await readCalendarFile("org/calendar.yaml");
  dir = await mkdtemp(join(tmpdir(), "minqing-calendar-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const working = (from: string, days: number) => addCounting(calendar, from, days, "working");
const calendarDays = (from: string, days: number) => addCounting(calendar, from, days, "calendar");

describe("the office's calendar for 2026", () => {
  it("covers 2026 and no other year", () => {
    expect([...calendar.years]).toEqual([2026]);
  });

  it("knows the 2026 days off and the weekend days worked", () => {
    expect(isWorkingDay(calendar, "2026-02-14")).toBe(true); // Saturday before 春节, worked
    expect(isWorkingDay(calendar, "2026-02-16")).toBe(false); // Monday in 春节
    expect(isWorkingDay(calendar, "2026-02-23")).toBe(false); // last day of 春节, a Monday
    expect(isWorkingDay(calendar, "2026-02-24")).toBe(true);
    expect(isWorkingDay(calendar, "2026-09-20")).toBe(true); // Sunday, worked for 国庆节
    expect(isWorkingDay(calendar, "2026-09-25")).toBe(false); // Friday, 中秋节
    expect(isWorkingDay(calendar, "2026-10-01")).toBe(false);
    expect(isWorkingDay(calendar, "2026-10-10")).toBe(true); // Saturday, worked for 国庆节
    expect(isWorkingDay(calendar, "2026-10-11")).toBe(false); // an ordinary Sunday
  });
});

describe("due days counted in working days", () => {
  it("skip 春节 and count the Saturdays worked around it", () => {
    // Thu 12 Feb: Fri 13 (1), Sat 14 worked (2), then 春节 until Mon 23, Tue 24 (3).
    expect(working("2026-02-12", 2)).toEqual({ day: "2026-02-14", provisional: false });
    expect(working("2026-02-12", 3)).toEqual({ day: "2026-02-24", provisional: false });
    // 15 working days: 13, 14, 24–27, Sat 28 worked, 2–6 Mar, 9–11 Mar.
    expect(working("2026-02-12", 15)).toEqual({ day: "2026-03-11", provisional: false });
  });

  it("skip 中秋节 and 国庆节 and count 10 October, a Saturday worked", () => {
    expect(working("2026-09-24", 1)).toEqual({ day: "2026-09-28", provisional: false });
    expect(working("2026-09-30", 1)).toEqual({ day: "2026-10-08", provisional: false });
    expect(working("2026-09-30", 3)).toEqual({ day: "2026-10-10", provisional: false });
    expect(working("2026-09-30", 4)).toEqual({ day: "2026-10-12", provisional: false });
    // Sat 19 Sep: Sun 20 is worked, so it is the first working day after it.
    expect(working("2026-09-19", 1)).toEqual({ day: "2026-09-20", provisional: false });
  });
});

describe("due days counted in calendar days", () => {
  it("that end on a holiday end on the next working day", () => {
    expect(calendarDays("2026-09-16", 15)).toEqual({ day: "2026-10-08", provisional: false }); // 1 Oct → 8 Oct
    expect(calendarDays("2026-09-10", 15)).toEqual({ day: "2026-09-28", provisional: false }); // 中秋节 Fri 25 → Mon 28
    expect(calendarDays("2026-02-01", 15)).toEqual({ day: "2026-02-24", provisional: false }); // 春节 Mon 16 → Tue 24
  });

  it("that end on a weekend day worked end there", () => {
    expect(calendarDays("2026-09-05", 15)).toEqual({ day: "2026-09-20", provisional: false });
    expect(calendarDays("2026-01-03", 1)).toEqual({ day: "2026-01-04", provisional: false });
  });

  it("that end on an ordinary day end there", () => {
    expect(calendarDays("2026-03-01", 60)).toEqual({ day: "2026-04-30", provisional: false });
  });
});

describe("days the calendar does not cover", () => {
  it("count as plain weekdays and make the due day provisional", () => {
    // From Sun 20 Dec 2026: 21–25, 28–31 Dec (9), then 2027 as plain weekdays: Fri 1 Jan counts (10), 4–8 Jan.
    expect(working("2026-12-20", 15)).toEqual({ day: "2027-01-08", provisional: true });
    expect(calendarDays("2026-12-20", 15)).toEqual({ day: "2027-01-04", provisional: true });
    // Reaching 2027 on a weekend moves on to a plain Monday, still provisional.
    expect(calendarDays("2026-12-17", 16)).toEqual({ day: "2027-01-04", provisional: true });
  });

  it("do not touch due days that stay within 2026", () => {
    expect(working("2026-12-01", 5)).toEqual({ day: "2026-12-08", provisional: false });
    expect(calendarDays("2026-12-10", 15)).toEqual({ day: "2026-12-25", provisional: false });
  });

  it("are listed for the office, once each", () => {
    expect(uncovered(calendar, ["2027-01-04", "2026-12-25", "2027-01-04", "2028-03-01"])).toEqual(["2027-01-04", "2028-03-01"]);
  });

  it("with no calendar at all, every day is a plain weekday and every due day provisional", () => {
    expect(addCounting(plainWeekdays, "2026-02-12", 15, "working")).toEqual({ day: "2026-03-05", provisional: true });
    expect(addCounting(plainWeekdays, "2026-09-16", 15, "calendar")).toEqual({ day: "2026-10-01", provisional: true });
  });
});

/** A small valid file; the tests below break one line at a time. */
const valid = `2026:
  holidays:
    春节: 2026-02-15..2026-02-23
    国庆节: 2026-10-01..2026-10-07
  workdays:
    春节: 2026-02-14, 2026-02-28
    国庆节: [2026-09-20, 2026-10-10]
`;

function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`test setup: "${needle}" not in the text`);
  return text.slice(0, at).split("\n").length;
}

async function errorFor(text: string): Promise<OrgFileError> {
  const path = join(dir, `broken-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(path, text);
  const error = await readCalendarFile(path).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof OrgFileError)) throw new Error(`expected an OrgFileError, got ${String(error)}`);
  return error;
}

describe("the calendar file", () => {
  it("reads ranges, comma lists and YAML lists", () => {
    const file = parseCalendarText(valid, "calendar.yaml");
    expect(file["2026"]!.holidays["春节"]).toHaveLength(9);
    expect(file["2026"]!.workdays).toEqual({ 春节: ["2026-02-14", "2026-02-28"], 国庆节: ["2026-09-20", "2026-10-10"] });
    expect(parseCalendarText("2026:\n  holidays:\n    元旦: 2026-01-01，2026-01-02、2026-01-03\n", "c.yaml")["2026"]!.holidays["元旦"]).toEqual(["2026-01-01", "2026-01-02", "2026-01-03"]);
  });

  it("names the line and field of a date that does not exist or is written otherwise", async () => {
    const text = valid.replace("2026-02-15..2026-02-23", "2026-02-15..2026-02-30");
    const unreal = await errorFor(text);
    expect(unreal.message).toBe(`${unreal.file}:3: 2026.holidays.春节: 2026-02-30 is not a real date`);

    const written = await errorFor(valid.replace("2026-02-14, 2026-02-28", "2026-2-14, 2026-02-28"));
    expect(written.message).toBe(`${written.file}:6: 2026.workdays.春节: "2026-2-14" is not a day (2026-10-01), a range (2026-10-01..2026-10-07) or several separated by commas`);
  });

  it("refuses a day that is both off and worked", async () => {
    const error = await errorFor(valid.replace("[2026-09-20, 2026-10-10]", "[2026-09-20, 2026-10-03]"));
    expect(error.message).toBe(`${error.file}:7: 2026.workdays.国庆节: 2026-10-03 is also listed as a holiday (国庆节); a day is either off or worked`);
  });

  it("refuses a make-up working day that is not a Saturday or Sunday", async () => {
    const error = await errorFor(valid.replace("2026-02-14, 2026-02-28", "2026-02-14, 2026-02-27"));
    expect(error.message).toBe(`${error.file}:6: 2026.workdays.春节: 2026-02-27 is a Friday; a make-up working day (调休上班) is a Saturday or Sunday`);
  });

  it("refuses a day listed under another year", async () => {
    const error = await errorFor(`${valid}2027:\n  holidays:\n    元旦: 2026-12-31..2027-01-02\n`);
    expect(error.message).toBe(`${error.file}:10: 2027.holidays.元旦: 2026-12-31 is not in 2027; list it under 2026`);
  });

  it("refuses a year listed twice, at the second", async () => {
    const text = `${valid}2026:\n  holidays:\n    元旦: 2026-01-01\n`;
    const error = await errorFor(text);
    expect(error.message).toBe(`${error.file}:${lineOf(text, "2026:", 1)}: not valid YAML/JSON: 2026 is listed twice (keys must be unique)`);
  });

  it("names a misspelt key, a year heading with nothing under it, and an empty file", async () => {
    const misspelt = await errorFor(valid.replace("  workdays:", "  workday:"));
    expect(misspelt.message).toBe(`${misspelt.file}:5: 2026.workday: unknown key "workday"`);

    const bare = await errorFor(`${valid}2027:\n`);
    expect(bare.message).toBe(`${bare.file}:8: 2027: must be a mapping (key: value), not empty`);

    const notYear = await errorFor(valid.replace("2026:", "2026年:"));
    expect(notYear.message).toBe(`${notYear.file}:1: 2026年: must be a year written with four digits, like 2026`);

    const empty = await errorFor(calendarFileHeader);
    expect(empty.message).toBe(`${empty.file}:1: the file is empty; list each year (2026:) with its holidays and workdays`);
  });

  it("in the repository is exactly what chinese-days has for 2026", async () => {
    const file = parseCalendarText(await readFile("org/calendar.yaml", "utf8"), "org/calendar.yaml");
    expect(file["2026"]).toEqual(chineseDaysYear(2026));
    expect(chineseDaysYear(2026)!.workdays).toEqual({
      元旦: ["2026-01-04"],
      春节: ["2026-02-14", "2026-02-28"],
      劳动节: ["2026-05-09"],
      国庆节: ["2026-09-20", "2026-10-10"],
    });
  });
});

describe("the calendar a running Minqing counts on", () => {
  function recordingLog() {
    const lines: { level: "info" | "warn"; message: string }[] = [];
    const log: CalendarLog = {
      info: (_details, message) => lines.push({ level: "info", message }),
      warn: (_details, message) => lines.push({ level: "warn", message }),
    };
    return { log, warnings: () => lines.filter((line) => line.level === "warn").map((line) => line.message) };
  }

  /** Saves the file with a later modification time, as an editor would. */
  let savedAt = 1_800_000_000;
  async function save(path: string, text: string): Promise<void> {
    await writeFile(path, text);
    savedAt += 10;
    await utimes(path, savedAt, savedAt);
  }

  it("counts plain weekdays while there is no file, and says so once", async () => {
    const { log, warnings } = recordingLog();
    const source = calendarSource(join(dir, "absent.yaml"), log, { checkEveryMs: 0 });
    expect(await source()).toBe(plainWeekdays);
    expect(await source()).toBe(plainWeekdays);
    expect(warnings()).toEqual([expect.stringContaining(`counting on plain weekdays (Monday to Friday), due dates provisional: ${join(dir, "absent.yaml")}: no such file`)]);
  });

  it("reads the file again after an edit, and keeps the last good calendar after a broken one", async () => {
    const path = join(dir, "calendar.yaml");
    await save(path, valid);
    const { log, warnings } = recordingLog();
    const source = calendarSource(path, log, { checkEveryMs: 0 });
    expect([...(await source()).years]).toEqual([2026]);

    await save(path, `${valid}2027:\n  holidays:\n    元旦: 2027-01-01\n`);
    const withNextYear = await source();
    expect([...withNextYear.years].sort()).toEqual([2026, 2027]);
    expect(isWorkingDay(withNextYear, "2027-01-01")).toBe(false);

    await save(path, `${valid}2027:\n  holidays:\n    元旦: 2027-01-32\n`);
    expect(await source()).toBe(withNextYear);
    expect(await source()).toBe(withNextYear);
    expect(warnings()).toEqual([`working-day calendar not usable, counting on the last good version of the file: ${path}:10: 2027.holidays.元旦: 2027-01-32 is not a real date`]);

    await save(path, `${valid}2027:\n  holidays:\n    元旦: 2027-01-01..2027-01-03\n`);
    expect(isWorkingDay(await source(), "2027-01-03")).toBe(false);
    expect(warnings()).toHaveLength(1);
  });

  it("looks at the file at most once per checkEveryMs", async () => {
    const path = join(dir, "calendar-paced.yaml");
    await save(path, valid);
    let now = 0;
    const source = calendarSource(path, recordingLog().log, { checkEveryMs: 5_000, now: () => now });
    const first = await source();
    await save(path, `${valid}2027:\n  holidays:\n    元旦: 2027-01-01\n`);
    now = 4_000;
    expect(await source()).toBe(first);
    now = 5_000;
    expect((await source()).years.has(2027)).toBe(true);
  });
});

describe("npm run admin -- calendar", () => {
  const year2026 = parseCalendarText(valid, "x.yaml")["2026"]!;
  const known = (year: number): CalendarYear | undefined => (year === 2026 ? year2026 : undefined);

  it("starts a new file with the explaining comment and the year", () => {
    const { text, outcomes } = updateCalendarText(undefined, "c.yaml", [2026], known, { source: "test data" });
    expect(text.startsWith(calendarFileHeader)).toBe(true);
    expect(parseCalendarText(text, "c.yaml")["2026"]).toEqual(year2026);
    expect(outcomes).toEqual([{ year: 2026, outcome: "added", holidays: 16, workdays: 4 }]);
  });

  it("says plainly which year it has no schedule for", () => {
    const { outcomes } = updateCalendarText(undefined, "c.yaml", [2026, 2027], known);
    expect(outcomes.map(({ year, outcome }) => `${year} ${outcome}`)).toEqual(["2026 added", "2027 unknown"]);
  });

  it("leaves a year that agrees as written, keeps an edited one unless told, and keeps years added by hand", () => {
    const handAdded = `# 2027 from the notice, typed in by hand\n2027:\n  holidays:\n    元旦: 2027-01-01\n`;
    const sameDaysOtherLayout = `2026:\n  holidays:\n    春节: 2026-02-15..2026-02-19, 2026-02-20..2026-02-23\n    国庆: 2026-10-01..2026-10-07\n  workdays:\n    春节: [2026-02-14, 2026-02-28, 2026-09-20, 2026-10-10]\n`;
    const agreeing = `${calendarFileHeader}\n${sameDaysOtherLayout}\n${handAdded}`;
    const unchanged = updateCalendarText(agreeing, "c.yaml", [2026], known);
    expect(unchanged.outcomes).toEqual([{ year: 2026, outcome: "unchanged", holidays: 16, workdays: 4 }]);
    expect(unchanged.text).toBe(agreeing);

    const edited = agreeing.replace("2026-02-20..2026-02-23", "2026-02-20..2026-02-24");
    const kept = updateCalendarText(edited, "c.yaml", [2026], known);
    expect(kept.outcomes).toEqual([{ year: 2026, outcome: "differs" }]);
    expect(kept.text).toBe(edited);

    const replaced = updateCalendarText(edited, "c.yaml", [2026], known, { replace: true });
    expect(replaced.outcomes).toEqual([{ year: 2026, outcome: "replaced", holidays: 16, workdays: 4 }]);
    const file = parseCalendarText(replaced.text, "c.yaml");
    expect(file["2026"]).toEqual(year2026);
    expect(file["2027"]).toEqual({ holidays: { 元旦: ["2027-01-01"] }, workdays: {} });
    expect(replaced.text).toContain(handAdded.trimEnd());
  });

  it("puts a new year in order among those there", () => {
    const later = `${calendarFileHeader}\n2027:\n  holidays:\n    元旦: 2027-01-01\n`;
    const { text } = updateCalendarText(later, "c.yaml", [2026], known);
    expect(lineOf(text, "\n2026:")).toBeLessThan(lineOf(text, "\n2027:"));
  });

  it("refuses to work on a broken file", () => {
    expect(() => updateCalendarText("2026:\n  holidays:\n    春节: 2026-02-30\n", "c.yaml", [2026], known)).toThrow("c.yaml:3: 2026.holidays.春节: 2026-02-30 is not a real date");
  });

  it("has no schedule before chinese-days' first year", () => {
    expect(chineseDaysYear(1999)).toBeUndefined();
  });
});

describe("the petition office is warned of a year the calendar lacks", () => {
  const only2026 = { years: new Set([2026]), holidays: new Set<string>(), workdays: new Set<string>() };
  it("once dates can reach into it: within 100 days (60 ahead, and every open due date under the national limits)", () => {
    expect(uncoveredYears(only2026, "2026-09-01")).toEqual([]);
    expect(uncoveredYears(only2026, "2026-10-01")).toEqual([2027]);
    expect(uncoveredYears({ ...only2026, years: new Set([2026, 2027]) }, "2026-12-01")).toEqual([]);
  });
});
