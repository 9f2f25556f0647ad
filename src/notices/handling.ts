/**
 * Who hears of each handling step: the petitioner of every public one, in their language, through
 * the outbox (事事有回音); the officials of what they must act on next; and the first-contact owner
 * (首问负责) of every step taken by someone else, so they can follow the case through transfers.
 */
import { isAccused } from "../cases/accused";
import type { Case } from "../cases/case";
import { caseEventTypes, type CaseEvent } from "../cases/events";
import type { OwedNotice, Recipient } from "../kernel/notices";
import { noticeMessage } from "../kernel/notices";
import type { OrgSnapshot } from "../org/types";
import type { Priority } from "../kernel/answers";

type Owed = Omit<OwedNotice, "eventSeq">;

const petitioner = (after: Case): Recipient => ({ role: "petitioner", personId: after.personId });
const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** The notices one handling event owes; the caller numbers them with the event's seq. */
export function handlingNotices(event: CaseEvent, after: Case, org: OrgSnapshot): OwedNotice[] {
  const code = after.trackingCode;
  const unitId = event.unitId ?? after.unitId ?? "";
  const p = event.payload;
  const owed: Owed[] = [];
  switch (event.type) {
    case caseEventTypes.accepted:
      owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_accepted", { code, unitId, officialId: event.officialId ?? "", answerBy: str(p.answerBy) }), purpose: "told" });
      break;
    case caseEventTypes.declined:
      owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_declined", { code, unitId, reason: str(p.reason), redirect: str(p.redirect) }), purpose: "told" });
      break;
    case caseEventTypes.progressNoted:
      // co-handling (协办): the holding unit's handler hears of a co-handling unit's part.
      if (p.kind === "co_handling") {
        const attachments = Array.isArray(p.attachmentIds) ? (p.attachmentIds as string[]) : [];
        for (const staff of handlers(after, org)) {
          owed.push({ recipient: staff, message: noticeMessage("notice_co_handling_part", { code, unitId: event.unitId ?? "", officialId: actorId(event), text: str(p.text), attachments: attachments.length }), purpose: "co_handling_part", attachmentIds: attachments });
        }
      }
      if (event.visibility === "petitioner") {
        const attachments = Array.isArray(p.attachmentIds) ? (p.attachmentIds as string[]) : [];
        owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_progress", { code, unitId, text: str(p.text), attachments: attachments.length }), purpose: "told", attachmentIds: attachments });
      }
      // A note by someone outside the holding unit (the owner pressing it, a leader, the office
      // supervising) is for the unit to act on: its handler hears it.
      if (p.kind !== "co_handling" && event.actor.kind === "official" && !org.officials.some((o) => o.id === actorId(event) && o.unitId === after.unitId)) {
        for (const staff of handlers(after, org)) owed.push({ recipient: staff, message: noticeMessage("notice_case_pressed", { code, officialId: actorId(event), text: str(p.text) }), purpose: "pressed" });
      }
      break;
    case caseEventTypes.answerProposed:
      for (const approver of approvers(after, org)) {
        owed.push({ recipient: approver, message: noticeMessage("notice_answer_for_approval", { code, officialId: event.officialId ?? "", outcome: p.outcome as never, text: str(p.text) }), purpose: "approve" });
      }
      break;
    case caseEventTypes.answerReturned:
      if (event.officialId) owed.push({ recipient: { role: "handling_official", officialId: event.officialId }, message: noticeMessage("notice_answer_returned", { code, officialId: actorId(event), comment: str(p.comment) }), purpose: "returned" });
      break;
    case caseEventTypes.answered:
      owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_answered", { code, unitId, outcome: p.outcome as never, text: str(p.text) }), purpose: "told" });
      if (event.officialId) owed.push({ recipient: { role: "handling_official", officialId: event.officialId }, message: noticeMessage("notice_answer_delivered", { code }), purpose: "revisit_next" });
      break;
    case caseEventTypes.reopened:
      owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_reopened", { code, unitId }), purpose: "told" });
      // A head who handles the case himself is told once: one recipient, purpose and event is one
      // outbox row (its dedupKey), and a second such row would fail the whole commit.
      for (const staff of distinct([...heads(after, org), ...(after.officialId ? [{ role: "handling_official" as const, officialId: after.officialId }] : [])])) {
        owed.push({ recipient: staff, message: noticeMessage("notice_case_reopened_staff", { code, satisfaction: "unsatisfied", opinion: event.reason ?? "" }), purpose: "reopened" });
      }
      break;
    case caseEventTypes.closed:
      owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_closed", { code, unitId }), purpose: "told" });
      break;
    case caseEventTypes.petitionerAdded: {
      const attachments = Array.isArray(p.attachmentIds) ? (p.attachmentIds as string[]) : [];
      const kind = p.kind === "message" ? "message" : "material";
      for (const staff of handlers(after, org)) {
        owed.push({ recipient: staff, message: noticeMessage("notice_petitioner_added", { code, kind, text: str(p.text), attachments: attachments.length }), purpose: "petitioner_added", attachmentIds: attachments });
      }
      break;
    }
    case caseEventTypes.held:
      // Given by the petition office: the leader hears it is theirs now (one who took it knows).
      if (event.officialId && event.officialId !== actorId(event)) owed.push({ recipient: { role: "responsible_leader", officialId: event.officialId }, message: noticeMessage("notice_case_held", { code }), purpose: "held" });
      break;
    // casework end to end: the sign-off request. Without it nobody asked the head to sign, so a
    // case revisited by someone else (the petition office) waited for a signature nobody knew of.
    case caseEventTypes.revisited:
    // follow-up (回访): the petitioner's own survey answer is the revisit record
    case caseEventTypes.surveyAnswered:
      // Unsatisfied: the reopening that comes with it tells the staff and the owner, as before.
      if (p.satisfaction === "unsatisfied") return [];
      for (const signer of signers(after, org).filter((r) => "officialId" in r && r.officialId !== actorId(event))) {
        owed.push({ recipient: signer, message: noticeMessage("notice_signoff_due", { code, satisfaction: p.satisfaction as never, opinion: str(p.opinion) }), purpose: "sign_off" });
      }
      break;
    case caseEventTypes.withdrawn:
      for (const staff of handlers(after, org)) owed.push({ recipient: staff, message: noticeMessage("notice_case_withdrawn_staff", { code, reason: event.reason ?? "" }), purpose: "withdrawn" });
      break;
    // ── transfers (转办) ──
    case caseEventTypes.transferRequested:
      for (const admin of officeAdmins(org)) {
        owed.push({
          recipient: admin,
          message: noticeMessage("notice_transfer_for_approval", { code, officialId: event.officialId ?? "", fromUnitId: str(p.fromUnitId), toUnitId: str(p.toUnitId), reason: str(p.reason) }),
          purpose: "transfer_approval",
        });
      }
      break;
    case caseEventTypes.transferred:
      owed.push(...transferredNotices(event, after, org));
      break;
    case caseEventTypes.transferRejected:
      if (event.officialId) owed.push({ recipient: { role: "handling_official", officialId: event.officialId }, message: noticeMessage("notice_transfer_rejected", { code, unitId, officialId: actorId(event), comment: str(p.comment) }), purpose: "transfer_rejected" });
      break;
    // ── co-handling (协办) and extension (延期) ──
    case caseEventTypes.coHandlerInvited:
      // Those of the invited unit who would do the work: its head and its handling officials.
      for (const invited of org.officials.filter((o) => o.active && o.unitId === event.unitId && (o.roles.includes("unit_head") || o.roles.includes("handling_official")))) {
        owed.push({
          recipient: { role: "co_handler", officialId: invited.id },
          message: noticeMessage("notice_co_handling_invited", { code, categoryId: after.categoryId, areaId: after.areaId, leadUnitId: after.unitId ?? "", officialId: actorId(event), request: str(p.request), description: after.description }),
          purpose: "co_handling_invited",
        });
      }
      break;
    case caseEventTypes.extensionRequested:
      for (const head of heads(after, org)) {
        owed.push({ recipient: head, message: noticeMessage("notice_extension_for_approval", { code, officialId: actorId(event), reason: str(p.reason), fromAnswerBy: str(p.fromAnswerBy), toAnswerBy: str(p.toAnswerBy) }), purpose: "approve_extension" });
      }
      break;
    case caseEventTypes.extensionApproved:
      owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_extended", { code, unitId, reason: str(p.reason), answerBy: str(p.answerBy) }), purpose: "told" });
      if (event.officialId && event.officialId !== actorId(event)) owed.push({ recipient: { role: "handling_official", officialId: event.officialId }, message: noticeMessage("notice_extension_approved", { code, answerBy: str(p.answerBy) }), purpose: "extension_decided" });
      break;
    case caseEventTypes.extensionRejected:
      if (event.officialId && event.officialId !== actorId(event)) {
        owed.push({ recipient: { role: "handling_official", officialId: event.officialId }, message: noticeMessage("notice_extension_rejected", { code, officialId: actorId(event), reason: str(p.reason), answerBy: after.answerBy ?? "" }), purpose: "extension_decided" });
      }
      break;
    // 补位: the previous holder hears who took the case over; the petitioner does not (same unit).
    case caseEventTypes.takenOver: {
      const from = str(p.fromOfficialId);
      const reason = str(p.reason);
      if (from) owed.push({ recipient: { role: "handling_official", officialId: from }, message: noticeMessage("notice_taken_over", { code, officialId: actorId(event), ...(reason ? { reason } : {}) }), purpose: "taken_over" });
      break;
    }
    // 限期办结: the petitioner hears the new day and why; the handler hears it as an order; the
    // unit head too when someone above them set it (a leader, the office), since it is their unit's date.
    case caseEventTypes.dueDateSet: {
      owed.push({ recipient: petitioner(after), message: noticeMessage("notice_case_due_date_set", { code, unitId, reason: str(p.reason), answerBy: str(p.answerBy) }), purpose: "told" });
      const order = noticeMessage("notice_due_date_set", { code, officialId: actorId(event), reason: str(p.reason), fromAnswerBy: str(p.fromAnswerBy), answerBy: str(p.answerBy) });
      const handler = event.officialId;
      if (handler && handler !== actorId(event)) owed.push({ recipient: { role: "handling_official", officialId: handler }, message: order, purpose: "due_date_set" });
      const unitHeads = heads(after, org);
      const idOf = (r: Recipient) => ("officialId" in r ? r.officialId : "");
      if (!unitHeads.some((head) => idOf(head) === actorId(event))) {
        owed.push(...unitHeads.filter((head) => idOf(head) !== handler).map((head) => ({ recipient: head, message: order, purpose: "due_date_set" })));
      }
      break;
    }
    // ── priority (急事急办) ──
    case caseEventTypes.priorityChanged:
      owed.push(...priorityChangedNotices(event, after, org));
      break;
    default:
      return [];
  }
  const told = new Set(owed.map((n) => ("officialId" in n.recipient ? n.recipient.officialId : "")));
  const owner = after.ownerOfficialId;
  // The owner follows every step someone else takes, unless this step already tells them. That
  // includes an acceptance by another official after the case moved on (the first acceptance is
  // the owner's own, so it tells them nothing).
  if (owner && owner !== actorId(event) && !told.has(owner)) {
    owed.push({ recipient: { role: "first_contact_owner", officialId: owner }, message: noticeMessage("notice_owner_update", { code, event: event.type, unitId }), purpose: "owner" });
  }
  return owed.map((notice) => ({ ...notice, eventSeq: event.seq }));
}

