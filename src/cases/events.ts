/**
 * What happened to a case, appended and never changed. Every change to a case is one or more of
 * these, written in the same transaction as the change, each with the case's next sequence
 * number. `type` names are stable: reports and timelines read them for years.
 */
import type { Actor } from "./case";
import type { CaseState } from "./states";

export const caseEventTypes = {
  submitted: "petition.submitted",
  registered: "case.registered",
  assigned: "case.assigned",
  accepted: "case.accepted",
  declined: "case.declined",
  progressNoted: "case.progress_noted",
  answerProposed: "case.answer_proposed",
  answerApproved: "case.answer_approved",
  answerReturned: "case.answer_returned",
  answered: "case.answered",
  revisited: "case.revisited",
  reopened: "case.reopened",
  signedOff: "case.signed_off",
  closed: "case.closed",
  withdrawn: "case.withdrawn",
  petitionerAdded: "case.petitioner_added",
  // nobody unreached: the petition office (or an admin at the terminal) gives the case to another official
  reassigned: "case.reassigned",
  // visits: a cadre recorded the petition for a citizen, who later claims it from their own account
  recordedAtVisit: "case.recorded_at_visit",
  claimed: "case.claimed",
  held: "case.held",
  // ── transfers (转办) ──
  transferRequested: "case.transfer_requested",
  transferred: "case.transferred",
  transferRejected: "case.transfer_rejected",
  // co-handling (协办) and extension (延期); a co-handler's part is a progress_noted of kind "co_handling"
  coHandlerInvited: "case.co_handler_invited",
  extensionRequested: "case.extension_requested",
  extensionApproved: "case.extension_approved",
  extensionRejected: "case.extension_rejected",
  // priority (急事急办): changed with a reason by the unit head, a 包案 leader or the petition office
  priorityChanged: "case.priority_changed",
  // deadlines: timer steps, each with its kind and level (src/cases/commands/wake.ts)
  reminded: "case.reminded",
  escalated: "case.escalated",
  progressReported: "case.progress_reported",
  // 补位: the unit head or the holder's stand-in takes the case over (src/cases/commands/take-over.ts)
  takenOver: "case.taken_over",
  // 限期办结: an escalation's recipient sets a new answer-by day (src/cases/commands/set-due-date.ts)
  dueDateSet: "case.due_date_set",
  // ── follow-up (回访): the survey after each answer (src/followup, src/cases/commands/answer-survey.ts) ──
  surveySent: "case.survey_sent",
  surveyReminded: "case.survey_reminded",
  surveyAnswered: "case.survey_answered",
  /** No reply after the last reminder: the handler is asked to revisit by phone or in person. */
  surveyUnanswered: "case.survey_unanswered",
  // ── review (复查) and re-review (复核): the levels above the unit (src/cases/commands/request-review.ts) ──
  /**
   * The petitioner contests the answer they received: payload.level "review" or "re_review". The
   * event's unitId and officialId are those of the contested answer; payload.toUnitId the body above.
   */
  reviewRequested: "case.review_requested",
  /** The re-review's answer was revisited: the matter is concluded (三级终结), satisfied or not. */
  concluded: "case.concluded",
} as const;
export type CaseEventType = (typeof caseEventTypes)[keyof typeof caseEventTypes];

/** An event a decision appends; the store gives it an id, the commit its place after the case's seq. */
export interface CaseEvent {
  seq: number;
  type: CaseEventType;
  at: Date;
  actor: Actor;
  fromState: CaseState | null;
  toState: CaseState | null;
  /** Whether the petitioner may see it in their timeline. */
  visibility: "petitioner" | "internal";
  /** Why, in words for the record (routing's rule, later an official's reason). */
  reason?: string;
  unitId?: string | null;
  officialId?: string | null;
  /** Plain JSON details; its shape is versioned by the event type. */
  payload: Record<string, unknown>;
}
