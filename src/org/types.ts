import type { DeadlinePolicy, DeadlineRule } from "../deadlines/policy";
import type { OfficeDay } from "../deadlines/promises";

/**
 * The organisation as the core sees it: areas, units, officials, categories, routing rules and
 * deadline policies. Loaded from the store (src/store/org-repository.ts); plain data, no Prisma types.
 */
import type { EmergencyNumber, Priority } from "../kernel/answers";

export type AreaLevel = "county" | "township" | "village";
export type OfficialRole = "handling_official" | "unit_head" | "responsible_leader" | "petition_office_admin";

export interface Area {
  id: string;
  name: string;
  level: AreaLevel;
  aliases: string[];
  parentId: string | null;
  defaultUnitId: string | null;
  /** Where the place is (WGS 84 degrees), when the organisation data says. */
  latitude?: number | null;
  longitude?: number | null;
}

export interface Unit {
  id: string;
  name: string;
  level: AreaLevel;
  parentId: string | null;
  isPetitionOffice: boolean;
  /** The discipline inspection body (纪委监委): receives complaints about cadres' conduct. */
  isDisciplineBody: boolean;
  active: boolean;
}

export interface Official {
  id: string;
  name: string;
  unitId: string;
  roles: OfficialRole[];
  active: boolean;
  /** Villages this official is linked to (谁挂户、谁负责). */
  villageIds: string[];
  /** Days (YYYY-MM-DD, office time zone) the official is away, inclusive ranges. */
  absences: { from: string; to: string }[];
  /** 补位: who takes the official's reminders while they are away (else the unit head). */
  standInId?: string | null;
}

export interface Category {
  id: string;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  /** Complaints about a cadre's conduct: never handled by the unit complained about. */
  conduct: boolean;
  deadlinePolicyId: string;
  // priority (急事急办)
  /** The priority its cases are proposed with before any urgent word raises it; absent: normal. */
  priority?: Priority;
}

export interface RoutingRule {
  id: string;
  categoryId: string | null;
  areaId: string | null;
  unitId: string;
}

export type { DeadlinePolicy, DeadlineRule } from "../deadlines/policy";
export type { OfficeDay } from "../deadlines/promises";

// ── priority (急事急办) ──
/**
 * Words that mark a petition as an emergency (src/routing/urgency.ts): any of `words` — and, when
 * `with` is given, any of those too ("停暖" with "老人") — raise its priority to urgent, and the
 * citizen is told to call `calls` now (none: urgent for the office, nothing for the citizen to dial).
 */
export interface UrgentWordRule {
  words: string[];
  with: string[];
  calls: EmergencyNumber[];
}

/** Active organisation data at one moment. */
export interface OrgSnapshot {
  areas: Area[];
  units: Unit[];
  officials: Official[];
  categories: Category[];
  rules: RoutingRule[];
  deadlinePolicies: DeadlinePolicy[];
  /** Which policy a case gets by category, priority and 包案 (most specific wins). */
  deadlineRules: DeadlineRule[];
  /** The office's calendar and hours: from the calendar file and the settings, not the store. */
  office: OfficeDay;
  // priority (急事急办)
  /** In the file's order; absent (as in snapshots made by hand): no word marks an emergency. */
  urgentWords?: UrgentWordRule[];
}
