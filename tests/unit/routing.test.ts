import { describe, expect, it } from "vitest";
import type { OrgSnapshot, Unit } from "../../src/org/types";
import { route, RoutingError } from "../../src/routing/route";
import { orgFixture } from "../support/org-fixture";

const day = "2026-11-23";
const none = new Map<string, number>();

describe("routing", () => {
  it("sends a case to the unit of the matching rule, and inside it to the least loaded handler", () => {
    const decision = route(orgFixture(), { categoryId: "labour", areaId: "dp-wj", day, openCases: none });
    expect(decision).toMatchObject({ unitId: "hrss", officialId: "chen", unitReason: { kind: "rule", ruleId: "labour-anywhere" } });
  });

  it("prefers the most specific rule: category and area beat category alone", () => {
    const org = orgFixture();
    org.rules.push({ id: "labour-dp", categoryId: "labour", areaId: "dp", unitId: "dp-gov" });
    expect(route(org, { categoryId: "labour", areaId: "dp-wj", day, openCases: none }).unitId).toBe("dp-gov");
    expect(route(org, { categoryId: "labour", areaId: "xh-hs", day, openCases: none }).unitId).toBe("hrss");
  });

  it("prefers a rule for the village over one for its township", () => {
    const org = orgFixture();
    org.rules.push({ id: "land-dp", categoryId: "land", areaId: "dp", unitId: "hrss" }, { id: "land-lj", categoryId: "land", areaId: "dp-lj", unitId: "office" });
    expect(route(org, { categoryId: "land", areaId: "dp-lj", day, openCases: none }).unitId).toBe("office");
    expect(route(org, { categoryId: "land", areaId: "dp-wj", day, openCases: none }).unitId).toBe("hrss");
  });

  it("falls back to the area's default unit, walking up the tree, then to the petition office", () => {
    const org = orgFixture();
    expect(route(org, { categoryId: "land", areaId: "dp-wj", day, openCases: none })).toMatchObject({
      unitId: "dp-gov",
      unitReason: { kind: "area_default", areaId: "dp" },
    });
    // 西河乡 has no default unit: the county's default (the petition office) answers.
    expect(route(org, { categoryId: "land", areaId: "xh-hs", day, openCases: none })).toMatchObject({
      unitId: "office",
      unitReason: { kind: "area_default", areaId: "qs" },
    });
    org.areas = org.areas.map((a) => ({ ...a, defaultUnitId: null }));
    expect(route(org, { categoryId: "land", areaId: "xh-hs", day, openCases: none })).toMatchObject({
      unitId: "office",
      unitReason: { kind: "petition_office" },
    });
  });

  it("gives a village's case to the official linked to that village", () => {
    const decision = route(orgFixture(), { categoryId: "land", areaId: "dp-lj", day, openCases: new Map([["li", 9]]) });
    expect(decision).toMatchObject({ officialId: "li", officialReason: "linked_village" });
  });

  it("otherwise picks the on-duty handler with the fewest open cases, ties broken by id", () => {
    const org = orgFixture();
    expect(route(org, { categoryId: "land", areaId: "dp-wj", day, openCases: new Map([["li", 1], ["zhao", 1], ["sun", 1]]) }).officialId).toBe("li");
    expect(route(org, { categoryId: "land", areaId: "dp-wj", day, openCases: new Map([["li", 3], ["zhao", 2], ["sun", 1]]) }).officialId).toBe("sun");
    org.officials.find((o) => o.id === "sun")!.absences.push({ from: "2026-11-20", to: "2026-11-30" });
    expect(route(org, { categoryId: "land", areaId: "dp-wj", day, openCases: new Map([["li", 3], ["zhao", 2], ["sun", 1]]) }).officialId).toBe("zhao");
  });

  it("never gives a conduct complaint to the unit it would otherwise go to: one level up", () => {
    const decision = route(orgFixture(), { categoryId: "conduct", areaId: "dp-wj", day, openCases: none });
    expect(decision).toMatchObject({ unitId: "office", conductEscalatedFrom: "dp-gov", conductReason: "unit_above", officialId: "zhang" });
  });

  it("skips deactivated units and officials", () => {
    const org = orgFixture();
    org.officials.find((o) => o.id === "chen")!.active = false;
    expect(route(org, { categoryId: "labour", areaId: "dp-wj", day, openCases: none })).toMatchObject({ officialId: "liu", officialReason: "unit_head" });
    org.units.find((u) => u.id === "hrss")!.active = false;
    expect(route(org, { categoryId: "labour", areaId: "dp-wj", day, openCases: none }).unitId).toBe("dp-gov");
  });
});

// Conduct complaints (信访工作条例 2022): the discipline body where there is one, else one level up,
// and never the unit or official complained about.
const unit = (id: string, name: string, extra: Partial<Unit> = {}): Unit => ({ id, name, level: "county", parentId: null, isPetitionOffice: false, isDisciplineBody: false, active: true, ...extra });

