/**
 * Dates as officials type them when asking for an extension, read on a given day in the office's
 * zone (today is 2026-12-02 unless said otherwise).
 */
import { describe, expect, it } from "vitest";
import { readWrittenDate } from "../../src/kernel/written-dates";

const today = "2026-12-02";
const read = (text: string, on = today) => readWrittenDate(text, on);

describe("dates as people write them", () => {
  it("reads full dates in the usual ways", () => {
    for (const text of ["2026-12-20", "2026/12/20", "2026.12.20", "2026年12月20日", "2026年12月20号", "２０２６－１２－２０", " 2026-12-20。"]) expect(read(text), text).toEqual({ day: "2026-12-20" });
  });

  it("reads a month and day as the nearest such day: next January from December, a day just gone as past", () => {
    for (const text of ["12月20日", "12月20号", "12月20", "12/20", "12-20", "１２月２０日"]) expect(read(text), text).toEqual({ day: "2026-12-20" });
    expect(read("1月5日")).toEqual({ day: "2027-01-05" });
    expect(read("1/15")).toEqual({ day: "2027-01-15" });
    // Two days ago, not a year ahead: the caller refuses it as past.
    expect(read("11月30日")).toEqual({ day: "2026-11-30" });
  });

  it("reads a day of the month alone as the coming one", () => {
    expect(read("20号")).toEqual({ day: "2026-12-20" });
    expect(read("20日")).toEqual({ day: "2026-12-20" });
    expect(read("二十号")).toEqual({ day: "2026-12-20" });
    expect(read("2号")).toEqual({ day: "2026-12-02" });
    expect(read("1号")).toEqual({ day: "2027-01-01" });
    expect(read("20号", "2026-12-25")).toEqual({ day: "2027-01-20" });
    // November has no 31st: the coming 31st is in December.
    expect(read("31号", "2026-11-20")).toEqual({ day: "2026-12-31" });
  });

  it("reads lengths of time as days to add, in digits or Chinese numerals", () => {
    expect(read("延长10天")).toEqual({ days: 10 });
    expect(read("10天")).toEqual({ days: 10 });
    expect(read("延期 15 天")).toEqual({ days: 15 });
    expect(read("再延长二十天")).toEqual({ days: 20 });
    expect(read("十天")).toEqual({ days: 10 });
    expect(read("十五天")).toEqual({ days: 15 });
    expect(read("三十天")).toEqual({ days: 30 });
    expect(read("延长10日")).toEqual({ days: 10 });
    expect(read("10 days")).toEqual({ days: 10 });
    expect(read("extend by 7 days")).toEqual({ days: 7 });
  });

  it("reads nothing that is not a date, or a day that does not exist", () => {
    for (const text of ["明天", "下个月", "尽快", "2月30日", "2027-02-29", "13月1日", "32号", "0天", "0号", "", "12月", "MQ2345ABCD", "2026-12-20 和 12月25日"]) expect(read(text), text).toBeUndefined();
  });
});
