/**
 * Dates as people type them in chat, read as days in the office's time zone: "2026-12-20",
 * "2026年12月20日", "12月20日", "12/20", "20号", and lengths of time, "延长10天", "10天", "十五天",
 * "10 days". A month and day without a year is the nearest such day to today, so "1月5日" typed in
 * December is next January and "11月30日" typed on 2 December is two days ago — which the caller
 * refuses as past rather than reading it as a year ahead. A day of the month alone ("20号") is the
 * coming one, as people say it. Anything else, and days that do not exist ("2月30日"), is not a
 * date: the caller asks again.
 */
import { isDay } from "./dates";

/** A day (YYYY-MM-DD), or a number of days from a day the caller knows (the current deadline). */
export type WrittenDate = { day: string } | { days: number };

const chineseDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "10", "十", "十五", "二十", "三十一" → the number; undefined for anything else. */
function readNumber(text: string): number | undefined {
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === "") return undefined;
  const [, tens, ten, units] = match;
  if (!ten) return tens && !units ? chineseDigits[tens] : undefined;
  return (tens ? chineseDigits[tens]! : 1) * 10 + (units ? chineseDigits[units]! : 0);
}

const pad = (n: number) => String(n).padStart(2, "0");
const day = (year: number, month: number, date: number) => `${year}-${pad(month)}-${pad(date)}`;
const distance = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b));

/** The real day among the candidates nearest to today (the earlier one on a tie). */
function nearest(candidates: string[], today: string): string | undefined {
  const real = candidates.filter(isDay);
  return real.sort((a, b) => distance(a, today) - distance(b, today) || a.localeCompare(b))[0];
}

export function readWrittenDate(written: string, today: string): WrittenDate | undefined {
  const text = written.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ").replace(/[。.!！]$/, "");
  const relative = /^(?:再|再多|多)?(?:延长|延期|推迟|顺延|宽限|extend(?: by)?|\+)? ?(\d{1,3}|[零〇一二两三四五六七八九十]{1,3}) ?(?:天|days?)$/.exec(text);
  if (relative) {
    const days = readNumber(relative[1]!);
    return days !== undefined && days > 0 ? { days } : undefined;
  }
  // "延长10日": with a word of extending, 日 counts days too.
  const relativeDays = /^(?:再)?(?:延长|延期|推迟|顺延) ?(\d{1,3}|[一二两三四五六七八九十]{1,3}) ?日$/.exec(text);
  if (relativeDays) {
    const days = readNumber(relativeDays[1]!);
    return days !== undefined && days > 0 ? { days } : undefined;
  }
  const [year, month] = today.split("-").map(Number) as [number, number];
  const full = /^(\d{4}) ?(?:[-/.]|年) ?(\d{1,2}) ?(?:[-/.]|月) ?(\d{1,2}) ?(?:日|号)?$/.exec(text);
  if (full) {
    const found = day(Number(full[1]), Number(full[2]), Number(full[3]));
    return isDay(found) ? { day: found } : undefined;
  }
  const monthDay = /^(\d{1,2}) ?(?:[-/.]|月) ?(\d{1,2}) ?(?:日|号)?$/.exec(text);
  if (monthDay) {
    const m = Number(monthDay[1]);
    const d = Number(monthDay[2]);
    const found = nearest([day(year - 1, m, d), day(year, m, d), day(year + 1, m, d)], today);
    return found ? { day: found } : undefined;
  }
  const dayOnly = /^(\d{1,2}|[一二三四五六七八九十]{1,3}) ?(?:号|日)$/.exec(text);
  if (dayOnly) {
    const d = readNumber(dayOnly[1]!);
    if (d === undefined || d < 1 || d > 31) return undefined;
    // The coming one: this month's unless it is gone, else next month's (31 November does not exist).
    const found = [0, 1, 2]
      .map((offset) => {
        const first = new Date(Date.UTC(year, month - 1 + offset, 1));
        return day(first.getUTCFullYear(), first.getUTCMonth() + 1, d);
      })
      .find((candidate) => isDay(candidate) && candidate >= today);
    return found ? { day: found } : undefined;
  }
  return undefined;
}
