/**
 * Who hears of a timer step (src/cases/commands/wake.ts): the officials the wake named in the
 * event (the handler, their stand-in, the unit head, the leader, the petition office: the event
 * keeps who was told), and the petitioner of a progress notice (定期通报). When they hear it is
 * not decided here: src/casework/owe-notices.ts holds officials' reminders to working hours and
 * petitioners' notices past the quiet hours.
 */
import type { Case } from "../cases/case";
import { caseEventTypes, type CaseEvent } from "../cases/events";
import type { OwedNotice, RecipientRole } from "../kernel/notices";
import { noticeMessage } from "../kernel/notices";
import type { PromisedDate } from "../deadlines/promises";

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const num = (value: unknown): number => (typeof value === "number" ? value : 0);
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
const roles: readonly string[] = ["handling_official", "unit_head", "responsible_leader", "petition_office"] satisfies RecipientRole[];
const roleOf = (value: unknown): RecipientRole => (roles.includes(str(value)) ? (str(value) as RecipientRole) : "unit_head");
const promised = (value: unknown): PromisedDate => (value === "acceptBy" ? "acceptBy" : "answerBy");

export function timerNotices(event: CaseEvent, after: Case): OwedNotice[] {
  const code = after.trackingCode;
  const p = event.payload;
  const seq = event.seq;
  switch (event.type) {
    case caseEventTypes.progressReported:
      return [{ recipient: { role: "petitioner", personId: after.personId }, message: noticeMessage("notice_case_still_open", { code, unitId: after.unitId ?? "", dueBy: str(p.dueBy), ...(p.late === true ? { late: true } : {}) }), purpose: "progress", eventSeq: seq }];
    case caseEventTypes.reminded: {
      // A stand-in (补位) is told as the handler would be; the notice says whose case it is.
      const role = p.role === "stand_in" ? "handling_official" : roleOf(p.role);
      const message =
        p.kind === "unaccepted"
          ? noticeMessage("notice_unaccepted", { code, categoryId: after.categoryId, areaId: after.areaId, officialId: after.officialId ?? "", acceptBy: str(p.day) })
          : noticeMessage("notice_due_reminder", { code, date: promised(p.date), dueBy: str(p.day), today: p.kind === "due_today", ...(p.awayOfficialId ? { awayOfficialId: str(p.awayOfficialId) } : {}) });
      return ids(p.to).map((officialId) => ({ recipient: { role, officialId }, message, purpose: "reminder", eventSeq: seq }));
    }
    case caseEventTypes.escalated: {
      const message = noticeMessage("notice_overdue", {
        code,
        categoryId: after.categoryId,
        areaId: after.areaId,
        level: num(p.level),
        date: promised(p.date),
        dueBy: str(p.day),
        lateDays: num(p.lateDays),
        unitId: after.unitId ?? "",
        officialId: after.officialId ?? "",
      });
      return ids(p.to).map((officialId) => ({ recipient: { role: roleOf(p.role), officialId }, message, purpose: "escalation", eventSeq: seq }));
    }
    default:
      return [];
  }
}

/** The purposes of timer notices: those still pending are cancelled when the case closes or its date moves. */
export const timerNoticePurposes = ["reminder", "escalation", "progress"] as const;
