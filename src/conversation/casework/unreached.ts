/**
 * Nobody unreached (item 6 of case handling): the petition office's list of cases waiting for a
 * person — open cases whose official and unit head have no chat account, so nobody hears of them.
 * `/unreached`, or "待指派" on channels without a command menu; each case opens from the list.
 */
import type { CaseListEntry } from "../../cases/views";
import type { Language } from "../../kernel/channel";
import { isMessageKey, localName, render, type MessageKey, type MessageParams } from "../../kernel/texts";
import type { OrgSnapshot } from "../../org/types";
import { placeLabel } from "../../org/place";
import type { CommandDeclaration } from "../commands";

type T = (key: MessageKey, params?: MessageParams) => string;

export function formatUnreached(entries: CaseListEntry[], org: OrgSnapshot, language: Language, t: T): string {
  if (entries.length === 0) return t("unreached_none");
  const lines = entries.map((entry) => {
    const category = org.categories.find((c) => c.id === entry.categoryId);
    const state = `state_${entry.state}`;
    return t("unreached_line", {
      code: entry.trackingCode,
      category: category ? localName(language, category) : entry.categoryId,
      area: placeLabel(org, entry.areaId),
      unit: (entry.unitId && org.units.find((u) => u.id === entry.unitId)?.name) || entry.unitId || "—",
      official: (entry.officialId && org.officials.find((o) => o.id === entry.officialId)?.name) || entry.officialId || "—",
      state: isMessageKey(state) ? render(language, state) : entry.state,
      due: entry.dueBy ?? "—",
    });
  });
  return [t("unreached_title", { count: entries.length }), ...lines, t("unreached_hint")].join("\n");
}

export const unreachedCommand: CommandDeclaration = {
  name: "unreached",
  words: ["待指派", "无人可通知"],
  who: { roles: ["petition_office_admin"] },
  run: async (_argument, ctx) => {
    const [entries, org] = await Promise.all([ctx.ports.casework.unreached(ctx.user), ctx.ports.org()]);
    if (entries === null) return [{ text: ctx.t("unknown_command") }];
    const shown = entries.slice(0, 10);
    return [{ text: formatUnreached(entries, org, ctx.language, ctx.t), ...(shown.length > 0 ? { choices: shown.map((e) => ({ label: e.trackingCode, value: `/case ${e.trackingCode}` })) } : {}) }];
  },
};
