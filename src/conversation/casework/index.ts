/**
 * Casework in chat, as the engine registers it: every command and every dialogue officials and
 * petitioners act on a case with. A new action (a file of its own here) is added to these lists.
 */
import type { CommandDeclaration } from "../commands";
import type { AnyDialogue } from "../dialogue";
import { coHandlingDialogues } from "./co-handling";
import { caseCommands } from "./commands";
import { actionDialogues, type CaseworkDeps } from "./dialogues";
import { dueDateDialogues } from "./due-date";
import { extensionCommands, extensionDialogues } from "./extension";
import { overdueCommand } from "./overdue";
import { priorityDialogues } from "./priority";
import { rateSurveyCommand, surveyReply } from "./survey";
import { takeOverCommand } from "./take-over";
import { transferDialogues } from "./transfer";

export type { CaseworkDeps };

// overdue lists: registered here, as ./overdue.ts takes its audience from ./commands.ts
export const caseworkCommands: CommandDeclaration[] = [...caseCommands, ...extensionCommands, overdueCommand, /* 补位 */ takeOverCommand, /* 回访 */ rateSurveyCommand];
export { surveyReply };

export function caseworkDialogues(deps: CaseworkDeps): AnyDialogue[] {
  return [...actionDialogues(deps), ...transferDialogues(deps), ...coHandlingDialogues(deps), ...extensionDialogues(deps), ...priorityDialogues(deps), ...dueDateDialogues(deps)];
}
