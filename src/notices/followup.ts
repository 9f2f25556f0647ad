/**
 * Who hears of a follow-up step (回访): the petitioner is asked, and asked again, whether they are
 * satisfied, with the three ratings to press or type; when they never answer, the official whose
 * answer it was (else the unit head) is asked to revisit by phone or in person. A survey answer
 * tells the signers as a revisit does (./handling.ts); not satisfied, the reopening tells the rest.
 */
import type { Case } from "../cases/case";
import { caseEventTypes, type CaseEvent } from "../cases/events";
import type { OwedNotice } from "../kernel/notices";
import { noticeMessage } from "../kernel/notices";

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export function followUpNotices(event: CaseEvent, after: Case): OwedNotice[] {
  const code = after.trackingCode;
  switch (event.type) {
    case caseEventTypes.surveySent:
    case caseEventTypes.surveyReminded: {
      const reminder = event.type === caseEventTypes.surveyReminded;
      return [{ recipient: { role: "petitioner", personId: after.personId }, message: noticeMessage("notice_survey", { code, unitId: after.unitId ?? "", ...(reminder ? { reminder } : {}) }), purpose: "survey", eventSeq: event.seq }];
    }
    case caseEventTypes.surveyUnanswered:
      return ids(event.payload.to).map((officialId) => ({ recipient: { role: "handling_official", officialId }, message: noticeMessage("notice_revisit_task", { code }), purpose: "revisit_task", eventSeq: event.seq }));
    default:
      return [];
  }
}

/** Pending survey notices are cancelled once the petitioner answers or an official revisits. */
export const followUpNoticePurposes = ["survey"] as const;
