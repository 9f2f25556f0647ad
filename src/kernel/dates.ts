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
