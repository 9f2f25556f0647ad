/**
 * Extension (延期) in chat. `/extend CODE` ("申请延期 CODE"): the handler gives the reason, then the
 * new date as people write it ("2026-12-20", "12月20日", "12/20", "20号", "延长10天"). A date that
 * cannot be read, has passed, or goes beyond what the policy allows is asked for again, naming the
 * limit ("最多延长 30 天，最晚 2027-01-15"). The unit head approves with one press
 * (`/approveextension CODE`, "同意延期 CODE") or refuses with a reason (`/rejectextension CODE`).
 */
import { z } from "zod";
import type { RefusalBecause } from "../../cases/outcome";
import { dayInZone } from "../../kernel/dates";
import { readWrittenDate } from "../../kernel/written-dates";
import type { CommandDeclaration } from "../commands";
import { defineDialogue, type Turn } from "../dialogue";
import { actAndSay, actingIn } from "./acting";
import { officials } from "./commands";
import { shell, type CaseworkDeps } from "./dialogues";
import { codeIn, wordsWithCode } from "./words";

/** Refusals about the date itself: the handler is asked for another date rather than starting over. */
const aboutTheDate = new Set<RefusalBecause["why"]>(["extension_too_long", "extension_not_later", "date_in_past"]);

function extendDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), reason: z.string() });
  return defineDialogue<z.infer<typeof data>, "reason" | "date">({
    ...shell({ id: "extend", command: "extend", words: ["申请延期", "延期", "extend"], who: officials, action: "request_extension" }, data, "reason", (code) => ({ code, reason: "" }), deps),
    steps: {
      reason: {
        prompt: (ctx) => ({ key: "ask_extend_reason", params: { code: ctx.data.code } }),
        text: (text, ctx) => {
          ctx.data.reason = text;
          return { to: "date" };
        },
      },
      date: {
        prompt: () => ({ key: "ask_extend_date" }),
        text: async (text, ctx): Promise<Turn<"date">> => {
          // Days are the office's: "today" is today where the office is, whatever the server's zone.
          const today = dayInZone(ctx.now, deps.timeZone);
          const written = readWrittenDate(text, today);
          if (!written) return { stay: true, say: [{ key: "extend_date_unreadable", params: { input: text } }] };
          if ("day" in written && written.day < today) return { stay: true, say: [{ key: "refused_date_in_past", params: { day: written.day, today } }] };
          const until = "day" in written ? { day: written.day } : { days: written.days };
          const told = await actAndSay(actingIn(deps, ctx), ctx.data.code, { kind: "request_extension", input: { reason: ctx.data.reason, until } }, (card) => ({
            key: "done_request_extension",
            params: { date: card?.extension?.toAnswerBy ?? "" },
          }));
          if (!told.ok && told.because && aboutTheDate.has(told.because.why)) return { stay: true, say: [told.said] };
          return { end: "done", say: [told.said] };
        },
      },
    },
  });
}

function rejectDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string() });
  return defineDialogue<z.infer<typeof data>, "reason">({
    ...shell({ id: "reject_extension", command: "rejectextension", words: ["不同意延期", "驳回延期", "reject extension"], who: officials, action: "reject_extension" }, data, "reason", (code) => ({ code }), deps),
    steps: {
      reason: {
        prompt: (ctx) => ({ key: "ask_reject_extension_reason", params: { code: ctx.data.code } }),
        text: async (text, ctx): Promise<Turn<never>> => {
          const told = await actAndSay(actingIn(deps, ctx), ctx.data.code, { kind: "reject_extension", input: { reason: text } }, (card) => ({ key: "done_reject_extension", params: { date: card?.answerBy ?? "" } }));
          return { end: "done", say: [told.said] };
        },
      },
    },
  });
}

export function extensionDialogues(deps: CaseworkDeps) {
  return [extendDialogue(deps), rejectDialogue(deps)];
}

/** The head's one press: the case's answer-by day moves, and the petitioner is told why and until when. */
const approveExtension: CommandDeclaration = {
  name: "approveextension",
  recognise: wordsWithCode("同意延期", "批准延期", "approve extension"),
  who: officials,
  run: async (argument, ctx) => {
    const code = codeIn(argument);
    if (!code) return [{ text: ctx.t("casework_code_needed") }];
    const told = await actAndSay(ctx, code, { kind: "approve_extension" }, (card) => ({ key: "done_approve_extension", params: { date: card?.answerBy ?? "" } }));
    return [{ text: "text" in told.said ? told.said.text : ctx.t(told.said.key, told.said.params), ...(told.said.choices ? { choices: told.said.choices } : {}) }];
  },
};

export const extensionCommands: CommandDeclaration[] = [approveExtension];
