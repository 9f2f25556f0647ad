/**
 * Calendar days in the office's time zone (Asia/Shanghai by default). Deadlines are days there,
 * not UTC midnights. Days are "YYYY-MM-DD" strings; arithmetic on them is time-zone free.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dayInZone(at: Date, timeZone: string): string {
  // Building a formatter costs about a millisecond; keep one per zone. en-CA formats as YYYY-MM-DD.
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(at);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A day as the Date that PostgreSQL `date` columns take (UTC midnight of that day). */
export function dayToDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function dateToDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD ("2027-02-30" is not one). */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = dayToDate(text);
  return !Number.isNaN(date.getTime()) && dateToDay(date) === text;
}

/** "HH:MM" on the 24-hour clock. */
export function isClockTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a wall clock in `timeZone` shows `time` ("18:00") on `day`. */
export function instantAt(day: string, time: string, timeZone: string): Date {
  const wall = new Date(`${day}T${time}:00Z`).getTime();
  // Asia/Shanghai has no daylight saving; the second pass settles zones that do.
  let at = wall - zoneOffsetMs(new Date(wall), timeZone);
  at = wall - zoneOffsetMs(new Date(at), timeZone);
  return new Date(at);
}

/** The wall-clock time ("HH:MM") in `timeZone` at `at`. */
export function clockTimeInZone(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  return shifted.toISOString().slice(11, 16);
}
