/**
 * Renders an outbox row for its recipient, when it is sent: the message key and its parameters
 * are stored, the text is made now in the language of the identity that receives it, and ids are
 * turned into names here (unit, area, category), so a notice never carries a name pre-rendered in
 * one language. Each key has a presenter: the zod schema of its parameters and how they fill the
 * catalogue's placeholders. The petitioner's name and phone are stored sealed and opened here, only
 * for the official a notice is addressed to, with the `reveal` capability the caller hands in.
 * A presenter may also name what the recipient can do about the notice (./actions.ts): those come
 * back as choices beside the text, derived from the same key and parameters.
 */
import { z } from "zod";
import { answerOutcomes, emergencyNumbers, priorities, satisfactions, visitKinds } from "../kernel/answers";
import type { Idiom, Language } from "../kernel/channel";
import type { NoticeKey, NoticeMessages } from "../kernel/notices";
import { isSealed, type Reveal, type Sealed } from "../kernel/sealed";
import { isMessageKey, localName, render, type MessageKey, type MessageParams } from "../kernel/texts";
import type { OrgSnapshot } from "../org/types";
import { placeLabel } from "../org/place";
import type { Choice } from "../conversation/types";
import { actionChoices, actionsHint, caseCommand, type NoticeAction } from "./actions";

export class UnknownNoticeError extends Error {
  override name = "UnknownNoticeError";
}

interface Names {
  org: OrgSnapshot;
  language: Language;
  reveal: Reveal;
}

/** For renderings that must never show personal data: a sealed value reaching one is a wiring mistake. */
export const cannotReveal: Reveal = () => {
  throw new Error("this rendering was given no way to reveal personal data");
};

/** A sealed value is opened; a clear one (written before sealing began, not yet migrated) is shown as it is. */
const shown = (names: Names, value: string | undefined) => (value === undefined ? undefined : isSealed(value) ? names.reveal(value) : value);
/** Sealed, or clear in rows from before sealing began. */
const sealedText = z.custom<Sealed>((value) => typeof value === "string");

