/**
 * Changing a case's priority (急事急办) in chat: `/priority CODE` or "调整优先级 CODE" — the new
 * priority (urgent, important, normal), then the reason, which goes on the case's record. Offered
 * on the urgent-case notice and the card to the unit head, a 包案 leader and the petition office.
 */
import { z } from "zod";
import { priorities } from "../../kernel/answers";
import { defineDialogue, type Turn } from "../dialogue";
import { actAndSay, actingIn } from "./acting";
import { officials } from "./commands";
import { shell, type CaseworkDeps } from "./dialogues";

function priorityDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), priority: z.enum(priorities).optional() });
  return defineDialogue<z.infer<typeof data>, "level" | "reason">({
    ...shell({ id: "priority", command: "priority", words: ["调整优先级", "优先级", "change priority", "priority"], who: officials, action: "set_priority" }, data, "level", (code) => ({ code }), deps),
    steps: {
      level: {
        // Most changes raise a case or lower an urgent one: urgent first.
        prompt: (ctx) => ({ key: "ask_priority_level", params: { code: ctx.data.code }, choices: [...priorities].reverse().map((p) => ({ label: ctx.t(`priority_${p}`), value: p })) }),
        choice: (value, ctx) => {
          ctx.data.priority = z.enum(priorities).parse(value);
          return { to: "reason" };
        },
      },
      reason: {
        prompt: (ctx) => ({ key: "ask_priority_reason", params: { priority: ctx.t(`priority_${ctx.data.priority ?? "normal"}`) } }),
        text: async (text, ctx): Promise<Turn<never>> => {
          const priority = ctx.data.priority ?? "normal";
          const told = await actAndSay(actingIn(deps, ctx), ctx.data.code, { kind: "set_priority", input: { priority, reason: text } }, () => ({ key: "done_set_priority", params: { priority: ctx.t(`priority_${priority}`) } }));
          return { end: "done", say: [told.said] };
        },
      },
    },
  });
}

export function priorityDialogues(deps: CaseworkDeps) {
  return [priorityDialogue(deps)];
}
