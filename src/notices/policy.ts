/**
 * Which events tell whom (事事有回音): a pure function from an outcome's events to the notices
 * owed, with recipients by role, typed message keys and parameters that are ids and plain values.
 * Rendering waits until sending (render.ts), in each recipient's language.
 */
import { isAccused } from "../cases/accused";
import type { Case } from "../cases/case";
import type { CaseEvent } from "../cases/events";
import { caseEventTypes } from "../cases/events";
import { emergencyNumbers, type EmergencyNumber } from "../kernel/answers";
import type { OwedNotice, PetitionerParam } from "../kernel/notices";
import type { OrgSnapshot } from "../org/types";
import { timerNotices } from "./deadlines";
import { followUpNotices } from "./followup";
import { handlingNotices } from "./handling";

export interface NoticeContext {
  org: OrgSnapshot;
  /** Officials who have a chat account to be told on; the others cannot be reached directly. */
  reachableOfficials: ReadonlySet<string>;
  /**
   * The petitioner and the petition office were told this petition was delayed (it could not be
   * recorded in time): its registration tells both that it is recorded now.
   */
  intakeDelayed?: boolean;
}

export function noticesFor(events: readonly CaseEvent[], after: Case, ctx: NoticeContext): OwedNotice[] {
  const owed = events.flatMap((event) => {
    switch (event.type) {
      case caseEventTypes.registered:
        return [acknowledgement(event, after, ctx), ...(ctx.intakeDelayed ? delayOver(event, after, ctx.org) : []), ...visitRecordedNotice(event, after), /* priority (急事急办) */ ...urgentCaseNotices(event, after, ctx.org)];
      case caseEventTypes.assigned:
        return assignmentNotices(event, after, ctx);
      // nobody unreached: a reassigned case is told to its new official as an assignment is
      case caseEventTypes.reassigned:
        return assignmentNotices(event, after, ctx);
      // visits
      case caseEventTypes.claimed:
        return claimNotices(event, after);
      // deadlines: reminders, escalations, progress notices
      case caseEventTypes.reminded:
      case caseEventTypes.escalated:
      case caseEventTypes.progressReported:
        return timerNotices(event, after);
      // follow-up (回访): the survey, its reminders, the revisit when it goes unanswered
      case caseEventTypes.surveySent:
      case caseEventTypes.surveyReminded:
      case caseEventTypes.surveyUnanswered:
        return followUpNotices(event, after);
      default:
        return handlingNotices(event, after, ctx.org);
    }
  });
  // visits: the petitioner of a case recorded at a visit has no chat account until they claim it.
  return awaitingClaim(after) ? owed.map((notice) => (notice.recipient.role === "petitioner" ? { ...notice, held: true as const } : notice)) : owed;
}

/**
 * The petitioner hears their tracking code, who handles it and when they will hear about
 * acceptance; one told of a delay hears in the same message that the wait is over.
 */
function acknowledgement(event: CaseEvent, after: Case, ctx: NoticeContext): OwedNotice {
  const unitId = after.unitId ?? ctx.org.units.find((u) => u.isPetitionOffice)?.id ?? "";
  return {
    recipient: { role: "petitioner", personId: after.personId },
    message: { key: "notice_ack", params: { code: after.trackingCode, unitId, acceptBy: after.acceptBy ?? "", ...(ctx.intakeDelayed ? { delayed: true as const } : {}) } },
    purpose: "ack",
    eventSeq: event.seq,
  };
}

/** The petition office, told this petition was delayed, hears that it is recorded now, with its code. */
function delayOver(event: CaseEvent, after: Case, org: OrgSnapshot): OwedNotice[] {
  return org.officials
    .filter((o) => o.active && o.roles.includes("petition_office_admin"))
    .map((admin) => ({
      recipient: { role: "petition_office", officialId: admin.id },
      message: { key: "notice_delay_recorded_office", params: { code: after.trackingCode } },
      purpose: "delay_over",
      eventSeq: event.seq,
    }));
}

/** The assigned official is told, with the petitioner's files; if they cannot be, those who must step in are. */
function assignmentNotices(event: CaseEvent, after: Case, ctx: NoticeContext): OwedNotice[] {
  const officialId = event.officialId ?? null;
  const basics = { code: after.trackingCode, categoryId: after.categoryId, areaId: after.areaId };
  if (officialId && ctx.reachableOfficials.has(officialId)) {
    return [
      {
        recipient: { role: "handling_official", officialId },
        message: {
          key: "notice_assignment",
          params: {
            ...basics,
            petitioner: petitionerOf(after),
            description: after.description,
            attachments: after.attachments.length,
            acceptBy: after.acceptBy ?? "",
            ...(after.location ? { location: after.location } : {}),
            ...transferOf(event),
            // priority (急事急办)
            ...(after.priority !== "normal" ? { priority: after.priority } : {}),
          },
        },
        purpose: "assignment",
        eventSeq: event.seq,
        attachmentIds: after.attachments.map((a) => a.id),
      },
    ];
  }
  // Nobody can be told directly: the unit's head and the petition office must step in.
  const unitId = event.unitId ?? after.unitId ?? "";
  const known = officialId ? ctx.org.officials.find((o) => o.id === officialId) : undefined;
  // Nobody a conduct complaint accuses hears of it: not even the petition office, when it is its staff.
  const stewards = ctx.org.officials.filter(
    (o) => o.active && o.id !== officialId && !isAccused(o, after.handling.accused) && ((o.unitId === unitId && o.roles.includes("unit_head")) || o.roles.includes("petition_office_admin")),
  );
  // nobody unreached: when the unit's head cannot be told either, nobody in the case's chain hears
  // of it; the petition office is told that, once for the case, instead of the step's own notice.
  const unreached = !unitHeadReachable(unitId, ctx);
  return stewards.map((steward): OwedNotice => {
    const role = steward.roles.includes("petition_office_admin") ? "petition_office" : "unit_head";
    if (unreached && role === "petition_office") {
      return {
        recipient: { role, officialId: steward.id },
        message: { key: "notice_unreached_case", params: { ...basics, unitId, officialId: officialId ?? "" } },
        purpose: "unreached",
        eventSeq: event.seq,
        oncePerCase: true,
      };
    }
    return {
      recipient: { role, officialId: steward.id },
      message: known ? { key: "notice_unbound_official", params: { ...basics, officialId: known.id } } : { key: "notice_no_official", params: { ...basics, unitId } },
      purpose: "steward",
      eventSeq: event.seq,
    };
  });
}