type Presenter<K extends NoticeKey> = {
  schema: z.ZodType<NoticeMessages[K]>;
  present(params: NoticeMessages[K], names: Names): MessageParams;
  /** What the recipient can do about this notice; none when absent. */
  actions?(params: NoticeMessages[K]): NoticeAction[];
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const basics = { code: z.string(), categoryId: z.string(), areaId: z.string() };

const outcome = z.enum(answerOutcomes);
const officialName = ({ org }: Names, officialId: string) => org.officials.find((o) => o.id === officialId)?.name ?? officialId;
const unitName = ({ org }: Names, unitId: string) => org.units.find((u) => u.id === unitId)?.name ?? unitId;
const categoryName = ({ org, language }: Names, categoryId: string) => {
  const category = org.categories.find((c) => c.id === categoryId);
  return category ? localName(language, category) : categoryId;
};
const where = (names: Names, p: { code: string; categoryId: string; areaId: string }) => ({
  code: p.code,
  category: categoryName(names, p.categoryId),
  area: placeLabel(names.org, p.areaId),
});

const presenters: { [K in NoticeKey]: Presenter<K> } = {
  notice_ack: {
    schema: z.object({ code: z.string(), unitId: z.string(), acceptBy: day, delayed: z.literal(true).optional() }),
    present: (p, names) => ({
      code: p.code,
      unit: unitName(names, p.unitId),
      date: p.acceptBy,
      // Told earlier that the petition was delayed: the acknowledgement is also the "now it is recorded".
      delayed: p.delayed ? render(names.language, "notice_ack_delayed_line") : "",
    }),
  },
  notice_assignment: {
    schema: z.object({
      ...basics,
      petitioner: z.union([z.object({ anonymous: z.literal(true) }), z.object({ anonymous: z.literal(false), name: sealedText.optional(), phone: sealedText.optional() })]),
      description: z.string(),
      attachments: z.number().int(),
      acceptBy: day,
      location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
      transfer: z.object({ fromUnitId: z.string(), reason: z.string() }).optional(),
      // priority (急事急办)
      priority: z.enum(["important", "urgent"]).optional(),
    }),
    present: (p, names) => ({
      ...where(names, p),
      petitioner: p.petitioner.anonymous ? render(names.language, "petitioner_anonymous") : [shown(names, p.petitioner.name), shown(names, p.petitioner.phone)].filter(Boolean).join(" "),
      // A petition told only by a voice message or photos has no text: say where it is.
      description: p.description.trim() || render(names.language, "description_in_attachments"),
      attachments: p.attachments,
      date: p.acceptBy,
      location: p.location ? render(names.language, "notice_location_line", { latitude: p.location.latitude.toFixed(5), longitude: p.location.longitude.toFixed(5) }) : "",
      transfer: p.transfer ? render(names.language, "notice_transfer_line", { unit: unitName(names, p.transfer.fromUnitId), reason: p.transfer.reason }) : "",
      // priority (急事急办)
      priority: p.priority ? render(names.language, "notice_priority_tag", { priority: render(names.language, `priority_${p.priority}`) }) : "",
    }),
    // Accepting is what the official owes first; everything else about the case is one step away.
    actions: (p) => [
      { label: "action_accept", params: { code: p.code }, command: caseCommand("accept", p.code) },
      { label: "action_more", params: { code: p.code }, command: caseCommand("case", p.code) },
    ],
  },
  notice_unbound_official: {
    schema: z.object({ ...basics, officialId: z.string() }),
    present: (p, names) => {
      const official = names.org.officials.find((o) => o.id === p.officialId);
      return { ...where(names, p), official: official?.name ?? p.officialId, unit: official ? unitName(names, official.unitId) : "" };
    },
  },
  notice_no_official: {
    schema: z.object({ ...basics, unitId: z.string() }),
    present: (p, names) => ({ ...where(names, p), unit: unitName(names, p.unitId) }),
  },
  notice_wechat_login: {
    schema: z.object({ account: z.string(), link: z.string() }),
    present: (p) => p,
  },
  notice_not_recorded: {
    schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    present: () => ({}),
  },
  notice_not_recorded_after_delay: {
    schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    present: () => ({}),
  },
  notice_delayed: {
    schema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    present: () => ({}),
  },
  notice_delayed_office: {
    schema: z.object({ job: z.string(), minutes: z.number().int().nonnegative() }),
    present: (p) => p,
  },
  notice_delay_recorded_office: {
    schema: z.object({ code: z.string() }),
    present: (p) => p,
  },
  notice_not_recorded_office: {
    schema: z.object({ job: z.string() }),
    present: (p) => p,
  },
  notice_case_accepted: {
    schema: z.object({ code: z.string(), unitId: z.string(), officialId: z.string(), answerBy: day }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), official: officialName(names, p.officialId), date: p.answerBy }),
  },
  notice_case_declined: {
    schema: z.object({ code: z.string(), unitId: z.string(), reason: z.string(), redirect: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), reason: p.reason, redirect: p.redirect || render(names.language, "decline_no_redirect") }),
  },
  notice_case_progress: {
    schema: z.object({ code: z.string(), unitId: z.string(), text: z.string(), attachments: z.number().int() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), text: p.text || render(names.language, "description_in_attachments") }),
  },
  notice_case_answered: {
    schema: z.object({ code: z.string(), unitId: z.string(), outcome: outcome, text: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), outcome: render(names.language, `outcome_${p.outcome}`), text: p.text }),
  },
  notice_case_reopened: {
    schema: z.object({ code: z.string(), unitId: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId) }),
  },
  notice_case_closed: {
    schema: z.object({ code: z.string(), unitId: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId) }),
  },
  notice_answer_for_approval: {
    schema: z.object({ code: z.string(), officialId: z.string(), outcome: outcome, text: z.string() }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), outcome: render(names.language, `outcome_${p.outcome}`), text: p.text }),
    // The request asks for approving or returning: offer those (the case itself is a /case away).
    actions: (p) => [act("action_approve_answer", "approve", p.code), act("action_return_answer", "return", p.code)],
  },
  notice_answer_returned: {
    schema: z.object({ code: z.string(), officialId: z.string(), comment: z.string() }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), comment: p.comment }),
    // It asks for a revised answer: offer to give it.
    actions: (p) => [act("action_answer", "answer", p.code)],
  },
  notice_answer_delivered: {
    schema: z.object({ code: z.string() }),
    present: (p) => p,
    // It asks for the revisit: offer to record it.
    actions: (p) => [act("action_revisit", "revisit", p.code)],
  },
  notice_case_reopened_staff: {
    schema: z.object({ code: z.string(), satisfaction: z.enum(satisfactions), opinion: z.string() }),
    present: (p, names) => ({ code: p.code, satisfaction: render(names.language, `satisfaction_${p.satisfaction}`), opinion: p.opinion }),
    actions: (p) => more(p.code),
  },
  notice_petitioner_added: {
    schema: z.object({ code: z.string(), kind: z.enum(["material", "message"]), text: z.string(), attachments: z.number().int() }),
    present: (p, names) => ({ code: p.code, what: render(names.language, p.kind === "message" ? "petitioner_added_message" : "petitioner_added_material"), text: p.text || render(names.language, "description_in_attachments"), attachments: p.attachments }),
    actions: (p) => more(p.code),
  },
  notice_case_withdrawn_staff: {
    schema: z.object({ code: z.string(), reason: z.string() }),
    present: (p, names) => ({ code: p.code, reason: p.reason || render(names.language, "withdraw_no_reason") }),
  },
  notice_case_pressed: {
    schema: z.object({ code: z.string(), officialId: z.string(), text: z.string() }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), text: p.text || render(names.language, "description_in_attachments") }),
    actions: (p) => more(p.code),
  },
  notice_case_held: {
    schema: z.object({ code: z.string() }),
    present: (p) => p,
    actions: (p) => more(p.code),
  },
  notice_owner_update: {
    schema: z.object({ code: z.string(), event: z.string(), unitId: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), step: eventWords(names.language, p.event) }),
    actions: (p) => more(p.code),
  },
  // ── transfers (转办) ──
  notice_case_transferred: {
    schema: z.object({ code: z.string(), unitId: z.string(), acceptBy: day }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), date: p.acceptBy }),
  },
  notice_transfer_for_approval: {
    schema: z.object({ code: z.string(), officialId: z.string(), fromUnitId: z.string(), toUnitId: z.string(), reason: z.string() }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), from: unitName(names, p.fromUnitId), to: unitName(names, p.toUnitId), reason: p.reason }),
    // Approving is one press; not approving asks why; the case itself is one step away.
    actions: (p) => [
      { label: "action_approve_transfer", params: { code: p.code }, command: caseCommand("approvetransfer", p.code) },
      { label: "action_reject_transfer", params: { code: p.code }, command: caseCommand("rejecttransfer", p.code) },
      { label: "action_more", params: { code: p.code }, command: caseCommand("case", p.code) },
    ],
  },
  notice_transfer_approved: {
    schema: z.object({ code: z.string(), unitId: z.string(), officialId: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), official: officialName(names, p.officialId) }),
  },
  notice_transfer_rejected: {
    schema: z.object({ code: z.string(), unitId: z.string(), officialId: z.string(), comment: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), official: officialName(names, p.officialId), comment: p.comment }),
    actions: (p) => [{ label: "action_more", params: { code: p.code }, command: caseCommand("case", p.code) }],
  },
  notice_transferred_away: {
    schema: z.object({ code: z.string(), unitId: z.string() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId) }),
  },
  notice_transfer_flag: {
    schema: z.object({ code: z.string(), unitId: z.string(), count: z.number().int(), max: z.number().int() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), count: p.count, max: p.max }),
    actions: (p) => [{ label: "action_more", params: { code: p.code }, command: caseCommand("case", p.code) }],
  },
  // ── co-handling (协办) and extension (延期) ──
  notice_co_handling_invited: {
    schema: z.object({ ...basics, leadUnitId: z.string(), officialId: z.string(), request: z.string(), description: z.string() }),
    present: (p, names) => ({
      ...where(names, p),
      unit: unitName(names, p.leadUnitId),
      official: officialName(names, p.officialId),
      request: p.request,
      description: p.description.trim() || render(names.language, "description_in_attachments"),
    }),
    // Their part is what the invited unit owes; the whole case is one step away.
    actions: (p) => [
      { label: "action_contribute", params: { code: p.code }, command: caseCommand("contribute", p.code) },
      { label: "action_more", params: { code: p.code }, command: caseCommand("case", p.code) },
    ],
  },
  notice_co_handling_part: {
    schema: z.object({ code: z.string(), unitId: z.string(), officialId: z.string(), text: z.string(), attachments: z.number().int() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), official: officialName(names, p.officialId), text: p.text || render(names.language, "description_in_attachments"), attachments: p.attachments }),
    actions: (p) => [{ label: "action_more", params: { code: p.code }, command: caseCommand("case", p.code) }],
  },
  notice_extension_for_approval: {
    schema: z.object({ code: z.string(), officialId: z.string(), reason: z.string(), fromAnswerBy: day, toAnswerBy: day }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), reason: p.reason, from: p.fromAnswerBy, to: p.toAnswerBy }),
    actions: (p) => [
      { label: "action_approve_extension", params: { code: p.code }, command: caseCommand("approveextension", p.code) },
      { label: "action_reject_extension", params: { code: p.code }, command: caseCommand("rejectextension", p.code) },
    ],
  },
  notice_case_extended: {
    schema: z.object({ code: z.string(), unitId: z.string(), reason: z.string(), answerBy: day }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), reason: p.reason, date: p.answerBy }),
  },
  notice_extension_approved: {
    schema: z.object({ code: z.string(), answerBy: day }),
    present: (p) => ({ code: p.code, date: p.answerBy }),
  },
  notice_extension_rejected: {
    schema: z.object({ code: z.string(), officialId: z.string(), reason: z.string(), answerBy: day }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), reason: p.reason, date: p.answerBy }),
  },
  // casework end to end: the sign-off request
  notice_signoff_due: {
    schema: z.object({ code: z.string(), satisfaction: z.enum(satisfactions), opinion: z.string() }),
    present: (p, names) => ({ code: p.code, satisfaction: render(names.language, `satisfaction_${p.satisfaction}`), opinion: p.opinion }),
    actions: (p) => [{ label: "action_sign_off", params: { code: p.code }, command: caseCommand("signoff", p.code) }],
  },
  // ── nobody unreached ──
  notice_unreached_case: {
    schema: z.object({ ...basics, unitId: z.string(), officialId: z.string() }),
    present: (p, names) => ({
      ...where(names, p),
      unit: unitName(names, p.unitId),
      official: p.officialId ? render(names.language, "unreached_official", { name: officialName(names, p.officialId) }) : render(names.language, "unreached_no_official"),
    }),
    // The office opens the case from here (the card shows who holds it and what can be done).
    actions: (p) => [{ label: "action_more", params: { code: p.code }, command: caseCommand("case", p.code) }],
  },
  // ── visits ──
  notice_visit_recorded: {
    schema: z.object({ code: z.string(), unitId: z.string(), acceptBy: day, visit: z.enum(visitKinds) }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), date: p.acceptBy, visit: render(names.language, `visit_kind_${p.visit}`) }),
  },
  notice_visit_claimed: {
    schema: z.object({ code: z.string() }),
    present: (p) => p,
  },
  // ── priority (急事急办) ──
  notice_urgent_case: {
    schema: z.object({ ...basics, unitId: z.string(), words: z.array(z.string()), calls: z.array(z.enum(emergencyNumbers)) }),
    present: (p, names) => ({
      ...where(names, p),
      unit: unitName(names, p.unitId),
      why:
        p.words.length > 0
          ? render(names.language, "urgent_why_words", { words: p.words.map((word) => render(names.language, "urgent_word_quoted", { word })).join("") })
          : render(names.language, "urgent_why_category", { category: categoryName(names, p.categoryId) }),
      calls: p.calls.length > 0 ? render(names.language, "urgent_calls_line", { calls: p.calls.map((call) => render(names.language, `emergency_call_${call}`)).join(render(names.language, "emergency_call_or")) }) : "",
    }),
    // Changing the priority is what the notice offers; the case itself is one step away.
    actions: (p) => [act("action_set_priority", "priority", p.code), act("action_more", "case", p.code)],
  },
  notice_priority_changed: {
    schema: z.object({ code: z.string(), officialId: z.string(), from: z.enum(priorities), to: z.enum(priorities), reason: z.string() }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), from: render(names.language, `priority_${p.from}`), to: render(names.language, `priority_${p.to}`), reason: p.reason }),
    actions: (p) => more(p.code),
  },
  // ── deadlines: timer steps ──
  notice_unaccepted: {
    schema: z.object({ ...basics, officialId: z.string(), acceptBy: day }),
    present: (p, names) => ({
      ...where(names, p),
      holder: p.officialId ? officialName(names, p.officialId) : render(names.language, "unreached_no_official"),
      date: p.acceptBy,
    }),
    actions: (p) => more(p.code),
  },
  notice_due_reminder: {
    schema: z.object({ code: z.string(), date: z.enum(["acceptBy", "answerBy"]), dueBy: day, today: z.boolean(), awayOfficialId: z.string().optional() }),
    present: (p, names) => ({
      code: p.code,
      date: p.dueBy,
      what: render(names.language, p.date === "acceptBy" ? "due_what_accept" : "due_what_answer"),
      when: render(names.language, p.today ? "due_when_today" : "due_when_soon", { date: p.dueBy }),
      // 补位: the reminder of an official who is away says whose case it is.
      standIn: p.awayOfficialId ? render(names.language, "due_stand_in_line", { official: officialName(names, p.awayOfficialId) }) : "",
    }),
    actions: (p) => [
      act(p.date === "acceptBy" ? "action_accept" : "action_answer", p.date === "acceptBy" ? "accept" : "answer", p.code),
      // 补位: a stand-in reminded for an absent colleague may take the case over.
      ...(p.awayOfficialId ? [act("action_take_over", "takeover", p.code)] : []),
      act("action_more", "case", p.code),
    ],
  },
  notice_overdue: {
    schema: z.object({ ...basics, level: z.number().int(), date: z.enum(["acceptBy", "answerBy"]), dueBy: day, lateDays: z.number().int(), unitId: z.string(), officialId: z.string() }),
    present: (p, names) => ({
      ...where(names, p),
      level: p.level,
      what: render(names.language, p.date === "acceptBy" ? "due_what_accept" : "due_what_answer"),
      date: p.dueBy,
      late: p.lateDays > 0 ? render(names.language, "overdue_late_days", { days: p.lateDays }) : render(names.language, "overdue_late_today"),
      unit: unitName(names, p.unitId),
      holder: p.officialId ? officialName(names, p.officialId) : render(names.language, "unreached_no_official"),
    }),
    // 督办: a supervision note goes to the handler, a new answer-by day (限期办结) to them and the
    // petitioner; the case card has the rest.
    actions: (p) => [act("action_supervise", "note", p.code), ...(p.date === "answerBy" ? [act("action_set_due_date", "duedate", p.code)] : []), act("action_more", "case", p.code)],
  },
  notice_calendar_uncovered: {
    schema: z.object({ year: z.number().int(), from: day }),
    present: (p) => ({ year: p.year, from: p.from }),
  },
  // 限期办结
  notice_due_date_set: {
    schema: z.object({ code: z.string(), officialId: z.string(), reason: z.string(), fromAnswerBy: day, answerBy: day }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), reason: p.reason, from: p.fromAnswerBy, date: p.answerBy }),
    actions: (p) => [act("action_more", "case", p.code)],
  },
  notice_case_due_date_set: {
    schema: z.object({ code: z.string(), unitId: z.string(), reason: z.string(), answerBy: day }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), reason: p.reason, date: p.answerBy }),
  },
  // 补位
  notice_taken_over: {
    schema: z.object({ code: z.string(), officialId: z.string(), reason: z.string().optional() }),
    present: (p, names) => ({ code: p.code, official: officialName(names, p.officialId), reason: p.reason ? render(names.language, "taken_over_reason", { reason: p.reason }) : "" }),
  },
  notice_case_still_open: {
    schema: z.object({ code: z.string(), unitId: z.string(), dueBy: z.union([day, z.literal("")]), late: z.boolean().optional() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), expected: p.dueBy ? render(names.language, p.late ? "still_open_late" : "still_open_expected", { date: p.dueBy }) : "" }),
  },
  // follow-up (回访): the three ratings as buttons, or numbered lines that can be typed as shown
  notice_survey: {
    schema: z.object({ code: z.string(), unitId: z.string(), reminder: z.boolean().optional() }),
    present: (p, names) => ({ code: p.code, unit: unitName(names, p.unitId), again: p.reminder ? render(names.language, "survey_again") : "" }),
    actions: (p) => satisfactions.map((rating) => ({ label: `rate_${rating}` as const, params: { code: p.code }, command: `${caseCommand("rate", p.code)} ${rating}` })),
  },
  notice_revisit_task: {
    schema: z.object({ code: z.string() }),
    present: (p) => p,
    actions: (p) => [act("action_revisit", "revisit", p.code), ...more(p.code)],
  },
};

