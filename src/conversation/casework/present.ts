/**
 * Cases as officials read them in chat: the list (/cases), the card (/case), the timeline, the
 * action choices, and what a refusal says. Names (units, officials, categories) are looked up in
 * the reader's language here; nothing is stored rendered.
 */
import type { CaseActionKind } from "../../cases/available";
import type { CaseCard, CaseListEntry, TimelineEntry } from "../../cases/views";
import type { Language } from "../../kernel/channel";
import { isMessageKey, localName, render, type MessageKey, type MessageParams } from "../../kernel/texts";
import type { OrgSnapshot } from "../../org/types";
import { placeLabel } from "../../org/place";
import { accusedLabel } from "../accused-match";
import type { ActOutcome } from "../ports";
import type { Choice } from "../types";

type T = (key: MessageKey, params?: MessageParams) => string;

/** The command each action runs, with the case's code: what a button carries and what can be typed. */
export const actionCommands: Record<CaseActionKind, string> = {
  accept: "accept",
  decline: "decline",
  note: "note",
  answer: "answer",
  approve_answer: "approve",
  return_answer: "return",
  revisit: "revisit",
  sign_off: "signoff",
  close: "close",
  hold: "hold",
  // transfers (转办)
  request_transfer: "transfer",
  approve_transfer: "approvetransfer",
  reject_transfer: "rejecttransfer",
  // co-handling (协办) and extension (延期)
  invite_co_handler: "cohandle",
  contribute: "contribute",
  request_extension: "extend",
  approve_extension: "approveextension",
  reject_extension: "rejectextension",
  // priority (急事急办)
  set_priority: "priority",
  // 补位
  take_over: "takeover",
  // 限期办结
  set_due_date: "duedate",
};

export function actionChoices(actions: readonly CaseActionKind[], code: string, t: T, withTimeline = true): Choice[] {
  const choices = actions.map((action) => ({ label: t(`action_${action}`, { code }), value: `/${actionCommands[action]} ${code}` }));
  // The code too: the numbered line names its case ("办理记录 MQ…"), like every action line.
  return withTimeline ? [...choices, { label: t("action_timeline", { code }), value: `/timeline ${code}` }] : choices;
}

const word = (language: Language, prefix: string, value: string) => {
  const key = `${prefix}${value}`;
  return isMessageKey(key) ? render(language, key) : value;
};
const officialName = (org: OrgSnapshot, id: string | null) => (id ? (org.officials.find((o) => o.id === id)?.name ?? id) : "—");
const unitName = (org: OrgSnapshot, id: string | null) => (id ? (org.units.find((u) => u.id === id)?.name ?? id) : "—");
const categoryName = (org: OrgSnapshot, language: Language, id: string) => {
  const category = org.categories.find((c) => c.id === id);
  return category ? localName(language, category) : id;
};

export function formatCaseList(entries: CaseListEntry[], org: OrgSnapshot, language: Language, t: T): string {
  if (entries.length === 0) return t("cases_none");
  const lines = entries.map((entry) =>
    t("cases_line", { code: entry.trackingCode, category: categoryName(org, language, entry.categoryId), state: word(language, "state_", entry.state), due: entry.dueBy ?? "—", official: officialName(org, entry.officialId) }),
  );
  return [t("cases_title", { count: entries.length }), ...lines].join("\n");
}