// ── transfers (转办) ──
/**
 * A transfer tells the petitioner where the case went (the receiving official hears by the
 * assignment that follows it); the official who asked, when the office approved; the official
 * who held it, that it is gone; and, past the limit, the petition office that it keeps moving.
 */
function transferredNotices(event: CaseEvent, after: Case, org: OrgSnapshot): Owed[] {
  const code = after.trackingCode;
  const p = event.payload;
  const unitId = str(p.toUnitId) || (after.unitId ?? "");
  const actor = actorId(event);
  const owed: Owed[] = [{ recipient: petitioner(after), message: noticeMessage("notice_case_transferred", { code, unitId, acceptBy: after.acceptBy ?? "" }), purpose: "told" }];
  const requestedBy = str(p.requestedBy);
  if (p.approvedBy && requestedBy && requestedBy !== actor) {
    owed.push({ recipient: { role: "handling_official", officialId: requestedBy }, message: noticeMessage("notice_transfer_approved", { code, unitId, officialId: actor }), purpose: "transfer_approved" });
  }
  const held = str(p.fromOfficialId);
  if (held && held !== actor && held !== requestedBy) {
    owed.push({ recipient: { role: "handling_official", officialId: held }, message: noticeMessage("notice_transferred_away", { code, unitId }), purpose: "transferred_away" });
  }
  if (p.flagged === true) {
    const count = typeof p.count === "number" ? p.count : 0;
    const max = typeof p.maxTransfers === "number" ? p.maxTransfers : 0;
    for (const admin of officeAdmins(org).filter((r) => !("officialId" in r) || r.officialId !== actor)) {
      owed.push({ recipient: admin, message: noticeMessage("notice_transfer_flag", { code, unitId, count, max }), purpose: "transfer_flag" });
    }
  }
  return owed;
}

