/**
 * Transfers (转办) for tests: the handling org with a second township (西河乡政府), a village
 * committee under 东坡镇政府 and a second county bureau, so that a transfer can stay within a
 * township, cross townships, or move between county bureaus; and the transfer commands.
 */
import type { CaseCommand } from "../../src/cases/commands";
import type { OrgSnapshot } from "../../src/org/types";
import { handlingOrg } from "./handling";

export function transferOrg(): OrgSnapshot {
  const org = handlingOrg();
  const official = (id: string, name: string, unitId: string, roles: OrgSnapshot["officials"][number]["roles"], villageIds: string[] = []) => ({ id, name, unitId, roles, active: true, villageIds, absences: [] });
  return {
    ...org,
    units: [
      ...org.units,
      { id: "nr", name: "县自然资源局", level: "county", parentId: null, isPetitionOffice: false, isDisciplineBody: false, active: true },
      { id: "xh-gov", name: "西河乡政府", level: "township", parentId: "office", isPetitionOffice: false, isDisciplineBody: false, active: true },
      { id: "lj-cw", name: "李家村委会", level: "village", parentId: "dp-gov", isPetitionOffice: false, isDisciplineBody: false, active: true },
      { id: "old", name: "撤并的旧乡政府", level: "township", parentId: "office", isPetitionOffice: false, isDisciplineBody: false, active: false },
    ],
    officials: [
      ...org.officials,
      official("zheng", "郑局长", "nr", ["unit_head", "handling_official"]),
      official("ma", "马乡长", "xh-gov", ["unit_head"]),
      official("niu", "牛干事", "xh-gov", ["handling_official"], ["xh-lj"]),
      official("hu", "胡干事", "xh-gov", ["handling_official"]),
      official("yang", "杨主任", "lj-cw", ["unit_head", "handling_official"], ["dp-lj"]),
    ],
  };
}

/** A transfer as a member asks it (no one in the receiving unit busy yet, the limit as given). */
export const transfer = (unitId: string, reason: string, maxTransfers = 2, openCases: ReadonlyMap<string, number> = new Map()): CaseCommand => ({
  kind: "request_transfer",
  input: { unitId, reason, openCases, maxTransfers },
});
export const approveTransfer = (maxTransfers = 2, openCases: ReadonlyMap<string, number> = new Map()): CaseCommand => ({ kind: "approve_transfer", input: { openCases, maxTransfers } });
export const rejectTransfer = (comment: string): CaseCommand => ({ kind: "reject_transfer", input: { comment } });
