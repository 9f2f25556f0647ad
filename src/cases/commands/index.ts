/**
 * Every case command, one file each, and the one entry point that decides them. A new command
 * (accept, transfer, answer…) is a new file and one line in the union and the switch; the compiler
 * points out the switch when the line is missing.
 */
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case } from "../case";
import { refuse, type Decision } from "../outcome";
import { decideAssign, type AssignInput } from "./assign";
import { decideSubmit, type SubmitInput } from "./submit";

export type { AssignInput, SubmitInput };

export type CaseCommand = { kind: "submit"; input: SubmitInput } | { kind: "assign"; input: AssignInput };

export interface DecisionContext {
  org: OrgSnapshot;
  /** The office's time zone: deadlines are days there. */
  timeZone: string;
}

/** Decides `command` on the case as it stands (undefined: no case yet), for `actor`, at `now`. */
export function decide(current: Case | undefined, command: CaseCommand, actor: Actor, now: Date, ctx: DecisionContext): Decision {
  switch (command.kind) {
    case "submit":
      return current ? refuse("case_exists", `case ${current.id} exists already`) : decideSubmit(command.input, actor, now, ctx);
    case "assign":
      return current ? decideAssign(current, command.input, actor, now, ctx) : refuse("wrong_state", "no case to assign");
    default:
      return assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`unknown case command ${JSON.stringify(command)}`);
}
