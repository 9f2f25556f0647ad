/**
 * The office's day as the core needs it: its working-day calendar and its hours (due time,
 * working hours, quiet hours), from the settings. The calendar is read from CALENDAR_FILE.
 */
import type { ResolvedConfig } from "../config";
import { plainWeekdays } from "../deadlines/calendar";
import type { OfficeDay } from "../deadlines/promises";

export function officeDayFrom(config: Pick<ResolvedConfig, "DUE_TIME" | "WORKING_HOURS" | "QUIET_HOURS" | "CALENDAR_FILE">): () => Promise<OfficeDay> {
  const day: OfficeDay = { calendar: plainWeekdays, dueTime: config.DUE_TIME, workingHours: config.WORKING_HOURS, quietHours: config.QUIET_HOURS };
  return async () => day;
}