export function formatCard(card: CaseCard, org: OrgSnapshot, language: Language, t: T): string {
  const lines = [
    t("card_head", { code: card.trackingCode, state: word(language, "state_", card.state) }),
    t("card_what", { category: categoryName(org, language, card.categoryId), area: placeLabel(org, card.areaId) }),
    t("card_petitioner", { petitioner: card.petitioner ?? t("petitioner_anonymous") }),
    t("card_description", { description: card.description.trim() || t("description_in_attachments"), attachments: card.attachments }),
    t("card_people", { unit: unitName(org, card.unitId), official: officialName(org, card.officialId), owner: officialName(org, card.ownerOfficialId) }),
  ];
  // priority (急事急办): said at once under the head when it is not the ordinary one
  if (card.priority && card.priority !== "normal") lines.splice(1, 0, t("card_priority", { priority: t(`priority_${card.priority}`) }));
  // A conduct complaint: the petitioner's words, and whom they were matched to when that says more.
  if (card.accused) lines.splice(2, 0, t("card_accused", { accused: accusedWords(card.accused, org, language) }));
  if (card.state === "registered" && card.acceptBy) lines.push(t("card_accept_by", { date: card.acceptBy }));
  if (card.answerBy && card.state !== "registered") lines.push(t("card_answer_by", { date: card.answerBy }));
  if (card.answer) {
    lines.push(
      t(card.answer.delivered ? "card_answer_delivered" : "card_answer_pending", {
        outcome: word(language, "outcome_", card.answer.outcome),
        text: card.answer.text,
        official: officialName(org, card.answer.byOfficialId),
      }),
    );
  }
  if (card.revisit) lines.push(t("card_revisit", { satisfaction: word(language, "satisfaction_", card.revisit.satisfaction), opinion: card.revisit.opinion, date: card.revisit.on }));
  lines.push(...coHandlingAndExtension(card, org, t));
  if (card.gaps.length > 0) lines.push(t("card_gaps", { gaps: gapList(card.gaps, t) }));
  // transfers (转办)
  if (card.transfers?.count) lines.push(t("card_transfers", { count: card.transfers.count }));
  const pending = card.transfers?.pending;
  if (pending) lines.push(t("card_transfer_pending", { unit: unitName(org, pending.unitId), official: officialName(org, pending.byOfficialId), reason: pending.reason }));
  return lines.join("\n");
}

function accusedWords(accused: NonNullable<CaseCard["accused"]>, org: OrgSnapshot, language: Language): string {
  if (!accused.unitId) return accused.text;
  const label = accusedLabel(org, { unitId: accused.unitId, ...(accused.officialId ? { officialId: accused.officialId } : {}) }, language);
  if (!accused.text || accused.text === label) return label;
  return language === "en" ? `${accused.text} (${label})` : `${accused.text}（${label}）`;
}

/** co-handling (协办) and extension (延期): who else adds their part, and how a request for more time stands. */
function coHandlingAndExtension(card: CaseCard, org: OrgSnapshot, t: T): string[] {
  const lines: string[] = [];
  if (card.coHandlingUnitIds.length > 0) lines.push(t("card_co_handling", { units: card.coHandlingUnitIds.map((id) => unitName(org, id)).join(t("list_separator")) }));
  const extension = card.extension;
  if (extension?.status === "pending") lines.push(t("card_extension_pending", { date: extension.toAnswerBy, reason: extension.reason }));
  if (extension?.status === "approved") lines.push(t("card_extension_approved", { from: extension.fromAnswerBy, date: extension.toAnswerBy, reason: extension.reason }));
  if (extension?.status === "rejected") lines.push(t("card_extension_rejected", { date: extension.toAnswerBy, rejection: extension.rejection ?? "" }));
  return lines;
}

export const gapList = (gaps: readonly string[], t: T) => gaps.map((gap) => t(`gap_${gap}` as MessageKey)).join(t("list_separator"));

