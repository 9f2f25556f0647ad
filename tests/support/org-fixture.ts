/** A small organisation for core tests: one county, two townships, four villages. */
import { deadlinePresets } from "../../src/deadlines/presets";
import { standardOfficeDay, type CaseDeadlines } from "../../src/deadlines/promises";
import type { DeadlinePolicy, OfficeDay, OrgSnapshot } from "../../src/org/types";

/** The national outer limits (15 days to accept, 60 to answer, one extension of 30), as "ordinary". */
export const fixturePolicy: DeadlinePolicy = { ...deadlinePresets.national.policies[0]!, id: "ordinary", name: "一般" };

/**
 * An office whose calendar lists 2026 and 2027 without any holiday: dates in core tests are plain
 * weekday counts, and not provisional. Tests of holidays use the real calendar file.
 */
export const fixtureOffice: OfficeDay = { ...standardOfficeDay, calendar: { years: new Set([2026, 2027]), holidays: new Set(), workdays: new Set() } };

/** What a case of the fixture keeps of its deadlines. */
export const fixtureDeadlines: CaseDeadlines = { policy: fixturePolicy, dueTime: "18:00", provisional: [], fired: [] };

export function orgFixture(): OrgSnapshot {
  return {
    deadlinePolicies: [fixturePolicy],
    deadlineRules: [],
    office: fixtureOffice,
    areas: [
      { id: "qs", name: "青山县", level: "county", aliases: [], parentId: null, defaultUnitId: "office" },
      { id: "dp", name: "东坡镇", level: "township", aliases: [], parentId: "qs", defaultUnitId: "dp-gov" },
      { id: "xh", name: "西河乡", level: "township", aliases: [], parentId: "qs", defaultUnitId: null },
      { id: "dp-lj", name: "李家村", level: "village", aliases: ["老李庄"], parentId: "dp", defaultUnitId: null, latitude: 30.512, longitude: 114.301 },
      { id: "dp-wj", name: "王家村", level: "village", aliases: [], parentId: "dp", defaultUnitId: null, latitude: 30.498, longitude: 114.326 },
      { id: "xh-lj", name: "李集村", level: "village", aliases: [], parentId: "xh", defaultUnitId: null },
      { id: "xh-hs", name: "河口村", level: "village", aliases: [], parentId: "xh", defaultUnitId: null },
    ],
    units: [
      { id: "office", name: "县信访局", level: "county", parentId: null, isPetitionOffice: true, isDisciplineBody: false, active: true },
      { id: "hrss", name: "县人社局", level: "county", parentId: null, isPetitionOffice: false, isDisciplineBody: false, active: true },
      { id: "dp-gov", name: "东坡镇政府", level: "township", parentId: "office", isPetitionOffice: false, isDisciplineBody: false, active: true },
    ],
    officials: [
      { id: "zhang", name: "张主任", unitId: "office", roles: ["petition_office_admin", "unit_head"], active: true, villageIds: [], absences: [] },
      { id: "liu", name: "刘局长", unitId: "hrss", roles: ["unit_head"], active: true, villageIds: [], absences: [] },
      { id: "chen", name: "陈干事", unitId: "hrss", roles: ["handling_official"], active: true, villageIds: [], absences: [] },
      { id: "wang", name: "王镇长", unitId: "dp-gov", roles: ["unit_head"], active: true, villageIds: [], absences: [] },
      { id: "li", name: "李干事", unitId: "dp-gov", roles: ["handling_official"], active: true, villageIds: ["dp-lj"], absences: [] },
      { id: "zhao", name: "赵干事", unitId: "dp-gov", roles: ["handling_official"], active: true, villageIds: [], absences: [] },
      { id: "sun", name: "孙干事", unitId: "dp-gov", roles: ["handling_official"], active: true, villageIds: [], absences: [] },
    ],
    categories: [
      { id: "land", nameZh: "土地房屋", nameEn: "Land and housing", sortOrder: 1, conduct: false, deadlinePolicyId: "ordinary" },
      { id: "labour", nameZh: "劳动工资", nameEn: "Labour and wages", sortOrder: 2, conduct: false, deadlinePolicyId: "ordinary" },
      { id: "conduct", nameZh: "干部作风", nameEn: "Cadre conduct", sortOrder: 3, conduct: true, deadlinePolicyId: "ordinary" },
      { id: "other", nameZh: "其他", nameEn: "Other", sortOrder: 4, conduct: false, deadlinePolicyId: "ordinary" },
    ],
    rules: [{ id: "labour-anywhere", categoryId: "labour", areaId: null, unitId: "hrss" }],
  };
}