// ── priority (急事急办) ──
/**
 * Those working on the case hear its priority changed, by whom and why: its handler and the unit's
 * heads; the petition office too when it becomes or stops being urgent (urgent cases are shown to
 * it). Not the one who changed it, nor anyone the case accuses.
 */
function priorityChangedNotices(event: CaseEvent, after: Case, org: OrgSnapshot): Owed[] {
  const p = event.payload;
  const from = p.from as Priority;
  const to = p.to as Priority;
  const urgentInvolved = from === "urgent" || to === "urgent";
  const office = urgentInvolved ? officeAdmins(org).filter((r) => "officialId" in r && !org.officials.some((o) => o.id === r.officialId && isAccused(o, after.handling.accused))) : [];
  const actor = actorId(event);
  return distinct([...handlers(after, org), ...heads(after, org), ...office])
    .filter((r) => !("officialId" in r) || r.officialId !== actor)
    .map((recipient) => ({ recipient, message: noticeMessage("notice_priority_changed", { code: after.trackingCode, officialId: actor, from, to, reason: str(p.reason) }), purpose: "priority_changed" }));
}

const officeAdmins = (org: OrgSnapshot): Recipient[] =>
  org.officials.filter((o) => o.active && o.roles.includes("petition_office_admin")).map((o) => ({ role: "petition_office", officialId: o.id }));

