/**
 * Overdue and due-soon lists (issue 13 item 6) on the real store: open cases past the date that
 * applies (acceptBy while registered, answerBy once accepted) or due within three days, per
 * official, per unit and for the whole office, most late first with their days late; closed cases
 * and those due later left out. Then the same in chat (/overdue, 超期, 逾期) for each kind of
 * official, a citizen turned away, and the admin command's report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overdueReport, overdueScope } from "../../src/admin/overdue";
import { AdminCommandError } from "../../src/admin/unreached";
import type { CaseState } from "../../src/cases/states";
import type { ChannelUser } from "../../src/kernel/channel";
import { dayToDate } from "../../src/kernel/dates";
import { overdueCases } from "../../src/store/overdue-cases";
import { caseworkChat, type CaseworkChat } from "../support/casework-chat";

let chat: CaseworkChat;
let wangFang: ChannelUser; // 王芳, handling official of 青石镇
let liZhiqiang: ChannelUser; // 李志强, head of 青石镇
let linXiaoyan: ChannelUser; // 林晓燕, petition office admin
let heLi: ChannelUser; // 何丽, 县人社局: another unit
const codes: Record<string, string> = {};
// The clock of caseworkChat: 2026-12-02 10:00 in Shanghai.
const today = "2026-12-02";

/** A case of 东坡村 recorded by intake, then moved to the state and dates the test needs. */
async function seed(name: string, state: CaseState, dates: { acceptBy?: string; answerBy?: string }, where: { unitId?: string; officialId?: string; leaderOfficialId?: string; priority?: "urgent" } = {}) {
  const { code } = await chat.newCase({ description: `测试案件${name}：村里的路灯坏了。` });
  await chat.db.petition.update({
    where: { trackingCode: code },
    data: {
      state,
      ...(dates.acceptBy ? { acceptBy: dayToDate(dates.acceptBy) } : {}),
      ...(dates.answerBy ? { answerBy: dayToDate(dates.answerBy) } : {}),
      ...where,
    },
  });
  codes[name] = code;
}

beforeAll(async () => {
  chat = await caseworkChat();
  wangFang = await chat.official("8000000001", "wang-fang");
  liZhiqiang = await chat.official("8000000002", "li-zhiqiang");
  linXiaoyan = await chat.official("8000000003", "lin-xiaoyan");
  heLi = await chat.official("8000000004", "he-li");
  // 王芳's: not accepted 4 days after its date; answer a day late; answer due in 2 days; due in 10 days; closed long ago.
  await seed("notAccepted", "registered", { acceptBy: "2026-11-28" });
  await seed("answerLate", "in_progress", { acceptBy: "2026-11-20", answerBy: "2026-12-01" }, { priority: "urgent" });
  await seed("dueSoon", "accepted", { acceptBy: "2026-11-20", answerBy: "2026-12-04" });
  await seed("dueLater", "accepted", { acceptBy: "2026-11-20", answerBy: "2026-12-12" });
  await seed("closed", "closed", { acceptBy: "2026-11-01", answerBy: "2026-11-20" });
  // 青石镇's other official, due today, held (包案) by 周建国 of the petition office.
  await seed("dueToday", "reopened", { acceptBy: "2026-11-10", answerBy: "2026-12-02" }, { officialId: "zhao-lei", leaderOfficialId: "zhou-jianguo" });
  // 县人社局's, 2 days late to accept.
  await seed("otherUnit", "registered", { acceptBy: "2026-11-30" }, { unitId: "county-hrss", officialId: "he-li" });
});
afterAll(() => chat.close());

const listed = (entries: { trackingCode: string; daysLate: number }[]) => entries.map((e) => [e.trackingCode, e.daysLate]);

describe("the overdue lists in the store", () => {
  it("lists an official's late and due-soon cases, most late first, with the date that applies", async () => {
    const mine = await overdueCases(chat.db, { scope: { officialId: "wang-fang" }, today });
    expect(listed(mine)).toEqual([
      [codes.notAccepted, 4],
      [codes.answerLate, 1],
      [codes.dueSoon, -2],
    ]);
    expect(mine[0]).toMatchObject({ state: "registered", date: "acceptBy", dueBy: "2026-11-28", unitId: "qingshi-gov", officialId: "wang-fang", priority: "normal" });
    expect(mine[1]).toMatchObject({ state: "in_progress", date: "answerBy", dueBy: "2026-12-01", priority: "urgent" });
  });

  it("lists a unit's, the petition office's all, and a 包案 leader's those they hold", async () => {
    expect(listed(await overdueCases(chat.db, { scope: { unitId: "qingshi-gov" }, today }))).toEqual([
      [codes.notAccepted, 4],
      [codes.answerLate, 1],
      [codes.dueToday, 0],
      [codes.dueSoon, -2],
    ]);
    expect(listed(await overdueCases(chat.db, { scope: { all: true }, today }))).toEqual([
      [codes.notAccepted, 4],
      [codes.otherUnit, 2],
      [codes.answerLate, 1],
      [codes.dueToday, 0],
      [codes.dueSoon, -2],
    ]);
    expect(listed(await overdueCases(chat.db, { scope: { officialId: "zhou-jianguo" }, today }))).toEqual([[codes.dueToday, 0]]);
    expect(listed(await overdueCases(chat.db, { scope: { officialId: "he-li" }, today }))).toEqual([[codes.otherUnit, 2]]);
  });
});

