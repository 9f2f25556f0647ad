/**
 * Who hears of a case nobody in its chain can be told about, of a reassignment, and of a case
 * recorded at a visit: the policy's notices, their de-duplication keys and how they read.
 */
import { describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/case";
import type { CaseEvent } from "../../src/cases/events";
import { noticeDedupKey } from "../../src/kernel/notices";
import { noticesFor } from "../../src/notices/policy";
import { presentNotice, renderNotice } from "../../src/notices/render";
import { orgFixture } from "../support/org-fixture";
import { registeredCase } from "../support/handling";

const org = orgFixture();
const at = new Date("2026-11-23T02:00:00Z");
const assigned = (seq: number, officialId: string | null, unitId = "dp-gov"): CaseEvent => ({ seq, type: "case.assigned", at, actor: { kind: "system" }, fromState: "registered", toState: "registered", visibility: "internal", unitId, officialId, payload: {} });
const reassigned = (seq: number, officialId: string, unitId: string): CaseEvent => ({ ...assigned(seq, officialId, unitId), type: "case.reassigned", payload: { via: "admin-cli" } });
const registered: CaseEvent = { seq: 2, type: "case.registered", at, actor: { kind: "system" }, fromState: "submitted", toState: "registered", visibility: "petitioner", payload: {} };

describe("a case nobody in its chain can be told about", () => {
  it("is told to the petition office as such, once for the case, while the unit head's copy stays as it was", () => {
    const notices = noticesFor([assigned(3, "li")], registeredCase(), { org, reachableOfficials: new Set(["zhang"]) });
    expect(notices.map((n) => [n.recipient, n.message.key, n.oncePerCase ?? false])).toEqual([
      [{ role: "petition_office", officialId: "zhang" }, "notice_unreached_case", true],
      [{ role: "unit_head", officialId: "wang" }, "notice_unbound_official", false],
    ]);
    // Once for the case: the key names no event, so a later event's copy is the same row.
    const office = notices[0]!;
    expect(noticeDedupKey("case-1", office)).toBe("case-1#once/official:zhang/unreached");
    expect(noticeDedupKey("case-1", { ...office, eventSeq: 9 })).toBe(noticeDedupKey("case-1", office));
    expect(office.message.params).toEqual({ code: "MQ23456789", categoryId: "land", areaId: "dp-lj", unitId: "dp-gov", officialId: "li" });
  });

  it("is not: the unit head can be told, so the office hears the ordinary 'official not bound' notice", () => {
    const notices = noticesFor([assigned(3, "li")], registeredCase(), { org, reachableOfficials: new Set(["wang"]) });
    expect(notices.map((n) => n.message.key)).toEqual(["notice_unbound_official", "notice_unbound_official"]);
  });

  it("with nobody on duty to hold it, is unreached too when the head has no account", () => {
    const notices = noticesFor([assigned(3, null)], registeredCase({ officialId: null }), { org, reachableOfficials: new Set() });
    expect(notices.find((n) => n.recipient.role === "petition_office")?.message).toMatchObject({ key: "notice_unreached_case", params: { officialId: "" } });
  });

  it("reads as a case nobody hears of, with how to reassign it and a way to open it; no slash command on WeChat", () => {
    const params = { code: "MQ23456789", categoryId: "land", areaId: "dp-lj", unitId: "dp-gov", officialId: "li" };
    const zh = presentNotice("zh-CN", "notice_unreached_case", params, org);
    expect(zh.text).toContain("【无人可通知】MQ23456789（土地房屋，李家村（东坡镇））在东坡镇政府（承办人：李干事），但承办人和单位负责人都没有绑定聊天账号");
    expect(zh.text).toContain("npm run admin -- reassign MQ23456789 人员编号；发送 /unreached");
    expect(zh.choices).toEqual([{ label: "更多操作", value: "/case MQ23456789" }]);
    const numbered = renderNotice("zh-CN", "notice_unreached_case", { ...params, officialId: "" }, org, "numbered");
    expect(numbered).toContain("（没有承办人）");
    expect(numbered).toContain("回复“待指派”");
    expect(numbered).not.toMatch(/\/[a-z]+/);
    expect(renderNotice("en", "notice_unreached_case", params, org)).toContain("[Reaches nobody] MQ23456789");
  });
});

describe("a reassigned case", () => {
  it("is told to its new official as an assignment, with the actions, when they can be reached", () => {
    const after = registeredCase({ unitId: "hrss", officialId: "chen" });
    const [notice, ...rest] = noticesFor([reassigned(4, "chen", "hrss")], after, { org, reachableOfficials: new Set(["chen"]) });
    expect(rest).toEqual([]);
    expect(notice).toMatchObject({ recipient: { role: "handling_official", officialId: "chen" }, purpose: "assignment", eventSeq: 4, message: { key: "notice_assignment" } });
    expect(presentNotice("zh-CN", notice!.message.key, notice!.message.params, org).choices.map((c) => c.value)).toEqual(["/accept MQ23456789", "/case MQ23456789"]);
  });

  it("to someone who cannot be reached either, tells the office it still reaches nobody (the same once-per-case row)", () => {
    const after = registeredCase({ unitId: "hrss", officialId: "chen" });
    const notices = noticesFor([reassigned(4, "chen", "hrss")], after, { org, reachableOfficials: new Set() });
    const office = notices.find((n) => n.recipient.role === "petition_office")!;
    expect(office.message.key).toBe("notice_unreached_case");
    expect(noticeDedupKey("case-1", office)).toBe("case-1#once/official:zhang/unreached");
  });
});

describe("a case recorded at a visit", () => {
  const visit = { kind: "reception_point" as const, byOfficialId: "li", at: at.toISOString() };
  const unclaimed: Case = registeredCase({ personId: "person-v", identityId: null, handling: { signOffs: [], visit } });

  it("holds every notice to the petitioner until claimed, and gives the cadre the code to pass on", () => {
    const notices = noticesFor([registered, assigned(3, "li")], unclaimed, { org, reachableOfficials: new Set(["li"]) });
    expect(notices.map((n) => [n.recipient, n.message.key, n.held ?? false])).toEqual([
      [{ role: "petitioner", personId: "person-v" }, "notice_ack", true],
      [{ role: "handling_official", officialId: "li" }, "notice_visit_recorded", false],
      [{ role: "handling_official", officialId: "li" }, "notice_assignment", false],
    ]);
    const text = renderNotice("zh-CN", "notice_visit_recorded", notices[1]!.message.params, org, "numbered");
    expect(text).toContain("您定点接待时为群众代录的诉求已登记，转给东坡镇政府，受理告知期限 2026-12-08。\n查询码：MQ23456789");
    expect(text).toContain("发送“认领 MQ23456789 手机号后四位”");
    const accepted: CaseEvent = { seq: 4, type: "case.accepted", at, actor: { kind: "official", id: "li" }, fromState: "registered", toState: "accepted", visibility: "petitioner", unitId: "dp-gov", officialId: "li", payload: { answerBy: "2027-01-22" } };
    expect(noticesFor([accepted], { ...unclaimed, state: "accepted" }, { org, reachableOfficials: new Set() })).toEqual([expect.objectContaining({ message: expect.objectContaining({ key: "notice_case_accepted" }), held: true })]);
  });

  it("once claimed, tells the cadre, and the petitioner's notices go out as anyone's", () => {
    const claimedCase: Case = { ...unclaimed, personId: "person-c", handling: { signOffs: [], visit: { ...visit, claimedAt: at.toISOString() } } };
    const claimed: CaseEvent = { seq: 5, type: "case.claimed", at, actor: { kind: "person", id: "person-c" }, fromState: "registered", toState: "registered", visibility: "petitioner", officialId: "li", payload: {} };
    expect(noticesFor([claimed], claimedCase, { org, reachableOfficials: new Set() })).toEqual([
      { recipient: { role: "handling_official", officialId: "li" }, message: { key: "notice_visit_claimed", params: { code: "MQ23456789" } }, purpose: "visit_claimed", eventSeq: 5 },
    ]);
    const accepted: CaseEvent = { seq: 6, type: "case.accepted", at, actor: { kind: "official", id: "li" }, fromState: "registered", toState: "accepted", visibility: "petitioner", unitId: "dp-gov", officialId: "li", payload: { answerBy: "2027-01-22" } };
    expect(noticesFor([accepted], { ...claimedCase, state: "accepted" }, { org, reachableOfficials: new Set() })[0]).not.toHaveProperty("held");
  });
});
