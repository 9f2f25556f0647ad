/**
 * Every case command, one file each, and the one entry point that decides them. A new command
 * (transfer, extension…) is a new file and one line in the union and the switch; the compiler
 * points out the switch when the line is missing.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { refuse, type Decision } from "../outcome";
import { decideAccept } from "./accept";
import { decideAnswer, type AnswerInput } from "./answer";
import { decideApproveAnswer } from "./approve-answer";
import { decideAssign, type AssignInput } from "./assign";
import { decideClose } from "./close";
import { decideDecline, type DeclineInput } from "./decline";
import { decideHold, type HoldInput } from "./hold";
import { decideNote, type NoteInput } from "./note";
import { decidePetitionerAdd, decideWithdraw, type PetitionerAddInput } from "./petitioner";
import { decideReturnAnswer } from "./return-answer";
import { decideRevisit, type RevisitInput } from "./revisit";
import { decideSignOff } from "./sign-off";
import { decideSubmit, type SubmitInput } from "./submit";
// nobody unreached, and visits
import { decideClaim, type ClaimInput } from "./claim";
import { decideReassign, type ReassignInput } from "./reassign";

export type { ClaimInput, ReassignInput };
// transfers (转办)
import { decideApproveTransfer } from "./approve-transfer";
import { decideRejectTransfer } from "./reject-transfer";
import { decideRequestTransfer, type TransferFacts, type TransferInput } from "./transfer";

// co-handling (协办) and extension (延期)
import { decideContribute, decideInviteCoHandler, type ContributeInput, type InviteCoHandlerInput } from "./co-handling";
import { decideApproveExtension, decideRejectExtension, decideRequestExtension, type RequestExtensionInput } from "./extension";
// priority (急事急办)
import { decideSetPriority, type SetPriorityInput } from "./set-priority";

// deadlines
import { nextWakeUp } from "../../deadlines/schedule";
import { decideWake } from "./wake";
// 补位
import { decideTakeOver, type TakeOverInput } from "./take-over";
// 限期办结
import { decideSetDueDate, type SetDueDateInput } from "./set-due-date";
// follow-up (回访)
import { decideAnswerSurvey, type AnswerSurveyInput } from "./answer-survey";

export type { AnswerInput, AssignInput, DeclineInput, HoldInput, NoteInput, PetitionerAddInput, RevisitInput, SubmitInput };
export type { TransferFacts, TransferInput };
export type { ContributeInput, InviteCoHandlerInput, RequestExtensionInput };
export type { SetPriorityInput };
export type { TakeOverInput };
export type { SetDueDateInput };
export type { AnswerSurveyInput };

export type CaseCommand =
  | { kind: "submit"; input: SubmitInput }
  | { kind: "assign"; input: AssignInput }
  | { kind: "accept" }
  | { kind: "decline"; input: DeclineInput }
  | { kind: "note"; input: NoteInput }
  | { kind: "answer"; input: AnswerInput }
  | { kind: "approve_answer" }
  | { kind: "return_answer"; input: { comment: string } }
  | { kind: "revisit"; input: RevisitInput }
  | { kind: "sign_off" }
  | { kind: "close" }
  | { kind: "withdraw"; input: { reason: string } }
  | { kind: "petitioner_add"; input: PetitionerAddInput }
  | { kind: "hold"; input: HoldInput }
  // transfers (转办)
  | { kind: "request_transfer"; input: TransferInput }
  | { kind: "approve_transfer"; input: TransferFacts }
  | { kind: "reject_transfer"; input: { comment: string } }
  // co-handling (协办) and extension (延期)
  | { kind: "invite_co_handler"; input: InviteCoHandlerInput }
  | { kind: "contribute"; input: ContributeInput }
  | { kind: "request_extension"; input: RequestExtensionInput }
  | { kind: "approve_extension" }
  | { kind: "reject_extension"; input: { reason: string } }
  // nobody unreached, and visits
  | { kind: "reassign"; input: ReassignInput }
  | { kind: "claim"; input: ClaimInput }
  // deadlines: a timer or the sweep wakes the case
  | { kind: "wake" }
  // priority (急事急办)
  | { kind: "set_priority"; input: SetPriorityInput }
  // 补位
  | { kind: "take_over"; input: TakeOverInput }
  // 限期办结
  | { kind: "set_due_date"; input: SetDueDateInput }
  // follow-up (回访)
  | { kind: "answer_survey"; input: AnswerSurveyInput };

export type CaseCommandKind = CaseCommand["kind"];

export interface DecisionContext {
  org: OrgSnapshot;
  /** The office's time zone: deadlines are days there. */
  timeZone: string;
}

