/**
 * Taking over a colleague's case (补位) in chat: `/takeover CODE`, or "接手 CODE" typed. One step,
 * nothing more to ask: the unit head, or the stand-in named for the official holding the case,
 * takes it into their own hands. Offered on the card to those who may, and on a reminder that came
 * to a stand-in because the holder is away.
 */
import type { CommandDeclaration } from "../commands";
import { actAndTell, officials } from "./commands";
import { codeIn, wordsWithCode } from "./words";

export const takeOverCommand: CommandDeclaration = {
  name: "takeover",
  recognise: wordsWithCode("接手办理", "接手", "补位", "take over"),
  who: officials,
  run: async (argument, ctx) => {
    const code = codeIn(argument);
    if (!code) return [{ text: ctx.t("casework_code_needed") }];
    return actAndTell(ctx, code, { kind: "take_over", input: {} }, "done_take_over");
  },
};
