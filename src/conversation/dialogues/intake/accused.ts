/**
 * Whom a conduct complaint is about (信访工作条例 2022: it must never reach them): asked right
 * after a conduct category, optional. Typed as free text and matched against the organisation
 * (../../accused-match.ts): the organisation's own full name is taken; anything else found is
 * confirmed first ("您说的是青石镇人民政府的王芳吗？"), several are offered; words that match
 * nobody are kept as said. "不清楚 / 不想说" skips the question.
 */
import type { OrgSnapshot } from "../../../org/types";
import { accusedLabel, findAccused, type AccusedCandidate } from "../../accused-match";
import { advance, type IntakeContext, type IntakeDeps, type IntakeStepDeclaration, type IntakeTurn, keepEarly, storyOr } from "./data";
import { typedAnswer } from "./place";

/** Whom, not what: longer text is the story told early, or asked again shorter. */
const maxAccusedChars = 60;

const skipWords = new Set(["不清楚", "不知道", "不想说", "不说", "不方便说", "不清楚不想说", "跳过", "没有", "无", "skip", "notsure", "idontknow", "rathernotsay"]);

function isSkip(text: string): boolean {
  return skipWords.has(text.normalize("NFKC").toLowerCase().replace(/[\s!！?？。.~～，,/、]+/g, ""));
}

/** Whether the category chosen is a complaint about cadres' conduct, which asks whom it is about. */
export function isConductCategory(org: OrgSnapshot, categoryId: string | undefined): boolean {
  return org.categories.some((c) => c.id === categoryId && c.conduct);
}

function clearCandidates(ctx: IntakeContext): void {
  ctx.data.accusedCandidates = [];
}

/** Nobody named: the question is skipped. */
function skipped(ctx: IntakeContext): IntakeTurn {
  ctx.data.draft.accused = undefined;
  clearCandidates(ctx);
  return advance(ctx, "township");
}

/** The words kept, matched to `match` when the citizen took it (or it was exact). */
function taken(ctx: IntakeContext, match: AccusedCandidate | undefined): IntakeTurn {
  const text = ctx.data.draft.accused?.text ?? "";
  ctx.data.draft.accused = { text, ...(match ? { unitId: match.unitId, ...(match.officialId ? { officialId: match.officialId } : {}) } : {}) };
  clearCandidates(ctx);
  return advance(ctx, "township");
}

/** The words kept as said, matched to nobody; the citizen hears so. */
function keptAsSaid(ctx: IntakeContext): IntakeTurn {
  const text = ctx.data.draft.accused?.text ?? "";
  ctx.data.draft.accused = { text };
  clearCandidates(ctx);
  return { ...advance(ctx, "township"), say: [{ key: "accused_kept_as_said", params: { input: text } }] };
}

/** Typed at any of the three steps: a new answer to "whom is it about". */
async function answered(text: string, ctx: IntakeContext, deps: IntakeDeps): Promise<IntakeTurn> {
  if (isSkip(text)) return skipped(ctx);
  if ([...text].length > maxAccusedChars) {
    return storyOr(ctx, text, deps.maxDescriptionChars, { stay: true, say: [{ key: "accused_too_long", params: { max: maxAccusedChars } }] });
  }
  ctx.data.draft.accused = { text };
  const found = findAccused(text, await ctx.org());
  if (found.hits.length === 0) return keptAsSaid(ctx);
  if (found.hits.length === 1 && found.how === "exact") return taken(ctx, found.hits[0]);
  ctx.data.accusedCandidates = found.hits;
  return { to: found.hits.length === 1 ? "accused_confirm" : "accused_pick" };
}

export function accused(deps: IntakeDeps): IntakeStepDeclaration {
  return {
    prompt: (ctx) => ({ key: "ask_accused", choices: [{ label: ctx.t("accused_skip_option"), value: "skip" }] }),
    choice: (value, ctx) => (value === "skip" ? skipped(ctx) : { stay: true, say: [{ key: "choose_from_list" }] }),
    text: (text, ctx) => answered(text, ctx, deps),
    attachment: keepEarly,
  };
}

/** One guess: yes takes it, no keeps the words as said; anything else typed is a new answer. */
export function accusedConfirm(deps: IntakeDeps): IntakeStepDeclaration {
  const decide = async (answer: "yes" | "no", ctx: IntakeContext): Promise<IntakeTurn> => {
    const candidate = ctx.data.accusedCandidates[0];
    const known = candidate && (await ctx.org()).units.some((u) => u.id === candidate.unitId);
    return answer === "yes" && known ? taken(ctx, candidate) : keptAsSaid(ctx);
  };
  return {
    prompt: async (ctx) => {
      const candidate = ctx.data.accusedCandidates[0];
      return {
        key: "accused_confirm",
        params: { who: candidate ? accusedLabel(await ctx.org(), candidate, ctx.language) : "" },
        choices: [
          { label: ctx.t("yes_option"), value: "yes" },
          { label: ctx.t("no_option"), value: "no" },
        ],
      };
    },
    choice: (value, ctx) => decide(value === "yes" ? "yes" : "no", ctx),
    text: async (text, ctx) => {
      const answer = typedAnswer(text);
      return answer ? decide(answer, ctx) : answered(text, ctx, deps);
    },
  };
}

/** Several found: one picked is taken, "none of these" keeps the words as said. */
export function accusedPick(deps: IntakeDeps): IntakeStepDeclaration {
  return {
    prompt: async (ctx) => {
      const org = await ctx.org();
      return {
        key: "accused_pick_one",
        choices: [
          ...ctx.data.accusedCandidates.map((c, i) => ({ label: accusedLabel(org, c, ctx.language), value: String(i) })),
          { label: ctx.t("accused_none_option"), value: "none" },
        ],
      };
    },
    choice: (value, ctx) => {
      if (value === "none") return keptAsSaid(ctx);
      const candidate = ctx.data.accusedCandidates[Number(value)];
      return candidate ? taken(ctx, candidate) : { stay: true, say: [{ key: "choose_from_list" }] };
    },
    text: (text, ctx) => answered(text, ctx, deps),
  };
}