describe("/overdue in chat", () => {
  it("shows a handling official their own, never another unit's", async () => {
    const text = await chat.say(wangFang, "/overdue");
    expect(text).toContain("您手上超期和即将到期的案件（今天 2026-12-02）：超期 2 件，3 天内到期 1 件。");
    expect(text).toContain(`${codes.notAccepted}｜青石镇人民政府｜承办人 王芳｜已登记，待受理｜受理期限 2026-11-28｜超期 4 天｜一般`);
    expect(text).toContain(`${codes.answerLate}｜青石镇人民政府｜承办人 王芳`);
    expect(text).toContain("超期 1 天｜紧急");
    expect(text).toContain(`${codes.dueSoon}｜`);
    expect(text).toContain("2 天后到期");
    expect(text).toContain(`[${codes.notAccepted}|/case ${codes.notAccepted}]`);
    for (const left of [codes.dueLater, codes.closed, codes.otherUnit, codes.dueToday]) expect(text).not.toContain(left!);
    // Most late first.
    expect(text.indexOf(codes.notAccepted!)).toBeLessThan(text.indexOf(codes.answerLate!));

    const other = await chat.say(heLi, "逾期");
    expect(other).toContain(codes.otherUnit);
    for (const left of [codes.notAccepted, codes.answerLate, codes.dueSoon, codes.dueToday]) expect(other).not.toContain(left!);
  });

  it("shows a unit head the unit's, and the petition office a count per unit, then every case", async () => {
    const unit = await chat.say(liZhiqiang, "超期");
    expect(unit).toContain("青石镇人民政府超期和即将到期的案件（今天 2026-12-02）：超期 2 件，3 天内到期 2 件。");
    expect(unit).toContain(`${codes.dueToday}｜青石镇人民政府｜承办人 赵磊｜`);
    expect(unit).toContain("今天到期");
    expect(unit).not.toContain(codes.otherUnit);

    const all = await chat.say(linXiaoyan, "/overdue");
    expect(all).toContain("全部超期和即将到期的案件（今天 2026-12-02）：超期 3 件，3 天内到期 2 件。");
    expect(all).toContain("各单位：\n青石镇人民政府：超期 2 件，即将到期 2 件\n青山县人力资源和社会保障局：超期 1 件，即将到期 0 件\n超期最久的在前：");
    expect(all).toContain(`${codes.otherUnit}｜青山县人力资源和社会保障局｜承办人 何丽｜已登记，待受理｜受理期限 2026-11-30｜超期 2 天`);
    // Each look is on record.
    const looks = await chat.db.auditLog.findMany({ where: { action: "overdue_list" }, select: { actorId: true, detail: true } });
    expect(looks).toContainEqual({ actorId: "lin-xiaoyan", detail: "all: 5 cases" });
  });

  it("is not for a citizen", async () => {
    expect(await chat.say(chat.account("7100000001"), "/overdue")).toContain("不认识这个命令");
  });

  it("is listed in officials' help", async () => {
    expect(await chat.say(wangFang, "/help")).toContain("/overdue 超期和即将到期的案件");
  });
});

describe("npm run admin -- overdue", () => {
  it("reports all, one unit or one official's cases, with a count per unit", async () => {
    const clock = chat.clock;
    const all = await overdueReport(chat.db, clock, "Asia/Shanghai", overdueScope([]));
    expect(all.today).toBe(today);
    expect(all.units).toEqual([
      { unit: "青石镇人民政府 (qingshi-gov)", overdue: 2, soon: 2 },
      { unit: "青山县人力资源和社会保障局 (county-hrss)", overdue: 1, soon: 0 },
    ]);
    expect(all.rows[0]).toEqual({ code: codes.notAccepted, state: "registered", unit: "青石镇人民政府", official: "王芳 (wang-fang)", date: "acceptBy", due: "2026-11-28", daysLate: "4", priority: "normal" });
    const unit = await overdueReport(chat.db, clock, "Asia/Shanghai", overdueScope(["--unit", "county-hrss"]));
    expect(unit.rows.map((r) => r.code)).toEqual([codes.otherUnit]);
    const official = await overdueReport(chat.db, clock, "Asia/Shanghai", overdueScope(["--official", "wang-fang"]));
    expect(official.rows.map((r) => [r.code, r.daysLate])).toEqual([
      [codes.notAccepted, "4"],
      [codes.answerLate, "1"],
      [codes.dueSoon, "-2"],
    ]);
    expect(() => overdueScope(["--unit"])).toThrow(AdminCommandError);
    await expect(overdueReport(chat.db, clock, "Asia/Shanghai", { unitId: "nowhere" })).rejects.toThrow(/unknown unit/);
  });
});
