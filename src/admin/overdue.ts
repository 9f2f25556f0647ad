/**
 * Overdue and due-soon lists for reports (issue 13 item 6): `npm run admin -- overdue [--unit
 * UNIT_ID] [--official OFFICIAL_ID]` prints what /overdue shows in chat — every open case past
 * its date or due within the next days, a count per unit, most late first — for the whole office,
 * one unit, or the cases one official holds (handling or 包案). The look goes on the audit log.
 */
import { userInfo } from "node:os";
import { overdueByUnit, type OverdueScope } from "../cases/views";
import type { Clock } from "../kernel/clock";
import { dayInZone } from "../kernel/dates";
import { recordAudit } from "../store/audit-log";
import type { Db } from "../store/client";
import { loadOrgSnapshot } from "../store/org-repository";
import { dueSoonDays, overdueCases } from "../store/overdue-cases";
import { AdminCommandError } from "./unreached";

export const overdueUsage = `overdue [--unit UNIT_ID] [--official OFFICIAL_ID]
                           list open cases past their date or due within ${dueSoonDays} days,
                           most late first: all, one unit's, or those an official holds`;

/** The scope the arguments name; an AdminCommandError for anything else. */
export function overdueScope(args: string[]): OverdueScope {
  if (args.length === 0) return { all: true };
  if (args.length === 2 && args[0] === "--unit") return { unitId: args[1]! };
  if (args.length === 2 && args[0] === "--official") return { officialId: args[1]! };
  throw new AdminCommandError(`usage: npm run admin -- ${overdueUsage.split("\n")[0]}`);
}

export interface OverdueRow {
  code: string;
  state: string;
  unit: string;
  official: string;
  date: string;
  due: string;
  daysLate: string;
  priority: string;
}

export interface OverdueReport {
  today: string;
  scope: string;
  units: { unit: string; overdue: number; soon: number }[];
  rows: OverdueRow[];
}

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

/** The lists, named for reading at a terminal. */
export async function overdueReport(db: Db, clock: Clock, timeZone: string, scope: OverdueScope): Promise<OverdueReport> {
  const org = await loadOrgSnapshot(db);
  const name = (list: { id: string; name: string }[], id: string | null) => (id ? (list.find((x) => x.id === id)?.name ?? id) : "—");
  if ("unitId" in scope && !org.units.some((u) => u.id === scope.unitId)) throw new AdminCommandError(`unknown unit "${scope.unitId}"`);
  if ("officialId" in scope && !org.officials.some((o) => o.id === scope.officialId)) throw new AdminCommandError(`unknown official "${scope.officialId}": see  npm run admin -- officials`);
  const today = dayInZone(clock.now(), timeZone);
  const entries = await overdueCases(db, { scope, today });
  const label = "unitId" in scope ? `unit ${name(org.units, scope.unitId)} (${scope.unitId})` : "officialId" in scope ? `official ${name(org.officials, scope.officialId)} (${scope.officialId})` : "all";
  await recordAudit(db, { actor: { kind: "system" }, outcome: "viewed", action: "overdue_list", detail: `admin-cli (${operator()}): ${label}: ${entries.length} cases` }, clock.now());
  const units = overdueByUnit(entries)
    .map(([unitId, c]) => ({ unit: unitId ? `${name(org.units, unitId)} (${unitId})` : "—", ...c }));
  return {
    today,
    scope: label,
    units,
    rows: entries.map((e) => ({
      code: e.trackingCode,
      state: e.state,
      unit: name(org.units, e.unitId),
      official: e.officialId ? `${name(org.officials, e.officialId)} (${e.officialId})` : "—",
      date: e.date,
      due: e.dueBy,
      daysLate: String(e.daysLate),
      priority: e.priority,
    })),
  };
}
