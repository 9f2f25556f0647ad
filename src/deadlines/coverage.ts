/**
 * Whether the working-day calendar covers what is coming: the next 60 days, and every open due
 * date — which the national limits keep within 100 days of today (60 to answer after up to 15 to
 * accept, plus at most a 30-day extension, counted from dates already past). A year not covered
 * counts as plain weekdays and its dates are provisional; the petition office is told once per
 * year missing, so that someone adds it to the calendar file before it matters.
 */
import { addDays } from "../kernel/dates";
import { covers, type WorkCalendar } from "./calendar";

/** Days ahead within which every open due date falls. */
export const coverageHorizonDays = 100;

/** The years from `today` to the horizon that the calendar does not cover, ascending. */
export function uncoveredYears(calendar: WorkCalendar, today: string, horizonDays = coverageHorizonDays): number[] {
  const last = addDays(today, horizonDays);
  const years: number[] = [];
  for (let year = Number(today.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
    if (!covers(calendar, `${year}-01-01`)) years.push(year);
  }
  return years;
}
