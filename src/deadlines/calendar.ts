/**
 * The office's working-day calendar: China's public holidays and the weekend days worked instead
 * (调休), as the State Council publishes them each year. A year the calendar does not list is
 * counted as plain weekdays (Monday to Friday), and a date reached through such a day is
 * provisional: next year's schedule is published late in the year, and the office adds it.
 */
import { addDays, dayToDate } from "../kernel/dates";

export interface WorkCalendar {
  /** Years whose holidays and make-up working days are listed. */
  years: ReadonlySet<number>;
  /** Days off (放假): the public holidays and the days given off with them; weekend days inside them may be listed too. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are worked (调休上班). */
  workdays: ReadonlySet<string>;
}

/** Whether a deadline counts every day or only working days. */
export type Counting = "calendar" | "working";

/** No year listed: every date reached through it is provisional. */
export const plainWeekdays: WorkCalendar = { years: new Set(), holidays: new Set(), workdays: new Set() };

export function covers(calendar: WorkCalendar, day: string): boolean {
  return calendar.years.has(Number(day.slice(0, 4)));
}

export function isWorkingDay(calendar: WorkCalendar, day: string): boolean {
  if (calendar.holidays.has(day)) return false;
  if (calendar.workdays.has(day)) return true;
  const weekday = dayToDate(day).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** A due day, and whether it rests on days the calendar does not list. */
export interface CountedDay {
  day: string;
  provisional: boolean;
}

/**
 * `days` days after `from` (which is not counted). Counting working days, the n-th working day
 * after it; counting calendar days, from + n — and when that day is not a working day, the next
 * working day, since a period ending on a day the office is closed ends on its next open day
 * (as in Chinese procedural law: 期间届满的最后一日是节假日的，以节假日后的第一日为期间届满的日期).
 */
export function addCounting(calendar: WorkCalendar, from: string, days: number, counting: Counting): CountedDay {
  let provisional = false;
  let day = from;
  const step = () => {
    day = addDays(day, 1);
    if (!covers(calendar, day)) provisional = true;
  };
  if (counting === "working") {
    for (let left = days; left > 0; ) {
      step();
      if (isWorkingDay(calendar, day)) left--;
    }
  } else {
    day = addDays(from, days);
    if (!covers(calendar, day)) provisional = true;
    while (!isWorkingDay(calendar, day)) step();
  }
  return { day, provisional };
}

/** Days (of those given) the calendar does not list: the office must add their year. */
export function uncovered(calendar: WorkCalendar, days: Iterable<string>): string[] {
  return [...new Set([...days].filter((day) => !covers(calendar, day)))].sort();
}