/** An action on the case a notice is about, and "more actions" (the case's card). */
function act(label: MessageKey, command: string, code: string): NoticeAction {
  return { label, params: { code }, command: caseCommand(command, code) };
}
const more = (code: string): NoticeAction[] => [act("action_more", "case", code)];

/** A case event's type in words ("case.answered" → "已答复"), for timelines and the owner's updates. */
export function eventWords(language: Language, type: string): string {
  const key = `event_${type.replace(/^[a-z]+\./, "")}`;
  return isMessageKey(key) ? render(language, key) : type;
}

export function isNoticeKey(key: string): key is NoticeKey {
  return Object.hasOwn(presenters, key);
}

/**
 * Rows written before parameters became ids carry flat, already-resolved values (a parameter may
 * be a catalogue key, `{ key }`, for words like "anonymous"); they are still rendered as written.
 */
const legacyParams = z.record(z.string(), z.union([z.string(), z.number(), z.object({ key: z.string() })]));

/** A notice as its recipient gets it: the text, and what they can do about it (empty for most). */
export interface RenderedNotice {
  text: string;
  /** Each action's label in the recipient's language and idiom, with its command as the value. */
  choices: Choice[];
}

/**
 * `idiom`: the recipient's channel shows buttons and commands, or numbered lists and plain words.
 * `reveal`: opens the sealed name and phone; only the delivery to the recipient passes one.
 */
