/**
 * The actions an official may take on a case now, asked of the commands themselves: an action is
 * offered when its command would not refuse the actor or the state. Its input is a placeholder —
 * refusals for the input (an empty answer) mean the action is there to be filled in. "close" is
 * offered while gaps remain, so pressing it says exactly what is missing.
 */
import type { OrgSnapshot } from "../org/types";
import type { Actor, Case } from "./case";
import { decide, type CaseCommand } from "./commands";
import type { Refusal } from "./outcome";

export const caseActionKinds = [
  "accept",
  "decline",
  "note",
  "answer",
  "approve_answer",
  "return_answer",
  "revisit",
  "sign_off",
  "close",
  "hold",
  // transfers (转办)
  "request_transfer",
  "approve_transfer",
  "reject_transfer",
  // co-handling (协办) and extension (延期)
  "invite_co_handler",
  "contribute",
  "request_extension",
  "approve_extension",
  "reject_extension",
  // priority (急事急办)
  "set_priority",
  // 补位
  "take_over",
  // 限期办结
  "set_due_date",
] as const;
export type CaseActionKind = (typeof caseActionKinds)[number];

const placeholder: Record<CaseActionKind, CaseCommand> = {
  accept: { kind: "accept" },
  decline: { kind: "decline", input: { reason: "", redirect: "" } },
  note: { kind: "note", input: { text: "", visibility: "internal", newId: () => "" } },
  answer: { kind: "answer", input: { outcome: "solved", text: "" } },
  approve_answer: { kind: "approve_answer" },
  return_answer: { kind: "return_answer", input: { comment: "" } },
  revisit: { kind: "revisit", input: { method: "phone", satisfaction: "satisfied", opinion: "", on: "" } },
  sign_off: { kind: "sign_off" },
  close: { kind: "close" },
  hold: { kind: "hold", input: {} },
  // transfers (转办): no unit chosen yet, nothing counted
  request_transfer: { kind: "request_transfer", input: { unitId: "", reason: "", openCases: new Map(), maxTransfers: 0 } },
  approve_transfer: { kind: "approve_transfer", input: { openCases: new Map(), maxTransfers: 0 } },
  reject_transfer: { kind: "reject_transfer", input: { comment: "" } },
  // co-handling (协办) and extension (延期)
  invite_co_handler: { kind: "invite_co_handler", input: { unitId: "", request: "" } },
  contribute: { kind: "contribute", input: { text: "", newId: () => "" } },
  request_extension: { kind: "request_extension", input: { reason: "", until: { days: 1 } } },
  approve_extension: { kind: "approve_extension" },
  reject_extension: { kind: "reject_extension", input: { reason: "" } },
  // priority (急事急办): no reason yet, so offered whatever the priority is now
  set_priority: { kind: "set_priority", input: { priority: "normal", reason: "" } },
  // 补位
  take_over: { kind: "take_over", input: {} },
  // 限期办结: no day chosen yet
  set_due_date: { kind: "set_due_date", input: { day: "", reason: "" } },
};

const closedTo = new Set(["not_allowed", "wrong_state", "already_done", "no_deadline_policy", "transfer_pending"]);

export function availableActions(current: Case, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): CaseActionKind[] {
  return caseActionKinds.filter((kind) => closedBecause(current, kind, actor, now, ctx) === undefined);
}

/**
 * Why `kind` is closed to the actor now, before any input is given (the refusal its command
 * meets); undefined when it is open. A dialogue asks nothing of someone it would refuse at the end.
 */
export function closedBecause(current: Case, kind: CaseActionKind, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Refusal | undefined {
  const decision = decide(current, placeholder[kind], actor, now, ctx);
  if (decision.ok) return undefined;
  if (decision.refusal.code === "closure_incomplete") return kind === "close" ? undefined : decision.refusal;
  return closedTo.has(decision.refusal.code) ? decision.refusal : undefined;
}
