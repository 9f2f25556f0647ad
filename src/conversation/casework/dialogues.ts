/**
 * The actions on a case that need words from the person: answer (outcome, then the text the
 * petitioner reads), progress note (words or a photo, then public or internal), decline (reason,
 * then where to go instead), return an answer (the comment), revisit (how, how satisfied, the
 * petitioner's own words); and the petitioner's own: add material, write to the handler, withdraw.
 * Each is a short dialogue started by its command with the case's code; the last answer runs the
 * action, and the reply says how it went.
 */
import { z } from "zod";
import { answerOutcomes, revisitMethods, satisfactions } from "../../kernel/answers";
import type { ChannelUser, StoredAttachment } from "../../kernel/channel";
import { normaliseCode } from "../../kernel/codes";
import { dayInZone } from "../../kernel/dates";
import type { MessageKey } from "../../kernel/texts";
import type { CommandContext } from "../commands";
import { defineDialogue, type AnyDialogue, type Begun, type DialogueContext, type Said, type Turn } from "../dialogue";
import type { CaseActionKind } from "../../cases/available";
import type { CaseAction, ConversationPorts } from "../ports";
import type { Audience } from "../speaker";
import { actAndTell, officials } from "./commands";
import { formatRefusal } from "./present";
import { wordsWithCode } from "./words";

export interface CaseworkDeps {
  ports: ConversationPorts;
  timeZone: string;
}

export const attachment = z.object({ kind: z.enum(["photo", "document", "voice", "video"]), sha256: z.string(), mimeType: z.string(), size: z.number(), fileName: z.string().optional(), storageKey: z.string(), sourceFileId: z.string().optional() });

/** Runs the action at the end of a dialogue; the reply (what was done, what is next) ends it. */
export async function finish(deps: CaseworkDeps, ctx: DialogueContext<{ code: string }>, action: CaseAction, done: MessageKey): Promise<Turn<never>> {
  const commandContext: CommandContext = { user: ctx.user, language: ctx.language, ports: deps.ports, timeZone: deps.timeZone, t: ctx.t };
  const replies = await actAndTell(commandContext, ctx.data.code, action, done);
  return { end: "done", say: replies.map((reply): Said => ({ text: reply.text, ...(reply.choices ? { choices: reply.choices } : {}) })) };
}

/** Data of a step that takes words or a photo (with its caption as the words). */
type WordsOrPhoto = { code: string; text: string; attachments: StoredAttachment[] };

/**
 * How a step reads "words or a photo" (a progress note, a co-handling part, the petitioner's
 * material): typed text is the words; a photo is kept, its caption taken as the words; then `next`.
 */
export function wordsOrPhoto<D extends WordsOrPhoto, S extends string>(next: (ctx: DialogueContext<D>) => Turn<S> | Promise<Turn<S>>) {
  return {
    text: (text: string, ctx: DialogueContext<D>) => {
      ctx.data.text = text;
      return next(ctx);
    },
    attachment: (file: StoredAttachment, caption: string | undefined, ctx: DialogueContext<D>) => {
      ctx.data.attachments.push(file);
      if (caption) ctx.data.text = caption;
      return next(ctx);
    },
  };
}

export interface ActionDialogue {
  id: string;
  command: string;
  /** Include the action's label as a numbered line shows it ("记进展", "Progress note"): it can be typed as shown. */
  words: string[];
  who: Audience;
  /** The case action an official's dialogue ends in: it opens only when the card offers it to them now. */
  action?: CaseActionKind;
}

