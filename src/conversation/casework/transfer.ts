/**
 * Transfers (转办) in chat. `/transfer CODE` (or "转办 CODE"): the receiving unit, picked from a
 * list of units eight at a time or found by typing part of its name, then the reason; the reply
 * says whether the case went at once or waits for the petition office. A unit the core refuses
 * (the one a conduct complaint accuses, the one holding the case) is asked again, the reason kept.
 * `/rejecttransfer CODE` ("不批准转办 CODE"): the petition office says why it does not approve;
 * approving is the one-press `/approvetransfer CODE` (./commands.ts).
 */
import { z } from "zod";
import type { OrgSnapshot, Unit } from "../../org/types";
import { searchUnits } from "../../org/unit-search";
import { defineDialogue, type AnyDialogue, type DialogueContext, type Prompt, type Said, type Turn } from "../dialogue";
import { actionChoices, formatRefusal } from "./present";
import { finish, shell, type CaseworkDeps } from "./dialogues";
import { officials } from "./commands";

/** Units shown at once: a short list reads well on a phone and numbers stay one digit. */
export const unitsPerPage = 8;

/** The units to offer: those matching what was typed (src/org/unit-search.ts), or every active one for no query. */
export function unitsMatching(org: OrgSnapshot, query: string): Unit[] {
  return query.trim() ? searchUnits(org.units, query) : org.units.filter((u) => u.active);
}

const transferData = z.object({ code: z.string(), query: z.string(), page: z.number().int().min(0), unitId: z.string().optional(), reason: z.string().optional() });
type TransferData = z.infer<typeof transferData>;
type Ctx = DialogueContext<TransferData>;

function transferDialogue(deps: CaseworkDeps) {
  const unitName = async (ctx: Ctx) => (await ctx.org()).units.find((u) => u.id === ctx.data.unitId)?.name ?? ctx.data.unitId ?? "";

  async function chosen(ctx: Ctx, unitId: string): Promise<Turn<"unit" | "reason">> {
    ctx.data.unitId = unitId;
    return ctx.data.reason ? send(ctx) : { to: "reason" };
  }

  async function send(ctx: Ctx): Promise<Turn<"unit" | "reason">> {
    const { code } = ctx.data;
    const org = await ctx.org();
    const outcome = await deps.ports.casework.act(ctx.user, code, { kind: "request_transfer", input: { unitId: ctx.data.unitId ?? "", reason: ctx.data.reason ?? "" } });
    if (outcome.ok) {
      const card = outcome.card;
      const waiting = card?.transfers?.pending !== undefined;
      const said: Said = { key: waiting ? "done_transfer_pending" : "done_request_transfer", params: { code, unit: await unitName(ctx) } };
      // Whoever still may act on it (the petition office, a member while it waits) sees what is next.
      const next = card ? card.actions.filter((a) => a !== "request_transfer") : [];
      return { end: "done", say: [next.length > 0 ? { ...said, choices: actionChoices(next, code, ctx.t) } : said] };
    }
    const refusal: Said = { text: formatRefusal(outcome, code, org, ctx.language, deps.timeZone, ctx.t) };
    if (outcome.code !== "transfer_to_accused" && outcome.code !== "transfer_to_same_unit") return { end: "done", say: [refusal] };
    // Another unit, then; the reason given still stands.
    ctx.data.unitId = undefined;
    ctx.data.query = "";
    ctx.data.page = 0;
    return { to: "unit", say: [refusal] };
  }

  return defineDialogue<TransferData, "unit" | "reason">({
    ...shell({ id: "transfer", command: "transfer", words: ["转办", "transfer"], who: officials, action: "request_transfer" }, transferData, "unit", (code) => ({ code, query: "", page: 0 }), deps),
    steps: {
      unit: {
        prompt: async (ctx): Promise<Prompt> => {
          const matches = unitsMatching(await ctx.org(), ctx.data.query);
          const pages = Math.max(1, Math.ceil(matches.length / unitsPerPage));
          const page = matches.slice((ctx.data.page % pages) * unitsPerPage, (ctx.data.page % pages) * unitsPerPage + unitsPerPage);
          const choices = [...page.map((u) => ({ label: u.name, value: u.id })), ...(pages > 1 ? [{ label: ctx.t("transfer_more_option"), value: "more" }] : [])];
          return ctx.data.query ? { key: "transfer_units_found", params: { query: ctx.data.query }, choices } : { key: "ask_transfer_unit", params: { code: ctx.data.code }, choices };
        },
        choice: async (value, ctx) => {
          if (value === "more") {
            // The last page is followed by the first again.
            ctx.data.page += 1;
            return { stay: true };
          }
          const unit = unitsMatching(await ctx.org(), "").find((u) => u.id === value);
          return unit ? chosen(ctx, unit.id) : { stay: true, say: [{ key: "choose_from_list" }] };
        },
        text: async (text, ctx) => {
          const matches = unitsMatching(await ctx.org(), text);
          if (matches.length === 0) return { stay: true, say: [{ key: "transfer_units_none", params: { input: text.slice(0, 40) } }] };
          if (matches.length === 1) return chosen(ctx, matches[0]!.id);
          ctx.data.query = text.slice(0, 40);
          ctx.data.page = 0;
          return { stay: true };
        },
      },
      reason: {
        prompt: async (ctx) => ({ key: "ask_transfer_reason", params: { unit: await unitName(ctx) } }),
        text: (text, ctx) => {
          ctx.data.reason = text;
          return send(ctx);
        },
      },
    },
  });
}

function rejectTransferDialogue(deps: CaseworkDeps) {
  const data = z.object({ code: z.string() });
  return defineDialogue<z.infer<typeof data>, "comment">({
    ...shell({ id: "reject_transfer", command: "rejecttransfer", words: ["不批准转办", "do not approve transfer"], who: officials, action: "reject_transfer" }, data, "comment", (code) => ({ code }), deps),
    steps: {
      comment: {
        prompt: (ctx) => ({ key: "ask_reject_transfer_comment", params: { code: ctx.data.code } }),
        text: (text, ctx) => finish(deps, ctx, { kind: "reject_transfer", input: { comment: text } }, "done_reject_transfer"),
      },
    },
  });
}

export function transferDialogues(deps: CaseworkDeps): AnyDialogue[] {
  return [transferDialogue(deps), rejectTransferDialogue(deps)];
}