/** Each official once, in the first role they were listed in. */
function distinct(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const id = "officialId" in r ? r.officialId : r.personId;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const actorId = (event: CaseEvent): string => (event.actor.kind === "system" ? "" : event.actor.id);

/** The unit head(s) of the holding unit, or the petition office when the unit has none. */
function heads(after: Case, org: OrgSnapshot): Recipient[] {
  const unitHeads = org.officials.filter((o) => o.active && o.unitId === after.unitId && o.roles.includes("unit_head"));
  if (unitHeads.length > 0) return unitHeads.map((o) => ({ role: "unit_head", officialId: o.id }));
  // Never an admin the case accuses (a complaint about the petition office's own staff).
  return org.officials
    .filter((o) => o.active && o.roles.includes("petition_office_admin") && !isAccused(o, after.handling.accused))
    .map((o) => ({ role: "petition_office", officialId: o.id }));
}

/** Who approves the answer: the heads, and the 包案 leader when one holds the case. */
function approvers(after: Case, org: OrgSnapshot): Recipient[] {
  const leader: Recipient[] = after.leaderOfficialId ? [{ role: "responsible_leader", officialId: after.leaderOfficialId }] : [];
  return [...heads(after, org).filter((r) => !("officialId" in r) || r.officialId !== after.leaderOfficialId), ...leader];
}

/** Whoever handles the case now: its official, or the heads when nobody holds it personally. */
function handlers(after: Case, org: OrgSnapshot): Recipient[] {
  return after.officialId ? [{ role: "handling_official", officialId: after.officialId }] : heads(after, org);
}

/**
 * Whose signatures closure needs after the revisit (casework end to end): the handling official,
 * the unit's heads and a 包案 leader, each once — not the petition office standing in for a unit
 * without a head (it approves answers but signs nothing). The one who recorded the revisit is left
 * out by the caller: the reply to the revisit already offers them the sign-off.
 */
function signers(after: Case, org: OrgSnapshot): Recipient[] {
  const handler: Recipient[] = after.officialId ? [{ role: "handling_official", officialId: after.officialId }] : [];
  return distinct([...handler, ...approvers(after, org).filter((r) => r.role !== "petition_office")]);
}
