/**
 * `npm run admin -- calendar [--replace] [--file org/calendar.yaml] 2026 [2027 …]`: writes those
 * years' public holidays and make-up working days (调休上班) into the calendar file, from the
 * `chinese-days` package, which follows the State Council's notices.
 *
 * The file is the office's, edited by hand: a year already there is left exactly as written when
 * it agrees with chinese-days (names and layout included), kept when it differs (an edit, or a
 * correction chinese-days lacks) unless --replace says otherwise, and years not asked for stay.
 * A year chinese-days does not know yet (next year's schedule comes out late in the year) is said
 * plainly, and the clerk adds it by hand from the notice.
 *
 * chinese-days is read through its per-year JSON files (dist/years/YYYY.json, which its README
 * offers as the data for other languages), not its functions: those parse "YYYY-MM-DD" as UTC and
 * format in local time, so west of UTC they answer for the day before.
 */
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { z } from "zod";
import { formatDays, parseCalendarText, type CalendarYear } from "../org/calendar-file";
import { OrgFileError } from "../org/yaml-file";

export const defaultCalendarFile = "org/calendar.yaml";

/** The comment a new calendar file starts with: what it is, and how to add next year. */
export const calendarFileHeader = `# 工作日历 — the petition office's working-day calendar: public holidays (法定节假日) and the
# weekend days worked instead (调休上班), as the State Council's notice gives them each year.
#
# Deadlines counted in working days skip Saturdays, Sundays and the holidays below, and count the
# workdays below. A deadline counted in calendar days that ends on a day off ends on the next
# working day. A year not listed here counts as plain weekdays (Monday to Friday): due dates that
# depend on it are marked provisional, and the petition office is warned while an open due date or
# the next 60 days fall in such a year. Intake never stops for it.
#
# Next year's schedule is published late in the year (国务院办公厅关于XXXX年部分节假日安排的通知).
# Add the year then, either with
#   npm run admin -- calendar 2027           (from the chinese-days package, once it has the year;
#                                             --replace overwrites a year edited here)
# or by hand, one line per holiday of the notice. For example, the notice's
#   春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
# is written
#   2026:
#     holidays:                         放假: every day off, the weekend days inside included
#       春节: 2026-02-15..2026-02-23
#     workdays:                         上班: the Saturdays and Sundays worked
#       春节: 2026-02-14, 2026-02-28
#
# Days are written YYYY-MM-DD; a value is one day, a range from..to (both days included), or
# several separated by commas. Each day goes under its own year. Minqing re-reads this file when
# it changes; if an edit breaks it, the last good version stays in use and the log names the line.
`;

const require = createRequire(import.meta.url);

/** The version of chinese-days installed, for the file's comments and the command's words. */
export function chineseDaysVersion(): string {
  return z.object({ version: z.string() }).parse(require("chinese-days/package.json")).version;
}

// "Spring Festival,春节,4": English name, Chinese name, and a number of chinese-days' own.
const yearData = z.object({ holidays: z.record(z.string(), z.string()), workdays: z.record(z.string(), z.string()) });