// ── nobody unreached ──

/**
 * Whether an active head of the unit can be told in chat. With the case's official, the head is
 * the chain a case's notices reach (src/store/unreached-cases.ts lists the cases where neither can).
 */
function unitHeadReachable(unitId: string, ctx: NoticeContext): boolean {
  return ctx.org.officials.some((o) => o.active && o.unitId === unitId && o.roles.includes("unit_head") && ctx.reachableOfficials.has(o.id));
}

// ── priority (急事急办) ──

/**
 * An urgent case is shown at once to the head of the unit it goes to and to the petition office —
 * never to anyone it accuses — with why it is urgent (the urgent words, not the petitioner's text)
 * and an action to change its priority.
 */
function urgentCaseNotices(event: CaseEvent, after: Case, org: OrgSnapshot): OwedNotice[] {
  if (after.priority !== "urgent") return [];
  const p = event.payload;
  const words = Array.isArray(p.urgentWords) ? p.urgentWords.filter((w): w is string => typeof w === "string") : [];
  const calls = Array.isArray(p.calls) ? p.calls.filter((c): c is EmergencyNumber => (emergencyNumbers as readonly unknown[]).includes(c)) : [];
  const unitId = after.unitId ?? org.units.find((u) => u.isPetitionOffice)?.id ?? "";
  // One notice each, in the office's role for a head who is also an admin.
  return org.officials
    .filter((o) => o.active && !isAccused(o, after.handling.accused) && ((o.unitId === after.unitId && o.roles.includes("unit_head")) || o.roles.includes("petition_office_admin")))
    .map((o): OwedNotice => ({
      recipient: { role: o.roles.includes("petition_office_admin") ? "petition_office" : "unit_head", officialId: o.id },
      message: { key: "notice_urgent_case", params: { code: after.trackingCode, categoryId: after.categoryId, areaId: after.areaId, unitId, words, calls } },
      purpose: "urgent",
      eventSeq: event.seq,
    }));
}

// ── visits ──

/** A case a cadre recorded at a visit that the citizen has not claimed yet. */
export function awaitingClaim(current: Case): boolean {
  return current.handling.visit !== undefined && current.handling.visit.claimedAt === undefined;
}

/** The cadre who recorded the case hears its tracking code, to give the citizen with how to claim it. */
function visitRecordedNotice(event: CaseEvent, after: Case): OwedNotice[] {
  const visit = after.handling.visit;
  if (!visit) return [];
  const unitId = after.unitId ?? "";
  return [
    {
      recipient: { role: "handling_official", officialId: visit.byOfficialId },
      message: { key: "notice_visit_recorded", params: { code: after.trackingCode, unitId, acceptBy: after.acceptBy ?? "", visit: visit.kind } },
      purpose: "visit_recorded",
      eventSeq: event.seq,
    },
  ];
}

/** The cadre hears that the citizen has claimed the case: from now on the citizen is told directly. */
function claimNotices(event: CaseEvent, after: Case): OwedNotice[] {
  const visit = after.handling.visit;
  if (!visit) return [];
  return [{ recipient: { role: "handling_official", officialId: visit.byOfficialId }, message: { key: "notice_visit_claimed", params: { code: after.trackingCode } }, purpose: "visit_claimed", eventSeq: event.seq }];
}

// ── transfers (转办) ──
/** An assignment by transfer tells the receiving official where the case came from and why. */
function transferOf(event: CaseEvent): { transfer?: { fromUnitId: string; reason: string } } {
  const transfer = event.payload.transfer as { fromUnitId?: unknown; reason?: unknown } | undefined;
  if (!transfer || typeof transfer.fromUnitId !== "string") return {};
  return { transfer: { fromUnitId: transfer.fromUnitId, reason: typeof transfer.reason === "string" ? transfer.reason : "" } };
}

/** Officials handling the case may see the petitioner's name and number, unless they chose to be anonymous. */
function petitionerOf(after: Case): PetitionerParam {
  if (after.anonymous || (!after.contactName && !after.contactPhone)) return { anonymous: true };
  return { anonymous: false, ...(after.contactName ? { name: after.contactName } : {}), ...(after.contactPhone ? { phone: after.contactPhone } : {}) };
}
