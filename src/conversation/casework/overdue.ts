/**
 * Overdue and due-soon lists (issue 13 item 6): `/overdue`, or "超期", "逾期", "超期件" on channels
 * without a command menu. Each official sees what they answer for: the petition office all cases
 * (a count per unit first), a unit head their unit's, a handling official or 包案 leader the cases
 * they hold. Most late first, capped, with how many more; each listed case opens from the list.
 */
import { overdueByUnit, type OverdueEntry } from "../../cases/views";
import type { MessageKey, MessageParams } from "../../kernel/texts";
import type { OrgSnapshot } from "../../org/types";
import type { CommandDeclaration } from "../commands";
import type { OverdueList } from "../ports";
import { officials } from "./commands";

type T = (key: MessageKey, params?: MessageParams) => string;

/** Lines of cases in one message: enough to act on, short enough to read on a phone. */
export const overdueShown = 20;

function unitName(org: OrgSnapshot, unitId: string | null): string {
  return (unitId && org.units.find((u) => u.id === unitId)?.name) || unitId || "—";
}

function lateText(entry: OverdueEntry, t: T): string {
  if (entry.daysLate > 0) return t("overdue_list_late", { days: entry.daysLate });
  if (entry.daysLate === 0) return t("overdue_list_due_today");
  return t("overdue_list_due_in", { days: -entry.daysLate });
}

export function formatOverdue(list: OverdueList, org: OrgSnapshot, t: T, shown = overdueShown): string {
  const { entries } = list;
  if (entries.length === 0) return t("overdue_list_none", { days: list.soonDays });
  const overdue = entries.filter((e) => e.daysLate > 0).length;
  const counts = { today: list.today, overdue, soon: entries.length - overdue, days: list.soonDays };
  const title =
    list.scope === "all" ? t("overdue_list_title_all", counts) : list.scope === "unit" ? t("overdue_list_title_unit", { ...counts, unit: unitName(org, list.unitId) }) : t("overdue_list_title_own", counts);
  const lines = [title];
  if (list.scope === "all") {
    // The office first sees where the lateness sits, then the cases.
    const units = overdueByUnit(entries);
    lines.push(t("overdue_list_units"), ...units.map(([unitId, c]) => t("overdue_list_unit_line", { unit: unitName(org, unitId || null), overdue: c.overdue, soon: c.soon })), t("overdue_list_cases"));
  }
  for (const entry of entries.slice(0, shown)) {
    const state = `state_${entry.state}` as MessageKey;
    lines.push(
      t("overdue_list_line", {
        code: entry.trackingCode,
        unit: unitName(org, entry.unitId),
        official: (entry.officialId && org.officials.find((o) => o.id === entry.officialId)?.name) || entry.officialId || "—",
        state: t(state),
        date: t(`overdue_list_date_${entry.date}`),
        due: entry.dueBy,
        late: lateText(entry, t),
        priority: t(`priority_${entry.priority}`),
      }),
    );
  }
  if (entries.length > shown) lines.push(t("overdue_list_more", { count: entries.length - shown }));
  return lines.join("\n");
}

export const overdueCommand: CommandDeclaration = {
  name: "overdue",
  words: ["超期", "逾期", "超期件", "overdue"],
  who: officials,
  run: async (_argument, ctx) => {
    const [list, org] = await Promise.all([ctx.ports.casework.overdue(ctx.user), ctx.ports.org()]);
    if (list === null) return [{ text: ctx.t("unknown_command") }];
    const open = list.entries.slice(0, 10);
    return [{ text: formatOverdue(list, org, ctx.t), ...(open.length > 0 ? { choices: open.map((e) => ({ label: e.trackingCode, value: `/case ${e.trackingCode}` })) } : {}) }];
  },
};