/** The fixture with a county government above 东坡镇政府 (as the sample has), and optionally a 纪委监委. */
function countyOrg({ discipline }: { discipline: boolean }): OrgSnapshot {
  const org = orgFixture();
  org.units = org.units.map((u) => (u.id === "dp-gov" ? { ...u, parentId: "county-gov" } : u));
  org.units.push(unit("county-gov", "县人民政府"));
  org.officials.push({ id: "yang", name: "杨主任", unitId: "county-gov", roles: ["unit_head"], active: true, villageIds: [], absences: [] });
  if (discipline) {
    org.units.push(unit("discipline", "县纪委监委", { isDisciplineBody: true }));
    org.officials.push(
      { id: "sun-j", name: "孙书记", unitId: "discipline", roles: ["unit_head"], active: true, villageIds: [], absences: [] },
      { id: "qian-j", name: "钱干事", unitId: "discipline", roles: ["handling_official"], active: true, villageIds: [], absences: [] },
    );
  }
  return org;
}

const conduct = (org: OrgSnapshot, areaId: string, accused?: { unitId?: string; officialId?: string }) => route(org, { categoryId: "conduct", areaId, day, openCases: none, ...(accused ? { accused } : {}) });

describe("routing a conduct complaint", () => {
  it("goes to the discipline body where the organisation has one, whatever unit would have handled it", () => {
    const org = countyOrg({ discipline: true });
    expect(conduct(org, "dp-wj")).toMatchObject({ unitId: "discipline", officialId: "qian-j", conductEscalatedFrom: "dp-gov", conductReason: "discipline_body" });
    // Naming the unit changes nothing: the discipline body takes it.
    expect(conduct(org, "dp-wj", { unitId: "dp-gov", officialId: "li" })).toMatchObject({ unitId: "discipline", conductReason: "discipline_body" });
    // A deactivated discipline body is no destination: one level up again.
    org.units.find((u) => u.id === "discipline")!.active = false;
    expect(conduct(org, "dp-wj")).toMatchObject({ unitId: "county-gov", conductReason: "unit_above" });
  });

  it("without one, goes one level up from the unit that would have handled it", () => {
    expect(conduct(countyOrg({ discipline: false }), "dp-wj")).toMatchObject({ unitId: "county-gov", officialId: "yang", conductEscalatedFrom: "dp-gov", conductReason: "unit_above" });
    // A county unit has nothing above it: the petition office.
    const org = countyOrg({ discipline: false });
    org.rules.push({ id: "conduct-hrss", categoryId: "conduct", areaId: null, unitId: "hrss" });
    expect(conduct(org, "dp-wj")).toMatchObject({ unitId: "office", conductEscalatedFrom: "hrss", conductReason: "petition_office" });
  });

  it("avoids the accused unit on the way up, and its officials inside a unit", () => {
    // 县人民政府 is complained about: past it, to the petition office.
    expect(conduct(countyOrg({ discipline: false }), "dp-wj", { unitId: "county-gov" })).toMatchObject({ unitId: "office", conductReason: "petition_office" });
    // The discipline body itself complained about: it is skipped like any other unit.
    expect(conduct(countyOrg({ discipline: true }), "dp-wj", { unitId: "discipline" })).toMatchObject({ unitId: "county-gov", conductReason: "unit_above" });
    // A complaint naming the unit that would handle it moves, whatever its category; and the official named is never chosen.
    const org = orgFixture();
    expect(route(org, { categoryId: "land", areaId: "dp-lj", day, openCases: none })).toMatchObject({ unitId: "dp-gov", officialId: "li" });
    expect(route(org, { categoryId: "land", areaId: "dp-lj", day, openCases: none, accused: { officialId: "li" } })).toMatchObject({ unitId: "dp-gov", officialId: "sun", officialReason: "least_loaded" });
    expect(route(org, { categoryId: "land", areaId: "dp-lj", day, openCases: none, accused: { unitId: "dp-gov" } })).toMatchObject({ unitId: "office", conductEscalatedFrom: "dp-gov" });
  });

  it("never leaves a complaint about the petition office's own staff in the petition office", () => {
    const accused = { unitId: "office", officialId: "zhang" };
    // With a discipline body: there, even from the county's own area, whose default unit is the office.
    expect(conduct(countyOrg({ discipline: true }), "xh-hs", accused)).toMatchObject({ unitId: "discipline", conductReason: "discipline_body" });
    // Without one: one level up where there is a level up, else the county unit the others report to.
    expect(conduct(countyOrg({ discipline: false }), "dp-wj", accused)).toMatchObject({ unitId: "county-gov", conductReason: "unit_above" });
    expect(conduct(countyOrg({ discipline: false }), "xh-hs", accused)).toMatchObject({ unitId: "county-gov", officialId: "yang", conductEscalatedFrom: "office", conductReason: "county_unit" });
    // The fixture alone: 东坡镇政府 reports to the office itself, so the county's other unit takes it.
    expect(conduct(orgFixture(), "dp-wj", accused)).toMatchObject({ unitId: "hrss", conductReason: "county_unit" });
    // Not named, the office keeps what is its own to supervise, as before.
    expect(conduct(orgFixture(), "xh-hs")).toMatchObject({ unitId: "office", conductEscalatedFrom: null, conductReason: null });
  });

  it("says what to fix when nothing but the accused petition office could take it", () => {
    const org = orgFixture();
    org.units = org.units.filter((u) => u.id !== "hrss");
    org.rules = [];
    expect(() => conduct(org, "dp-wj", { unitId: "office" })).toThrow(RoutingError);
    expect(() => conduct(org, "dp-wj", { unitId: "office" })).toThrow(/disciplineBody: true/);
  });
});
