/**
 * How a dialogue is declared: steps, each with a prompt (text and choices), the kinds of answer it
 * reads (a choice, typed text, an attachment, a location) and where each answer leads. The engine
 * (engine.ts) runs every declared dialogue the same way: it numbers and scopes the choices, spots
 * stale buttons, maps typed numbers to choices, and handles cancel, help and idle drafts, so a
 * dialogue holds only what is its own.
 *
 * ```ts
 * const survey = defineDialogue({
 *   id: "survey", title: "dialogue_survey", who: "citizen", first: "rating",
 *   data: z.object({ caseId: z.string(), rating: z.number().optional() }),
 *   begin: () => ({ data: { caseId: "…" } }),
 *   steps: {
 *     rating: {
 *       prompt: (ctx) => ({ key: "ask_rating", choices: [{ label: ctx.t("rating_good"), value: "3" }] }),
 *       choice: (value, ctx) => { ctx.data.rating = Number(value); return { end: "done", say: [{ key: "thanks" }] }; },
 *     },
 *   },
 * });
 * new ConversationEngine({ …, dialogues: [intakeDialogue(deps), survey] });
 * ```
 */
import type { z } from "zod";
import type { ChannelUser, Language, StoredAttachment } from "../kernel/channel";
import type { MessageKey, MessageParams } from "../kernel/texts";
import type { OrgSnapshot } from "../org/types";
import type { Audience, Speaker } from "./speaker";
import type { Choice, Reply } from "./types";

/** What a step handler may read and change. `data` is the dialogue's own, changed in place. */
export interface DialogueContext<D> {
  data: D;
  readonly runId: string;
  readonly user: ChannelUser;
  /** Who is speaking (resolved on first use: most answers never need it). */
  speaker(): Promise<Speaker>;
  readonly language: Language;
  readonly now: Date;
  /** True when the person's channel shows buttons (Telegram); false for numbered lists. */
  readonly buttons: boolean;
  /** The organisation, read at most once per message. */
  org(): Promise<OrgSnapshot>;
  /** A catalogue text in the person's language (and channel's idiom). */
  t(key: MessageKey, params?: MessageParams): string;
}

/**
 * A line to say: a catalogue key with parameters, or a text already made (a summary); `choices`
 * only for commands to offer next (their values are commands, not this dialogue's answers).
 */
export type Said = ({ key: MessageKey; params?: MessageParams } | { text: string }) & { choices?: Choice[] };

/** What a step asks. Choice values are the dialogue's own; the engine scopes and numbers them. */
export type Prompt = Said & { choices?: Choice[] };

/** Where an answer leads. */
export type Turn<S extends string> =
  /** To step `to` (its onEnter runs, then its prompt, or `instead` of the prompt). */
  | { to: S; say?: Said[]; instead?: Said }
  /** Ask the current step again, after `say` (a wrong answer, or progress). */
  | { stay: true; say?: Said[] }
  /** The dialogue is over: done or cancelled. */
  | { end: "done" | "cancelled"; say?: Said[] };

type Handler<D, S extends string, A extends unknown[]> = (...args: [...A, DialogueContext<D>]) => Turn<S> | Promise<Turn<S>>;

export interface StepDeclaration<D, S extends string> {
  prompt(ctx: DialogueContext<D>): Prompt | Promise<Prompt>;
  /** Runs when the dialogue moves to this step, before its prompt. */
  onEnter?(ctx: DialogueContext<D>): void;
  /** A shown choice picked by button or typed number; `value` is the dialogue's own value. */
  choice?: Handler<D, S, [value: string]>;
  /** Typed text that is not a choice number, sanitised and not empty. */
  text?: Handler<D, S, [text: string]>;
  attachment?: Handler<D, S, [attachment: StoredAttachment, caption: string | undefined]>;
  location?: Handler<D, S, [location: { latitude: number; longitude: number }]>;
}

export interface DialogueDeclaration<D, S extends string> {
  /** Stable id, stored in state and in choice values: never rename one that is in use. */
  id: string;
  /** How the dialogue is named to the person when several are open. */
  title: MessageKey;
  who: Audience;
  /** Validates `data` as stored; a run whose data no longer parses is dropped. */
  data: z.ZodType<D>;
  first: S;
  /**
   * Commands that start it (e.g. "start"); `unprompted`: a message outside any dialogue starts it.
   * `recognise`: plain words that start it, with their argument ("答复 MQ2345ABCD" → "MQ2345ABCD").
   * `argument`: the command needs one (a tracking code); without it the person is told this text.
   * `replaces`: started again with another argument, the open run gives way to the new one (a short
   * action on another case), rather than being continued.
   */
  startedBy?: { commands?: string[]; unprompted?: boolean; recognise?(text: string): string | undefined; argument?: MessageKey; replaces?: boolean };
  /**
   * Fresh data; `first` is the message that started it, when one did (its content may be kept);
   * `argument` what followed the command that started it. `refused`: it does not open at all,
   * and this is said (a case that is not the person's; a claim sent whole with its code and digits,
   * whose answer is all there is to say).
   */
  begin(ctx: Omit<DialogueContext<never>, "data">, first?: StartingMessage, argument?: string): Begun<D> | Promise<Begun<D>>;
  /** Said before the first prompt when the dialogue starts (e.g. a greeting). */
  opening?: Said[];
  steps: Record<S, StepDeclaration<D, S>>;
}

/** A dialogue's start: its fresh data, or `refused` — it does not open, and this is said (a case that is not the person's). */
export type Begun<D> = { data: D; say?: Said[] } | { refused: Said[] };

/** The content of a message that started a dialogue unprompted. */
export type StartingMessage =
  | { kind: "text"; text: string }
  | { kind: "attachment"; attachment: StoredAttachment; caption?: string }
  | { kind: "location"; latitude: number; longitude: number };

/** Any declared dialogue, as the engine holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDialogue = DialogueDeclaration<any, string>;

/** Declares a dialogue; the identity function that lets the compiler check steps against `first` and turns. */
export function defineDialogue<D, S extends string>(declaration: DialogueDeclaration<D, S>): DialogueDeclaration<D, S> {
  return declaration;
}

export function sayReply(said: Said, t: DialogueContext<unknown>["t"]): Reply {
  return { text: "key" in said ? t(said.key, said.params) : said.text, ...(said.choices ? { choices: said.choices } : {}) };
}
