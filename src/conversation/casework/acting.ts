/**
 * Runs a case action for co-handling (协办) and extension (延期) and says how it went: what was
 * done, in words filled from the case as it stands after it (the unit invited, the new answer-by
 * day), and what can come next; or exactly why not. Like actAndTell (commands.ts), whose replies
 * know only the code and the answer-by day; the dialogues here also need to see the refusal, to ask
 * again for a date the rules do not allow rather than end.
 */
import type { RefusalBecause } from "../../cases/outcome";
import type { CaseCard } from "../../cases/views";
import type { ChannelUser, Language } from "../../kernel/channel";
import type { MessageKey, MessageParams } from "../../kernel/texts";
import type { DialogueContext, Said } from "../dialogue";
import type { CaseAction, ConversationPorts } from "../ports";
import { actionChoices, formatRefusal } from "./present";

export interface Acting {
  user: ChannelUser;
  language: Language;
  ports: ConversationPorts;
  timeZone: string;
  t(key: MessageKey, params?: MessageParams): string;
}

/** Acting as the person speaking in a dialogue. */
export function actingIn(deps: { ports: ConversationPorts; timeZone: string }, ctx: DialogueContext<unknown>): Acting {
  return { user: ctx.user, language: ctx.language, ports: deps.ports, timeZone: deps.timeZone, t: ctx.t };
}

export type Told = { ok: true; said: Said } | { ok: false; because?: RefusalBecause; said: Said };

/** `done`: the words for a done action, from the case after it (null when the actor may no longer see it). */
export async function actAndSay(acting: Acting, code: string, action: CaseAction, done: (card: CaseCard | null) => { key: MessageKey; params?: MessageParams }): Promise<Told> {
  const [outcome, org] = await Promise.all([acting.ports.casework.act(acting.user, code, action), acting.ports.org()]);
  if (!outcome.ok) {
    return { ok: false, ...(outcome.because ? { because: outcome.because } : {}), said: { text: formatRefusal(outcome, code, org, acting.language, acting.timeZone, acting.t) } };
  }
  const words = done(outcome.card);
  const next = outcome.card ? outcome.card.actions.filter((a) => a !== action.kind) : [];
  return { ok: true, said: { text: acting.t(words.key, { code, ...words.params }), ...(next.length > 0 ? { choices: actionChoices(next, code, acting.t) } : {}) } };
}