export function presentNotice(language: Language, messageKey: string, rawParams: unknown, org: OrgSnapshot, idiom: Idiom = "buttons", reveal: Reveal = cannotReveal): RenderedNotice {
  if (!isNoticeKey(messageKey)) throw new UnknownNoticeError(`no notice "${messageKey}" in the catalogue`);
  const presenter = presenters[messageKey] as Presenter<NoticeKey>;
  const parsed = presenter.schema.safeParse(rawParams);
  if (!parsed.success) return { text: renderLegacy(language, messageKey, rawParams, idiom, reveal), choices: [] };
  const text = render(language, messageKey, presenter.present(parsed.data, { org, language, reveal }), idiom);
  const choices = actionChoices(language, idiom, presenter.actions?.(parsed.data) ?? []);
  const hint = actionsHint(language, idiom, choices);
  return { text: hint === undefined ? text : `${text}\n\n${hint}`, choices };
}

/** The notice's text alone (with, on numbered channels, the line saying how to answer its actions). */
export function renderNotice(language: Language, messageKey: string, rawParams: unknown, org: OrgSnapshot, idiom: Idiom = "buttons", reveal: Reveal = cannotReveal): string {
  return presentNotice(language, messageKey, rawParams, org, idiom, reveal).text;
}

/**
 * A row in the old flat shape. It offers no actions: its parameters are not the typed ones the
 * presenters derive actions from, and such rows predate actions anyway.
 */
function renderLegacy(language: Language, messageKey: NoticeKey, rawParams: unknown, idiom: Idiom, reveal: Reveal): string {
  const legacy = legacyParams.safeParse(rawParams);
  if (!legacy.success) throw new UnknownNoticeError(`parameters of "${messageKey}" are malformed`);
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(legacy.data)) {
    // The old flat petitioner ("王小明 +86…") was sealed whole by the start-up migration.
    params[name] = typeof value === "object" ? (isMessageKey(value.key) ? render(language, value.key) : value.key) : isSealed(value) ? reveal(value) : value;
  }
  // Placeholders added to a template since such rows were written read as nothing.
  params.location ??= "";
  params.delayed ??= "";
  params.transfer ??= "";
  // priority (急事急办)
  params.priority ??= "";
  return render(language, messageKey, params, idiom);
}
