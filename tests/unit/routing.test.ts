import { describe, expect, it } from "vitest";
import { route } from "../../src/routing/route";
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
    expect(decision).toMatchObject({ unitId: "office", conductEscalatedFrom: "dp-gov", officialId: "zhang" });
  });

  it("skips deactivated units and officials", () => {
    const org = orgFixture();
    org.officials.find((o) => o.id === "chen")!.active = false;
    expect(route(org, { categoryId: "labour", areaId: "dp-wj", day, openCases: none })).toMatchObject({ officialId: "liu", officialReason: "unit_head" });
    org.units.find((u) => u.id === "hrss")!.active = false;
    expect(route(org, { categoryId: "labour", areaId: "dp-wj", day, openCases: none }).unitId).toBe("dp-gov");
  });
});
