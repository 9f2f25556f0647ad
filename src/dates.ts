/**
 * Calendar days in the office's time zone (Asia/Shanghai by default). Deadlines are days there,
 * not UTC midnights. Days are "YYYY-MM-DD" strings; arithmetic on them is time-zone free.
 */
export function dayInZone(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
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