/**
 * Decides `command` on the case as it stands (undefined: no case yet), for `actor`, at `now`; the
 * case it leaves knows when its next timer step is due, whatever the command changed.
 */
export function decide(current: Case | undefined, command: CaseCommand, actor: Actor, now: Date, ctx: DecisionContext): Decision {
  const decision = decideCommand(current, command, actor, now, ctx);
  if (!decision.ok) return decision;
  const { next } = decision.outcome;
  return { ok: true, outcome: { ...decision.outcome, next: { ...next, nextWakeAt: nextWakeUp(next, ctx) } } };
}

function decideCommand(current: Case | undefined, command: CaseCommand, actor: Actor, now: Date, ctx: DecisionContext): Decision {
  if (command.kind === "submit") return current ? refuse("case_exists", `case ${current.id} exists already`) : decideSubmit(command.input, actor, now, ctx);
  if (!current) return refuse("wrong_state", `no case to ${command.kind}`);
  switch (command.kind) {
    case "assign":
      return decideAssign(current, command.input, actor, now, ctx);
    case "accept":
      return decideAccept(current, actor, now, ctx);
    case "decline":
      return decideDecline(current, command.input, actor, now, ctx);
    case "note":
      return decideNote(current, command.input, actor, now, ctx);
    case "answer":
      return decideAnswer(current, command.input, actor, now, ctx);
    case "approve_answer":
      return decideApproveAnswer(current, actor, now, ctx);
    case "return_answer":
      return decideReturnAnswer(current, command.input, actor, now, ctx);
    case "revisit":
      return decideRevisit(current, command.input, actor, now, ctx);
    case "sign_off":
      return decideSignOff(current, actor, now, ctx);
    case "close":
      return decideClose(current, actor, now, ctx);
    case "withdraw":
      return decideWithdraw(current, command.input, actor, now);
    case "petitioner_add":
      return decidePetitionerAdd(current, command.input, actor, now);
    // nobody unreached, and visits
    case "reassign":
      return decideReassign(current, command.input, actor, now, ctx);
    case "claim":
      return decideClaim(current, command.input, actor, now);
    case "hold":
      return decideHold(current, command.input, actor, now, ctx);
    // transfers (转办)
    case "request_transfer":
      return decideRequestTransfer(current, command.input, actor, now, ctx);
    case "approve_transfer":
      return decideApproveTransfer(current, command.input, actor, now, ctx);
    case "reject_transfer":
      return decideRejectTransfer(current, command.input, actor, now, ctx);
    // co-handling (协办) and extension (延期)
    case "invite_co_handler":
      return decideInviteCoHandler(current, command.input, actor, now, ctx);
    case "contribute":
      return decideContribute(current, command.input, actor, now, ctx);
    case "request_extension":
      return decideRequestExtension(current, command.input, actor, now, ctx);
    case "approve_extension":
      return decideApproveExtension(current, actor, now, ctx);
    case "reject_extension":
      return decideRejectExtension(current, command.input, actor, now, ctx);
    // priority (急事急办)
    case "set_priority":
      return decideSetPriority(current, command.input, actor, now, ctx);
    // deadlines
    case "wake":
      return decideWake(current, actor, now, ctx);
    // 补位
    case "take_over":
      return decideTakeOver(current, command.input, actor, now, ctx);
    // 限期办结
    case "set_due_date":
      return decideSetDueDate(current, command.input, actor, now, ctx);
    case "answer_survey":
      return decideAnswerSurvey(current, command.input, actor, now, ctx);
    default:
      return assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`unknown case command ${JSON.stringify(command)}`);
}
