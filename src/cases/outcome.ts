/**
 * What a case command decides: either an outcome — the events to append, the case as it will
 * stand, and what else changes with it — or a refusal that names why. The store applies an
 * outcome in one transaction, guarded by the sequence number the decision read; it decides
 * nothing itself. The notices an outcome owes are added by the notice policy (src/notices).
 */
import type { TimerStep } from "../deadlines/schedule";
import type { OwedNotice } from "../kernel/notices";
import type { Case, CaseAttachment } from "./case";
import type { CaseEvent } from "./events";
import type { ClosureGap } from "./handling";

export interface Outcome {
  /** The case after the command. */
  next: Case;
  /** The case's seq when the decision was made: the commit succeeds only if it is still that. 0 for a new case. */
  expectedSeq: number;
  /** Present when the outcome creates the case (submit): the key that makes one confirmation one case. */
  creation?: { idempotencyKey: string };
  events: CaseEvent[];
  /** A new current holder of the case; the previous assignment ends when this one starts. */
  assignment?: { unitId: string; officialId: string | null; ruleId: string | null };
  /** Files added to the case by this command (a photo with a progress note, material from the petitioner). */
  attachments?: CaseAttachment[];
  /** Pending notices of this case, by purpose, that no longer apply (a reminder for a case that closed). */
  cancelNotices?: string[];
  /**
   * visits: the notices held for this person (a visit-recorded case's petitioner without an account)
   * go to the case's petitioner now (next.personId), to be sent.
   */
  releaseHeld?: { fromPersonId: string };
  /**
   * deadlines: the timer steps this outcome takes (a wake), each written as a unique row
   * (case, kind, date, level, day) in the same transaction, so a step is taken once even if a timer
   * and the sweep decide it at the same moment.
   */
  timerSteps?: TimerStep[];
  notices: OwedNotice[];
}

/** Why a command was refused, in words the boundary renders for the actor. */
export type RefusalCode =
  | "unknown_category"
  | "unknown_area"
  | "no_deadline_policy"
  | "wrong_state"
  | "case_exists"
  /** The actor has no standing for this action on this case: written to the audit log. */
  | "not_allowed"
  /** Closure without everything 三不结案 asks for; `gaps` names what is missing. */
  | "closure_incomplete"
  /** The input does not make sense for the command (an empty answer, a date in the past). */
  | "invalid_input"
  /** The same approval or sign-off given twice. */
  | "already_done"
  // ── transfers (转办) ──
  /** A conduct complaint cannot go to the unit it accuses, or to the accused official's unit. */
  | "transfer_to_accused"
  /** The case is with that unit already. */
  | "transfer_to_same_unit"
  /** A transfer asked earlier still waits for the petition office. */
  | "transfer_pending";

export interface Refusal {
  code: RefusalCode;
  /** For the log and the record; never shown to a citizen as is. */
  detail: string;
  /** closure_incomplete: what closure still lacks. */
  gaps?: ClosureGap[];
  /** What exactly was wrong, with the plain values the actor is told (a limit, a date). */
  because?: RefusalBecause;
}

/**
 * Refusals that say more than their code, each with a stable name and plain values (days are
 * YYYY-MM-DD): the boundary renders them as `refused_<why>` in the actor's language.
 */
export type RefusalBecause =
  // co-handling (协办)
  | { why: "co_handler_is_holder" }
  | { why: "co_handler_accused" }
  | { why: "co_handler_unknown" }
  | { why: "co_handler_already" }
  // extension (延期)
  | { why: "extension_used"; answerBy: string }
  | { why: "extension_pending"; toAnswerBy: string }
  | { why: "extension_none_pending" }
  | { why: "extension_too_long"; maxDays: number; latest: string }
  | { why: "extension_not_later"; answerBy: string }
  | { why: "date_in_past"; day: string; today: string }
  // 限期办结
  | { why: "due_date_unchanged"; answerBy: string }
  | { why: "beyond_national_limit"; latest: string };

export type Decision = { ok: true; outcome: Outcome } | { ok: false; refusal: Refusal };

export type Refused = { ok: false; refusal: Refusal };

export const refuse = (code: RefusalCode, detail: string, extra: Pick<Refusal, "gaps" | "because"> = {}): Refused => ({ ok: false, refusal: { code, detail, ...extra } });

/**
 * Appends events to a case: each takes the case's next sequence number, and the case's seq becomes
 * the last one's. Returns the case after them.
 */
export function append(current: Case, changes: Partial<Case>, events: Omit<CaseEvent, "seq">[]): { next: Case; events: CaseEvent[] } {
  const numbered = events.map((event, index) => ({ ...event, seq: current.seq + index + 1 }));
  return { next: { ...current, ...changes, seq: current.seq + numbered.length }, events: numbered };
}

/**
 * Decides a second command on the case as the first outcome leaves it, as one outcome committed
 * together (intake: submit, then assign). A refusal of either refuses both.
 */
export function andThen(first: Decision, decideNext: (current: Case) => Decision): Decision {
  if (!first.ok) return first;
  const second = decideNext(first.outcome.next);
  if (!second.ok) return second;
  const a = first.outcome;
  const b = second.outcome;
  return {
    ok: true,
    outcome: {
      next: b.next,
      expectedSeq: a.expectedSeq,
      ...(a.creation ? { creation: a.creation } : {}),
      events: [...a.events, ...b.events],
      ...((b.assignment ?? a.assignment) ? { assignment: b.assignment ?? a.assignment } : {}),
      attachments: [...(a.attachments ?? []), ...(b.attachments ?? [])],
      cancelNotices: [...(a.cancelNotices ?? []), ...(b.cancelNotices ?? [])],
      ...((b.releaseHeld ?? a.releaseHeld) ? { releaseHeld: b.releaseHeld ?? a.releaseHeld } : {}),
      notices: [...a.notices, ...b.notices],
    },
  };
}

/** An allowed command's outcome: the changes and events appended, plus what else changes with them. */
export function proceed(current: Case, changes: Partial<Case>, events: Omit<CaseEvent, "seq">[], extra: Pick<Outcome, "assignment" | "cancelNotices" | "attachments" | "releaseHeld" | "timerSteps"> = {}): Decision {
  const { next, events: numbered } = append(current, changes, events);
  return { ok: true, outcome: { next, expectedSeq: current.seq, events: numbered, notices: [], ...extra } };
}