/** What every action dialogue shares: started by its command or words with the case's code. */
export function shell<D extends { code: string }, S extends string>(spec: ActionDialogue, schema: z.ZodType<D>, first: S, fresh: (code: string) => D, deps?: CaseworkDeps) {
  return {
    id: spec.id,
    title: `dialogue_${spec.id}` as MessageKey,
    who: spec.who,
    data: schema,
    first,
    startedBy: { commands: [spec.command], recognise: wordsWithCode(...spec.words), argument: "casework_code_needed" as const, replaces: true },
    begin: async (ctx: Omit<DialogueContext<never>, "data">, _first: unknown, argument?: string): Promise<Begun<D>> => {
      const code = normaliseCode(argument ?? "");
      // Nobody is walked through questions to be refused at the end: a petitioner's action opens
      // only on their own case, an official's only when it is theirs to take on the case now.
      if (spec.who === "citizen" && deps && !(await deps.ports.caseOf(ctx.user, code))) return { refused: [{ key: "status_not_found" }] };
      if (spec.action && deps) {
        const open = await deps.ports.casework.mayStart(ctx.user, code, spec.action);
        if (!open.ok) return { refused: [{ text: formatRefusal(open, code, await ctx.org(), ctx.language, deps.timeZone, ctx.t) }] };
      }
      return { data: fresh(code) };
    },
  };
}

function answerDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), outcome: z.enum(answerOutcomes).optional() });
  return defineDialogue<z.infer<typeof data>, "outcome" | "text">({
    ...shell({ id: "answer", command: "answer", words: ["答复", "answer"], who: officials, action: "answer" }, data, "outcome", (code) => ({ code }), deps),
    steps: {
      outcome: {
        prompt: (ctx) => ({ key: "ask_answer_outcome", params: { code: ctx.data.code }, choices: answerOutcomes.map((o) => ({ label: ctx.t(`outcome_option_${o}`), value: o })) }),
        choice: (value, ctx) => {
          ctx.data.outcome = z.enum(answerOutcomes).parse(value);
          return { to: "text" };
        },
      },
      text: {
        prompt: () => ({ key: "ask_answer_text" }),
        text: (text, ctx) => finish(deps, ctx, { kind: "answer", input: { outcome: ctx.data.outcome ?? "solved", text } }, "done_answer"),
      },
    },
  });
}

function noteDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), text: z.string(), attachments: z.array(attachment) });
  return defineDialogue<z.infer<typeof data>, "words" | "visibility">({
    ...shell({ id: "note", command: "note", words: ["进展", "办理进展", "记进展", "progress note", /* 督办: an escalation offers a supervision note */ "督办", "督办意见", "写督办意见", "supervision note"], who: officials, action: "note" }, data, "words", (code) => ({ code, text: "", attachments: [] }), deps),
    steps: {
      words: {
        prompt: () => ({ key: "ask_note" }),
        ...wordsOrPhoto<z.infer<typeof data>, "words" | "visibility">(() => ({ to: "visibility" })),
      },
      visibility: {
        prompt: (ctx) => ({ key: "ask_note_visibility", choices: [{ label: ctx.t("note_public_option"), value: "petitioner" }, { label: ctx.t("note_internal_option"), value: "internal" }] }),
        choice: (value, ctx) =>
          finish(deps, ctx, { kind: "note", input: { text: ctx.data.text, visibility: value === "petitioner" ? "petitioner" : "internal", attachments: ctx.data.attachments as StoredAttachment[] } }, "done_note"),
      },
    },
  });
}

function declineDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), reason: z.string() });
  return defineDialogue<z.infer<typeof data>, "reason" | "redirect">({
    ...shell({ id: "decline", command: "decline", words: ["不予受理", "decline"], who: officials, action: "decline" }, data, "reason", (code) => ({ code, reason: "" }), deps),
    steps: {
      reason: {
        prompt: (ctx) => ({ key: "ask_decline_reason", params: { code: ctx.data.code } }),
        text: (text, ctx) => {
          ctx.data.reason = text;
          return { to: "redirect" };
        },
      },
      redirect: {
        prompt: () => ({ key: "ask_decline_redirect" }),
        text: (text, ctx) => finish(deps, ctx, { kind: "decline", input: { reason: ctx.data.reason, redirect: text } }, "done_decline"),
      },
    },
  });
}

function returnDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string() });
  return defineDialogue<z.infer<typeof data>, "comment">({
    ...shell({ id: "return", command: "return", words: ["退回", "退回答复", "return answer"], who: officials, action: "return_answer" }, data, "comment", (code) => ({ code }), deps),
    steps: {
      comment: {
        prompt: (ctx) => ({ key: "ask_return_comment", params: { code: ctx.data.code } }),
        text: (text, ctx) => finish(deps, ctx, { kind: "return_answer", input: { comment: text } }, "done_return_answer"),
      },
    },
  });
}

function revisitDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), method: z.enum(revisitMethods).optional(), satisfaction: z.enum(satisfactions).optional() });
  return defineDialogue<z.infer<typeof data>, "method" | "satisfaction" | "opinion">({
    ...shell({ id: "revisit", command: "revisit", words: ["回访", "记回访", "record revisit"], who: officials, action: "revisit" }, data, "method", (code) => ({ code }), deps),
    steps: {
      method: {
        prompt: (ctx) => ({ key: "ask_revisit_method", params: { code: ctx.data.code }, choices: revisitMethods.map((m) => ({ label: ctx.t(`revisit_by_${m}`), value: m })) }),
        choice: (value, ctx) => {
          ctx.data.method = z.enum(revisitMethods).parse(value);
          return { to: "satisfaction" };
        },
      },
      satisfaction: {
        prompt: (ctx) => ({ key: "ask_revisit_satisfaction", choices: satisfactions.map((s) => ({ label: ctx.t(`satisfaction_${s}`), value: s })) }),
        choice: (value, ctx) => {
          ctx.data.satisfaction = z.enum(satisfactions).parse(value);
          return { to: "opinion" };
        },
      },
      opinion: {
        prompt: () => ({ key: "ask_revisit_opinion" }),
        text: (text, ctx) =>
          finish(deps, ctx, { kind: "revisit", input: { method: ctx.data.method ?? "chat", satisfaction: ctx.data.satisfaction ?? "satisfied", opinion: text, on: dayInZone(ctx.now, deps.timeZone) } }, "done_revisit"),
      },
    },
  });
}

/** The petitioner adds material (words, photos, voice) to their open case, or writes to its handler. */
function addDialogue(deps: CaseworkDeps, kind: "material" | "message") {
  const data = z.object({ code: z.string(), text: z.string(), attachments: z.array(attachment) });
  const spec = kind === "material" ? { id: "add", command: "add", words: ["补充", "补充材料"], who: "citizen" as const } : { id: "message", command: "message", words: ["留言"], who: "citizen" as const };
  const send = (ctx: DialogueContext<z.infer<typeof data>>) => finish(deps, ctx, { kind: "petitioner_add", input: { kind, text: ctx.data.text, attachments: ctx.data.attachments as StoredAttachment[] } }, kind === "material" ? "done_add" : "done_message");
  return defineDialogue<z.infer<typeof data>, "words">({
    ...shell(spec, data, "words", (code) => ({ code, text: "", attachments: [] }), deps),
    steps: {
      words: {
        prompt: (ctx) => ({ key: kind === "material" ? "ask_add" : "ask_message", params: { code: ctx.data.code } }),
        ...wordsOrPhoto<z.infer<typeof data>, "words">(send),
      },
    },
  });
}

function withdrawDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string() });
  return defineDialogue<z.infer<typeof data>, "confirm" | "reason">({
    ...shell({ id: "withdraw", command: "withdraw", words: ["撤回", "撤销"], who: "citizen" }, data, "confirm", (code) => ({ code }), deps),
    steps: {
      confirm: {
        prompt: (ctx) => ({ key: "ask_withdraw_confirm", params: { code: ctx.data.code }, choices: [{ label: ctx.t("withdraw_yes_option"), value: "yes" }, { label: ctx.t("withdraw_no_option"), value: "no" }] }),
        choice: (value) => (value === "yes" ? { to: "reason" } : { end: "cancelled", say: [{ key: "withdraw_kept" }] }),
      },
      reason: {
        prompt: () => ({ key: "ask_withdraw_reason" }),
        text: (text, ctx) => finish(deps, ctx, { kind: "withdraw", input: { reason: text } }, "done_withdraw"),
      },
    },
  });
}

/** The dialogues of this file: answer, note, decline, return, revisit, and the petitioner's own. */
export function actionDialogues(deps: CaseworkDeps): AnyDialogue[] {
  return [answerDialogue(deps), noteDialogue(deps), declineDialogue(deps), returnDialogue(deps), revisitDialogue(deps), addDialogue(deps, "material"), addDialogue(deps, "message"), withdrawDialogue(deps)];
}