/** The timeline in as many messages as it takes, each at most `perMessage` steps. */
export function formatTimeline(code: string, entries: TimelineEntry[], org: OrgSnapshot, language: Language, timeZone: string, t: T, perMessage = 20): string[] {
  const lines = entries.map((entry) => {
    const who = entry.actorKind === "official" ? officialName(org, entry.actorId) : entry.actorKind === "person" ? t("timeline_petitioner") : t("timeline_system");
    // A co-handling unit's part reads as such, not as the holding unit's own progress.
    const step = entry.kind === "co_handling" ? t("timeline_co_handling") : word(language, "event_", entry.type.replace(/^[a-z]+\./, ""));
    const internal = entry.visibility === "internal" ? t("timeline_internal") : "";
    // Where the case went is the point of an assignment: the unit and the official, by name.
    const words =
      entry.type === "case.assigned"
        ? `${unitName(org, entry.unitId)} ${entry.officialId ? officialName(org, entry.officialId) : ""}`.trim()
        : // nobody unreached: where a reassignment went, then the reason if any
          entry.type === "case.reassigned"
          ? [`${unitName(org, entry.unitId)} ${entry.officialId ? officialName(org, entry.officialId) : ""}`.trim(), entry.text].filter(Boolean).join(" — ")
          : // transfers (转办): the unit it goes (or was to go) to, then the reason
          transferSteps.has(entry.type)
          ? [unitName(org, entry.unitId), entry.text].filter(Boolean).join("：")
          : entry.type === "case.co_handler_invited"
            ? [unitName(org, entry.unitId), entry.text].filter(Boolean).join(" ")
            : entry.text;
    const until = entry.until ? t("timeline_until", { date: entry.until }) : "";
    // priority (急事急办): "紧急 → 重要" before the reason
    const change = entry.priority ? `${t(`priority_${entry.priority.from}`)} → ${t(`priority_${entry.priority.to}`)}` : "";
    const said = [change, words].filter(Boolean).join(" ");
    return t("timeline_line", { at: shortTime(entry.at, timeZone), who, step: `${step}${until}`, internal, text: said ? `：${said}` : "" });
  });
  const messages: string[] = [];
  for (let i = 0; i < lines.length; i += perMessage) {
    const page = lines.slice(i, i + perMessage);
    messages.push([t("timeline_title", { code, from: i + 1, to: i + page.length, count: lines.length }), ...page].join("\n"));
  }
  return messages.length > 0 ? messages : [t("timeline_title", { code, from: 0, to: 0, count: 0 })];
}

const transferSteps = new Set(["case.transfer_requested", "case.transferred", "case.transfer_rejected"]);

function shortTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** Why an action did not happen, in words the official can act on. */
export function formatRefusal(outcome: ActOutcome & { ok: false }, code: string, org: OrgSnapshot, language: Language, timeZone: string, t: T): string {
  // What exactly was wrong, when the core said (a limit, a date): more use than the code alone.
  if (outcome.because) {
    const { why, ...values } = outcome.because;
    return t(`refused_${why}`, { code, ...values });
  }
  switch (outcome.code) {
    case "no_such_case":
      return t("casework_no_case", { code });
    case "not_allowed":
      return t("casework_not_allowed", { code });
    case "closure_incomplete":
      return t("casework_gaps", { code, gaps: gapList(outcome.gaps ?? [], t) });
    case "already_done":
      return t("casework_already_done", { code });
    case "invalid_input":
      return t("casework_invalid");
    case "wrong_state": {
      const state = outcome.state ? word(language, "state_", outcome.state) : "—";
      const last = outcome.last;
      const lastLine = last
        ? t("casework_last_step", {
            who: last.actorKind === "official" ? officialName(org, last.actorId) : last.actorKind === "person" ? t("timeline_petitioner") : t("timeline_system"),
            at: shortTime(last.at, timeZone),
            step: word(language, "event_", last.type.replace(/^[a-z]+\./, "")),
          })
        : "";
      return t("casework_wrong_state", { code, state, last: lastLine });
    }
    // transfers (转办)
    case "transfer_to_accused":
      return t("casework_transfer_to_accused", { code, unit: unitName(org, outcome.unitId ?? null) });
    case "transfer_to_same_unit":
      return t("casework_transfer_to_same_unit", { code, unit: unitName(org, outcome.unitId ?? null) });
    case "transfer_pending":
      return t("casework_transfer_pending", { code });
    default:
      return t("casework_refused", { code });
  }
}
