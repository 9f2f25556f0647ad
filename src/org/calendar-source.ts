/**
 * The working-day calendar for a long-running process: read from the calendar file, and read
 * again when the file changes (its modification time, size or inode), so the office's edit —
 * adding next year — counts without a restart.
 *
 * Deadlines must always be computable, so this never fails: when an edit breaks the file, the
 * last good calendar stays in use; when there never was a good one (no file, or broken from the
 * start), every year counts as plain weekdays and every date through it is provisional
 * (src/deadlines/calendar.ts). Either way the problem is logged once per change of the file, with
 * the line to fix, not on every read.
 */
import { stat } from "node:fs/promises";
import { plainWeekdays, type WorkCalendar } from "../deadlines/calendar";
import { parseCalendarText, toWorkCalendar } from "./calendar-file";
import { readOfficeFileText } from "./yaml-file";

/** What the source logs through; a pino logger is one. */
export interface CalendarLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Reads and checks the calendar file once; an OrgFileError names the line of a problem. */
export async function readCalendarFile(path: string): Promise<WorkCalendar> {
  return toWorkCalendar(parseCalendarText(await readOfficeFileText(path), path));
}

export interface CalendarSourceOptions {
  /**
   * How long a calendar is used before the file is looked at again (one `stat`).
   * @defaultValue 5000
   */
  checkEveryMs?: number;
  /** Milliseconds from any fixed start; only differences are used. */
  now?: () => number;
}

/**
 * `const calendar = calendarSource("org/calendar.yaml", log); … await calendar()`.
 * Callers at the same moment share one read.
 */
export function calendarSource(path: string, log: CalendarLog, { checkEveryMs = 5_000, now = () => performance.now() }: CalendarSourceOptions = {}): () => Promise<WorkCalendar> {
  let current: WorkCalendar = plainWeekdays;
  let everGood = false;
  /** The version of the file last read (or the reason it could not be looked at). */
  let seen: string | undefined;
  let checkedAt = 0;
  let checking: Promise<WorkCalendar> | undefined;

  const refresh = async (): Promise<WorkCalendar> => {
    checkedAt = now();
    const version = await fileVersion(path);
    if (version === seen) return current;
    seen = version;
    try {
      current = await readCalendarFile(path);
      everGood = true;
      log.info({ file: path, years: [...current.years].sort() }, "working-day calendar read");
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      const using = everGood ? "the last good version of the file" : "plain weekdays (Monday to Friday), due dates provisional";
      log.warn({ file: path, problem, using }, `working-day calendar not usable, counting on ${using}: ${problem}`);
    }
    return current;
  };

  return () => {
    if (checking) return checking;
    if (seen !== undefined && now() - checkedAt < checkEveryMs) return Promise.resolve(current);
    checking = refresh().finally(() => {
      checking = undefined;
    });
    return checking;
  };
}

/** Changes whenever the file is saved (or replaced, or removed). */
async function fileVersion(path: string): Promise<string> {
  try {
    const { mtimeMs, size, ino } = await stat(path);
    return `${mtimeMs}:${size}:${ino}`;
  } catch (error) {
    return `unreadable:${(error as NodeJS.ErrnoException).code ?? "unknown"}`;
  }
}
