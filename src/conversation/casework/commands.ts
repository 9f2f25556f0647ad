/**
 * Officials' commands on cases that need no more input: list (/cases), open (/case CODE), the
 * timeline, and the one-press actions (accept, approve, sign off, close). Each works as a slash
 * command, as a button (a notice's or a card's, carrying the same command) and in plain words
 * ("受理 MQ2345ABCD"), so a cadre on WeChat types what a Telegram user presses.
 */
import type { CaseActionKind } from "../../cases/available";
import type { CommandContext, CommandDeclaration } from "../commands";
import type { CaseAction } from "../ports";
import type { Audience } from "../speaker";
import type { Reply } from "../types";
import { actionChoices, formatCard, formatCaseList, formatRefusal, formatTimeline } from "./present";
import { unreachedCommand } from "./unreached";
import { codeIn, wordsWithCode } from "./words";

export const officials: Audience = { roles: ["handling_official", "unit_head", "responsible_leader", "petition_office_admin"] };

/** Runs an action and says how it went: what was done and what can come next, or why not. */
export async function actAndTell(ctx: CommandContext, code: string, action: CaseAction, done: Parameters<CommandContext["t"]>[0]): Promise<Reply[]> {
  const org = await ctx.ports.org();
  const outcome = await ctx.ports.casework.act(ctx.user, code, action);
  if (!outcome.ok) return [{ text: formatRefusal(outcome, code, org, ctx.language, ctx.timeZone, ctx.t) }];
  const card = outcome.card;
  const text = ctx.t(done, { code, date: card?.answerBy ?? "" });
  const next = card ? card.actions.filter((a) => a !== action.kind) : [];
  return [{ text, ...(next.length > 0 ? { choices: actionChoices(next, code, ctx.t) } : {}) }];
}

function oneStep(name: string, words: string[], kind: CaseActionKind & ("accept" | "approve_answer" | "sign_off" | "close" | "hold" | "approve_transfer"), done: Parameters<CommandContext["t"]>[0]): CommandDeclaration {
  return {
    name,
    recognise: wordsWithCode(...words),
    who: officials,
    run: async (argument, ctx) => {
      const code = codeIn(argument);
      if (!code) return [{ text: ctx.t("casework_code_needed") }];
      return actAndTell(ctx, code, kind === "hold" ? { kind, input: {} } : { kind }, done);
    },
  };
}

const cases: CommandDeclaration = {
  name: "cases",
  words: ["待办", "我的案件", "案件列表"],
  who: officials,
  run: async (_argument, ctx) => {
    const [entries, org] = await Promise.all([ctx.ports.casework.casesFor(ctx.user), ctx.ports.org()]);
    const shown = entries.slice(0, 10);
    return [{ text: formatCaseList(entries, org, ctx.language, ctx.t), ...(shown.length > 0 ? { choices: shown.map((e) => ({ label: e.trackingCode, value: `/case ${e.trackingCode}` })) } : {}) }];
  },
};

const openCase: CommandDeclaration = {
  name: "case",
  recognise: wordsWithCode("办理", "案件", "查看案件", "更多操作", "more actions"),
  who: officials,
  run: async (argument, ctx) => {
    const code = codeIn(argument);
    if (!code) return [{ text: ctx.t("casework_code_needed") }];
    const [card, org] = await Promise.all([ctx.ports.casework.openCase(ctx.user, code), ctx.ports.org()]);
    if (!card) return [{ text: ctx.t("casework_no_case", { code }) }];
    return [{ text: formatCard(card, org, ctx.language, ctx.t), choices: actionChoices(card.actions, code, ctx.t) }];
  },
};

const timeline: CommandDeclaration = {
  name: "timeline",
  // "办理记录"/"timeline": the numbered action line's label (casework end to end).
  recognise: wordsWithCode("记录", "办理记录", "timeline"),
  who: officials,
  run: async (argument, ctx) => {
    const code = codeIn(argument);
    if (!code) return [{ text: ctx.t("casework_code_needed") }];
    const [card, org] = await Promise.all([ctx.ports.casework.openCase(ctx.user, code), ctx.ports.org()]);
    if (!card) return [{ text: ctx.t("casework_no_case", { code }) }];
    const pages = formatTimeline(code, card.timeline, org, ctx.language, ctx.timeZone, ctx.t);
    return pages.map((text, i) => (i === pages.length - 1 ? { text, choices: actionChoices(card.actions, code, ctx.t, false) } : { text }));
  },
};

/** The commands of this file: the lists, the card, the timeline, the one-press actions. */
export const caseCommands: CommandDeclaration[] = [
  cases,
  openCase,
  timeline,
  oneStep("accept", ["受理", "签收", "accept"], "accept", "done_accept"),
  // The English words are the numbered action lines' labels, so each can be typed as shown (casework end to end).
  oneStep("approve", ["审核通过", "通过", "approve answer"], "approve_answer", "done_approve_answer"),
  oneStep("signoff", ["签字", "签字确认", "sign off"], "sign_off", "done_sign_off"),
  oneStep("close", ["结案", "办结", "close"], "close", "done_close"),
  oneStep("hold", ["包案", "hold"], "hold", "done_hold"),
  // transfers (转办): the petition office approves with one press; not approving asks why (./transfer.ts)
  oneStep("approvetransfer", ["批准转办", "approve transfer"], "approve_transfer", "done_approve_transfer"),
  // nobody unreached
  unreachedCommand,
];
