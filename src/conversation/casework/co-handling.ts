/**
 * Co-handling (协办) in chat. `/cohandle CODE` ("邀请协办 CODE"): the holding unit or the petition
 * office types part of a unit's name, picks it from up to eight matches (or types again), and says
 * what it asks of that unit. `/contribute CODE` ("协办意见 CODE"): an official of the invited unit
 * writes its part (words or a photo), for the holding unit only unless they choose otherwise.
 */
import { z } from "zod";
import type { StoredAttachment } from "../../kernel/channel";
import { searchUnits } from "../../org/unit-search";
import { defineDialogue, type DialogueContext, type Prompt, type Turn } from "../dialogue";
import { actAndSay, actingIn } from "./acting";
import { officials } from "./commands";
import { attachment, shell, wordsOrPhoto, type CaseworkDeps } from "./dialogues";

/** How many matching units one list shows: more, and typing more of the name is quicker than reading. */
export const unitMatchesShown = 8;

function inviteDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), query: z.string().optional(), unitId: z.string().optional() });
  type Data = z.infer<typeof data>;
  /** Units one may invite: any active one but the petition office, which sees every case already. */
  const matches = async (ctx: DialogueContext<Data>, query: string) => searchUnits((await ctx.org()).units, query).filter((u) => !u.isPetitionOffice);
  return defineDialogue<Data, "unit" | "request">({
    ...shell({ id: "cohandle", command: "cohandle", words: ["邀请协办", "协办邀请", "co-handle"], who: officials, action: "invite_co_handler" }, data, "unit", (code) => ({ code }), deps),
    steps: {
      unit: {
        prompt: async (ctx): Promise<Prompt> => {
          if (!ctx.data.query) return { key: "ask_cohandle_unit", params: { code: ctx.data.code } };
          const found = await matches(ctx, ctx.data.query);
          const shown = found.slice(0, unitMatchesShown);
          return {
            key: found.length > shown.length ? "cohandle_more_matches" : "cohandle_matches",
            params: { count: found.length, shown: shown.length },
            choices: shown.map((unit) => ({ label: unit.name, value: unit.id })),
          };
        },
        // Typed words are a (new) search; a number or a button picks from the list shown.
        text: async (text, ctx) => {
          const found = await matches(ctx, text);
          if (found.length === 0) {
            delete ctx.data.query;
            return { stay: true, say: [{ key: "cohandle_no_match", params: { input: text } }] };
          }
          ctx.data.query = text;
          return { stay: true };
        },
        choice: (value, ctx) => {
          ctx.data.unitId = value;
          return { to: "request" };
        },
      },
      request: {
        prompt: async (ctx) => ({ key: "ask_cohandle_request", params: { unit: unitName((await ctx.org()).units, ctx.data.unitId) } }),
        text: async (text, ctx): Promise<Turn<never>> => {
          const units = (await ctx.org()).units;
          const unitId = ctx.data.unitId ?? "";
          const told = await actAndSay(actingIn(deps, ctx), ctx.data.code, { kind: "invite_co_handler", input: { unitId, request: text } }, () => ({ key: "done_invite_co_handler", params: { unit: unitName(units, unitId) } }));
          return { end: "done", say: [told.said] };
        },
      },
    },
  });
}

const unitName = (units: readonly { id: string; name: string }[], id: string | undefined) => units.find((u) => u.id === id)?.name ?? id ?? "";

function contributeDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string(), text: z.string(), attachments: z.array(attachment) });
  return defineDialogue<z.infer<typeof data>, "words" | "visibility">({
    ...shell({ id: "contribute", command: "contribute", words: ["协办意见", "写协办意见", "contribute"], who: officials, action: "contribute" }, data, "words", (code) => ({ code, text: "", attachments: [] }), deps),
    steps: {
      words: {
        prompt: (ctx) => ({ key: "ask_contribute", params: { code: ctx.data.code } }),
        ...wordsOrPhoto<z.infer<typeof data>, "words" | "visibility">(() => ({ to: "visibility" })),
      },
      visibility: {
        // Internal first: the part is for the holding unit, which answers the petitioner.
        prompt: (ctx) => ({ key: "ask_contribute_visibility", choices: [{ label: ctx.t("contribute_internal_option"), value: "internal" }, { label: ctx.t("contribute_public_option"), value: "petitioner" }] }),
        choice: async (value, ctx): Promise<Turn<never>> => {
          const input = { text: ctx.data.text, visibility: value === "petitioner" ? ("petitioner" as const) : ("internal" as const), attachments: ctx.data.attachments as StoredAttachment[] };
          const told = await actAndSay(actingIn(deps, ctx), ctx.data.code, { kind: "contribute", input }, () => ({ key: "done_contribute" }));
          return { end: "done", say: [told.said] };
        },
      },
    },
  });
}

export function coHandlingDialogues(deps: CaseworkDeps) {
  return [inviteDialogue(deps), contributeDialogue(deps)];
}
