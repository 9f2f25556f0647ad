/**
 * Setting a new answer-by day (限期办结) in chat: `/duedate CODE`, or "调整期限 CODE" typed — the
 * reason, then the day as people write it ("12月20日", "20号", "10天" counted from today). Offered
 * on an overdue case's escalation notice (督办) and on the card to the unit head, a responsible
 * leader and the petition office. A day that cannot be read, has passed, or goes beyond the
 * national limit is asked for again, naming the limit; the reason is kept.
 */
import { z } from "zod";
import type { RefusalBecause } from "../../cases/outcome";
import { addDays, dayInZone } from "../../kernel/dates";
import { readWrittenDate } from "../../kernel/written-dates";
import { defineDialogue, type Turn } from "../dialogue";
import { actAndSay, actingIn } from "./acting";
import { officials } from "./commands";
import { shell, type CaseworkDeps } from "./dialogues";

/** Refusals about the day itself: asked for another day rather than starting over. */
const aboutTheDay = new Set<RefusalBecause["why"]>(["date_in_past", "due_date_unchanged", "beyond_national_limit"]);

function dueDateDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), reason: z.string() });
  return defineDialogue<z.infer<typeof data>, "reason" | "day">({
    ...shell({ id: "due_date", command: "duedate", words: ["调整期限", "限期办结", "调整答复期限", "set due date"], who: officials, action: "set_due_date" }, data, "reason", (code) => ({ code, reason: "" }), deps),
    steps: {
      reason: {
        prompt: (ctx) => ({ key: "ask_due_date_reason", params: { code: ctx.data.code } }),
        text: (text, ctx) => {
          ctx.data.reason = text;
          return { to: "day" };
        },
      },
      day: {
        prompt: () => ({ key: "ask_due_date_day" }),
        text: async (text, ctx): Promise<Turn<"day">> => {
          const today = dayInZone(ctx.now, deps.timeZone);
          const written = readWrittenDate(text, today);
          if (!written) return { stay: true, say: [{ key: "extend_date_unreadable", params: { input: text } }] };
          // "10天" from a supervisor means ten days from today: 限十日内办结.
          const day = "day" in written ? written.day : addDays(today, written.days);
          const told = await actAndSay(actingIn(deps, ctx), ctx.data.code, { kind: "set_due_date", input: { day, reason: ctx.data.reason } }, (card) => ({
            key: "done_set_due_date",
            params: { date: card?.answerBy ?? day },
          }));
          if (!told.ok && told.because && aboutTheDay.has(told.because.why)) return { stay: true, say: [told.said] };
          return { end: "done", say: [told.said] };
        },
      },
    },
  });
}

export function dueDateDialogues(deps: CaseworkDeps) {
  return [dueDateDialogue(deps)];
}