/** One year as chinese-days has it, by Chinese holiday name in date order; undefined if it has no data for it. */
export function chineseDaysYear(year: number): CalendarYear | undefined {
  let data: unknown;
  try {
    data = require(`chinese-days/dist/years/${year}.json`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  const { holidays, workdays } = yearData.parse(data);
  if (Object.keys(holidays).length === 0) return undefined;
  return { holidays: byName(holidays), workdays: byName(workdays) };
}

function byName(days: Record<string, string>): Record<string, string[]> {
  const named: Record<string, string[]> = {};
  for (const day of Object.keys(days).sort()) (named[holidayName(days[day]!)] ??= []).push(day);
  return named;
}

/** The name as the State Council's notice writes it: chinese-days has 清明, 端午, 中秋 for 清明节 …. */
function holidayName(label: string): string {
  const zh = label.split(",")[1]?.trim() || label.trim();
  return zh.endsWith("节") || zh === "元旦" ? zh : `${zh}节`;
}

export type YearOutcome =
  | { year: number; outcome: "added" | "replaced" | "unchanged"; holidays: number; workdays: number }
  | { year: number; outcome: "differs" | "unknown" };

/**
 * The calendar file's new text with `years` written from `known`, and what happened to each.
 * `existing` is the file's current text (undefined: no file yet); it must be a valid calendar
 * file (an OrgFileError otherwise: fix it first). Years are written in order, each block with
 * the comment lines directly above it; everything else is kept as it is.
 */
export function updateCalendarText(
  existing: string | undefined,
  file: string,
  years: number[],
  known: (year: number) => CalendarYear | undefined,
  { replace = false, source = "chinese-days" }: { replace?: boolean; source?: string } = {},
): { text: string; outcomes: YearOutcome[] } {
  const listed = existing === undefined || existing.trim() === "" ? {} : parseCalendarText(existing, file);
  const { header, blocks } = splitYears(existing?.trim() ? existing : calendarFileHeader, file);
  const outcomes: YearOutcome[] = [];
  for (const year of [...new Set(years)].sort()) {
    const wanted = known(year);
    if (!wanted) {
      outcomes.push({ year, outcome: "unknown" });
      continue;
    }
    const counts = { holidays: countDays(wanted.holidays), workdays: countDays(wanted.workdays) };
    const present = listed[String(year)];
    if (present && sameDays(present, wanted)) {
      outcomes.push({ year, outcome: "unchanged", ...counts });
      continue;
    }
    if (present && !replace) {
      outcomes.push({ year, outcome: "differs" });
      continue;
    }
    blocks.set(year, yearBlock(year, wanted, source));
    outcomes.push({ year, outcome: present ? "replaced" : "added", ...counts });
  }
  const body = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
  const text = `${[header.trimEnd(), ...body].filter((part) => part !== "").join("\n\n")}\n`;
  parseCalendarText(text, file); // what we write must read back: a slip here is ours, not the clerk's
  return { text, outcomes };
}

/**
 * The text before the first year, and each year's block: from the comment lines directly above
 * its `2026:` line to the line before the next block, blank lines at its end left out.
 */
function splitYears(text: string, file: string): { header: string; blocks: Map<number, string> } {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const starts: { line: number; year: number }[] = [];
  lines.forEach((line, at) => {
    const match = /^(?:"(\d{4})"|'(\d{4})'|(\d{4}))\s*:/.exec(line);
    if (match) starts.push({ line: at, year: Number(match[1] ?? match[2] ?? match[3]) });
  });
  const otherTopLevel = lines.findIndex((line) => /^[^\s#-]/.test(line) && !/^["']?\d{4}["']?\s*:/.test(line));
  if (otherTopLevel >= 0) {
    throw new OrgFileError(file, otherTopLevel + 1, "", "cannot add years to this file: write each year at the start of a line, as 2026: (block YAML)");
  }
  const blockStarts = starts.map(({ line }) => {
    let start = line;
    while (start > 0 && /^\s*#/.test(lines[start - 1]!)) start--;
    return start;
  });
  const header = lines.slice(0, blockStarts[0] ?? lines.length).join("\n");
  const blocks = new Map<number, string>();
  starts.forEach(({ year }, i) => {
    const block = lines.slice(blockStarts[i], blockStarts[i + 1] ?? lines.length).join("\n");
    blocks.set(year, block.trimEnd());
  });
  return { header, blocks };
}

function yearBlock(year: number, days: CalendarYear, source: string): string {
  const section = (title: string, comment: string, named: Record<string, string[]>) => {
    const entries = Object.entries(named);
    if (entries.length === 0) return [];
    return [`  ${title}:${comment}`, ...entries.map(([name, list]) => `    ${yamlKey(name)}: ${formatDays(list)}`)];
  };
  return [
    `# ${year}: from ${source}; check it against the State Council's notice for ${year}.`,
    `${year}:`,
    ...section("holidays", "      # 放假", days.holidays),
    ...section("workdays", "      # 调休上班", days.workdays),
  ].join("\n");
}

/** A holiday's name as a YAML key: plain when it is only letters, quoted otherwise. */
function yamlKey(name: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N}、·]*$/u.test(name) ? name : JSON.stringify(name);
}

function countDays(named: Record<string, string[]>): number {
  return new Set(Object.values(named).flat()).size;
}

/** The same days off and days worked, whatever the names and the way they are written. */
function sameDays(a: CalendarYear, b: CalendarYear): boolean {
  const all = (named: Record<string, string[]>) => formatDays(Object.values(named).flat());
  return all(a.holidays) === all(b.holidays) && all(a.workdays) === all(b.workdays);
}

export const calendarUsage = `calendar [--replace] [--file ${defaultCalendarFile}] <year> [<year> …]
                           write the years' public holidays and make-up working days
                           (调休上班) into the calendar file, from the chinese-days package;
                           years edited in the file are kept unless --replace`;

/**
 * The command: reads the file (if any), writes it back when something changed, prints one line
 * per year. Exit codes: 0 every year written or already right, 1 a year left out (unknown to
 * chinese-days, or edited by hand without --replace) or a bad file, 2 wrong usage.
 */
export async function calendarCommand(args: string[], { print, complain }: { print: (line: string) => void; complain: (text: string) => void }): Promise<number> {
  let file = defaultCalendarFile;
  let replace = false;
  const years: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--replace") replace = true;
    else if (arg === "--file" && args[i + 1]) file = args[++i]!;
    else if (/^\d{4}$/.test(arg)) years.push(Number(arg));
    else return usageError(`not a year or option: ${arg}`, complain);
  }
  if (years.length === 0) return usageError("which years? e.g.  npm run admin -- calendar 2026", complain);
  if (!/\.ya?ml$/i.test(file)) throw new OrgFileError(file, null, "", "the calendar file this command writes is YAML (.yaml or .yml)");

  const existing = await readIfThere(file);
  const version = chineseDaysVersion();
  const source = `chinese-days ${version}`;
  const { text, outcomes } = updateCalendarText(existing, file, years, chineseDaysYear, { replace, source });
  const changed = outcomes.some(({ outcome }) => outcome === "added" || outcome === "replaced");
  if (changed) await writeFile(file, text, "utf8");

  print(changed ? `wrote ${file}:` : `${file}: nothing changed`);
  for (const result of outcomes) print(`  ${result.year}  ${describeOutcome(result, source)}`);
  return outcomes.some(({ outcome }) => outcome === "differs" || outcome === "unknown") ? 1 : 0;
}

function describeOutcome(result: YearOutcome, source: string): string {
  switch (result.outcome) {
    case "added":
    case "replaced":
      return `${result.outcome} from ${source}: ${result.holidays} days off, ${result.workdays} make-up working days`;
    case "unchanged":
      return `already as ${source} has it`;
    case "differs":
      return `differs from ${source} (edited in the file?): kept as it is; run with --replace to overwrite it`;
    case "unknown":
      return `${source} has no schedule for ${result.year} yet (the State Council publishes it late in the year before): add it by hand from the notice, or update chinese-days and run this again`;
  }
}

function usageError(problem: string, complain: (text: string) => void): number {
  complain(`${problem}\n\nusage: npm run admin -- ${calendarUsage}`);
  return 2;
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new OrgFileError(file, null, "", `cannot be read (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
}
