/**
 * Moments in the office's working day: the start of its working hours on a day, working days
 * counted back and forth, and a number of working hours counted only inside the working hours of
 * working days (an assignment made on Friday night starts waiting on Monday morning).
 */
import { addDays, clockTimeInZone, dayInZone, instantAt } from "../kernel/dates";
import { addCounting, isWorkingDay } from "./calendar";
import type { OfficeDay } from "./promises";

const hourMs = 60 * 60 * 1000;
/** A calendar with no working day would loop for ever; no real count of hours goes this far. */
const searchDays = 800;

/** The moment working hours start on `day`. */
export function workStart(office: OfficeDay, day: string, timeZone: string): Date {
  return instantAt(day, office.workingHours.from, timeZone);
}

/** `day` itself when it is a working day, otherwise the working day before it. */
export function workingDayOnOrBefore(office: OfficeDay, day: string): string {
  let current = day;
  for (let i = 0; i < searchDays && !isWorkingDay(office.calendar, current); i++) current = addDays(current, -1);
  return current;
}

/** The n-th working day before `day` (which is not counted). */
export function workingDaysBefore(office: OfficeDay, day: string, n: number): string {
  let current = day;
  for (let left = n, i = 0; left > 0 && i < searchDays; i++) {
    current = addDays(current, -1);
    if (isWorkingDay(office.calendar, current)) left--;
  }
  return current;
}

/** The n-th working day after `day` (which is not counted). */
export function workingDaysAfter(office: OfficeDay, day: string, n: number): string {
  return addCounting(office.calendar, day, n, "working").day;
}

/** The moment `hours` working hours have passed since `from`, counting only working hours of working days. */
export function afterWorkingHours(office: OfficeDay, from: Date, hours: number, timeZone: string): Date {
  let left = hours * hourMs;
  let day = dayInZone(from, timeZone);
  for (let i = 0; i < searchDays; i++, day = addDays(day, 1)) {
    if (!isWorkingDay(office.calendar, day)) continue;
    const opens = workStart(office, day, timeZone).getTime();
    const closes = instantAt(day, office.workingHours.to, timeZone).getTime();
    const start = Math.max(opens, from.getTime());
    if (start >= closes) continue;
    if (left <= closes - start) return new Date(start + left);
    left -= closes - start;
  }
  return new Date(from.getTime() + hours * hourMs);
}

/** `at` itself when it falls inside working hours of a working day, else the next time working hours start. */
export function withinWorkingHours(office: OfficeDay, at: Date, timeZone: string): Date {
  let day = dayInZone(at, timeZone);
  for (let i = 0; i < searchDays; i++, day = addDays(day, 1)) {
    if (!isWorkingDay(office.calendar, day)) continue;
    const opens = workStart(office, day, timeZone);
    const closes = instantAt(day, office.workingHours.to, timeZone);
    if (at < closes) return at < opens ? opens : at;
  }
  return at;
}

/**
 * `at` itself when it is outside the quiet hours (every day, working or not: people sleep on
 * Sundays too), else the moment they end. The window may pass midnight (21:00–08:00); an empty
 * one (QUIET_HOURS=none, 00:00–00:00) holds nothing.
 */
export function outsideQuietHours(office: OfficeDay, at: Date, timeZone: string): Date {
  const { from, to } = office.quietHours;
  const today = dayInZone(at, timeZone);
  const clock = clockTimeInZone(at, timeZone);
  const overnight = from > to;
  const quiet = overnight ? clock >= from || clock < to : clock >= from && clock < to;
  if (!quiet) return at;
  // Past midnight the window ends today; before midnight (or a window within one day) it ends today or tomorrow.
  const endDay = overnight && clock >= from ? addDays(today, 1) : today;
  return instantAt(endDay, to, timeZone);
}
