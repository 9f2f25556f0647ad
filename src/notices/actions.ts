/**
 * What the recipient of a notice can do about it, right there: each action is a chat command they
 * could also type ("/accept MQ2345ABCD"), with a catalogue label. Actions are derived from the
 * notice's key and parameters when it is rendered (./render.ts), so the outbox stores nothing new.
 *
 * Telegram shows them as buttons under the notice, each button a server-side token for the
 * command; WeChat and the terminal as numbered lines, each naming its case ("1. 受理 MQ2345ABCD"),
 * because a number may be typed long after the notice scrolled away. Either way what comes back
 * is the command, which the conversation engine runs like a typed one.
 */
import type { Idiom, Language } from "../kernel/channel";
import { render, type MessageKey, type MessageParams } from "../kernel/texts";
import type { Choice } from "../conversation/types";

export interface NoticeAction {
  /** The label in the catalogue; its numbered variant names the case ("受理 {code}"). */
  label: MessageKey;
  /** Fills the label's placeholders, e.g. `{ code }`. */
  params?: MessageParams;
  /** The command as the recipient would type it: "/accept MQ2345ABCD". */
  command: string;
}

/** `/name CODE`: a command about one case, as the chat commands take it. */
export function caseCommand(name: string, code: string): string {
  return `/${name} ${code}`;
}

/** The actions as choices in the recipient's language and idiom: the label shown, the command as the value. */
export function actionChoices(language: Language, idiom: Idiom, actions: readonly NoticeAction[]): Choice[] {
  return actions.map((action) => ({ label: render(language, action.label, action.params, idiom), value: action.command }));
}

/**
 * On numbered channels a notice with actions ends with how to answer it: a number, or the words
 * of its first action ("或直接回复“受理 MQ2345ABCD”"). Buttons need no such line.
 */
export function actionsHint(language: Language, idiom: Idiom, choices: readonly Choice[]): string | undefined {
  if (idiom !== "numbered" || choices.length === 0) return undefined;
  return render(language, "notice_actions_hint", { example: choices[0]!.label }, idiom);
}
