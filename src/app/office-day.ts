/**
 * The office's day as the core needs it: its working-day calendar (CALENDAR_FILE, re-read when the
 * office edits it) and its hours (due time, working hours, quiet hours) from the settings.
 */
import type { ResolvedConfig } from "../config";
import type { OfficeDay } from "../deadlines/promises";
import { calendarSource, type CalendarLog } from "../org/calendar-source";

export type OfficeSettings = Pick<ResolvedConfig, "DUE_TIME" | "WORKING_HOURS" | "QUIET_HOURS" | "CALENDAR_FILE">;

export function officeDayFrom(config: OfficeSettings, log: CalendarLog): () => Promise<OfficeDay> {
  const calendar = calendarSource(config.CALENDAR_FILE, log);
  return async () => ({ calendar: await calendar(), dueTime: config.DUE_TIME, workingHours: config.WORKING_HOURS, quietHours: config.QUIET_HOURS });
}
