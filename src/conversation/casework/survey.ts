/**
 * The petitioner's side of the satisfaction survey (回访) in chat. A rating arrives three ways:
 * a pressed button or a typed numbered line (`/rate CODE satisfied`, "满意 MQ…"), a number picked
 * from the survey's numbered lines (the engine's last offered actions), or words sent outside any
 * dialogue ("还行吧，就是慢了点"), read by src/followup/read-reply.ts. A number typed inside
 * another dialogue belongs to that dialogue and is never taken as a rating. With several cases
 * waiting, the bot asks which one; a reply it cannot read gets one clarifying question with the
 * three ratings; a message that is no rating at all goes on to intake as before.
 */
import type { CaseView } from "../../cases/views";
import { satisfactions, type Satisfaction } from "../../kernel/answers";
import { readSurveyReply } from "../../followup/read-reply";
import { localName } from "../../kernel/texts";
import type { CommandContext, CommandDeclaration } from "../commands";
import type { Reply } from "../types";
import { formatRefusal } from "./present";
import { codeIn, wordsWithCode } from "./words";

const ratingWords: Record<Satisfaction, string[]> = {
  satisfied: ["满意", "satisfied"],
  basically_satisfied: ["基本满意", "basically satisfied"],
  unsatisfied: ["不满意", "not satisfied"],
};

/** "满意 MQ…" as a numbered line shows it → "MQ… satisfied"; the longer words are tried first. */
function recogniseRating(text: string): string | undefined {
  for (const rating of ["basically_satisfied", "unsatisfied", "satisfied"] as const) {
    const code = wordsWithCode(...ratingWords[rating])(text);
    if (code) return `${code} ${rating}`;
  }
  return undefined;
}

const isRating = (value: string | undefined): value is Satisfaction => satisfactions.includes(value as Satisfaction);
const rateCommand = (code: string, rating: Satisfaction, words = "") => `/rate ${code} ${rating}${words ? ` ${words}` : ""}`;

/** Records the rating for the case and says so: thanks, or that it is handled again and by when. */
async function rate(ctx: CommandContext, code: string, rating: Satisfaction, words: string): Promise<Reply[]> {
  const opinion = words || ctx.t(`satisfaction_${rating}`);
  const outcome = await ctx.ports.casework.act(ctx.user, code, { kind: "answer_survey", input: { satisfaction: rating, opinion } });
  if (!outcome.ok) {
    if (outcome.code === "already_done" || outcome.code === "wrong_state") return [{ text: ctx.t("survey_already", { code }) }];
    return [{ text: formatRefusal(outcome, code, await ctx.ports.org(), ctx.language, ctx.timeZone, ctx.t) }];
  }
  if (rating !== "unsatisfied") return [{ text: ctx.t("survey_thanks", { code, rating: ctx.t(`satisfaction_${rating}`) }) }];
  const after = await ctx.ports.caseOf(ctx.user, code);
  return [{ text: ctx.t("survey_reopened", { code, date: after?.answerBy ?? "—" }) }];
}

export const rateSurveyCommand: CommandDeclaration = {
  name: "rate",
  recognise: recogniseRating,
  who: "citizen",
  run: async (argument, ctx) => {
    const [codeText = "", rating, ...words] = argument.trim().split(/\s+/);
    const code = codeIn(codeText);
    if (!code || !isRating(rating)) return [{ text: ctx.t("casework_code_needed") }];
    return rate(ctx, code, rating, words.join(" "));
  },
};

/** The three ratings of one case, as choices that run the rating (with the words sent, if any). */
function ratingChoices(ctx: CommandContext, code: string) {
  return satisfactions.map((rating) => ({ label: ctx.t(`rate_${rating}`, { code }), value: rateCommand(code, rating) }));
}

/**
 * A message sent outside any dialogue, read as a survey answer when the person has cases waiting
 * for one; undefined when it is not a rating (or nothing waits), so intake takes it as before.
 */
export async function surveyReply(ctx: CommandContext, text: string): Promise<Reply[] | undefined> {
  const reading = readSurveyReply(text);
  if (reading.kind === "not_a_rating") return undefined;
  const waiting = await ctx.ports.awaitingRating(ctx.user);
  if (waiting.length === 0) return undefined;
  const org = await ctx.ports.org();
  const line = (view: CaseView) => {
    const category = org.categories.find((c) => c.id === view.categoryId);
    return ctx.t("survey_case_line", { code: view.trackingCode, category: category ? localName(ctx.language, category) : view.categoryId });
  };
  if (reading.kind === "unclear") {
    const newest = waiting[0]!;
    return [{ text: ctx.t("survey_clarify", { code: newest.trackingCode }), choices: ratingChoices(ctx, newest.trackingCode) }];
  }
  if (waiting.length === 1) {
    const only = waiting[0]!.trackingCode;
    // Words that read as "not satisfied" may be a new grievance ("水又停了"): reopening a case is
    // not done on a guess, so the petitioner confirms, or files it as a new petition.
    if (reading.rating === "unsatisfied" && reading.saysMore) {
      return [{ text: ctx.t("survey_confirm_unsatisfied", { code: only }), choices: [{ label: ctx.t("survey_yes_unsatisfied"), value: rateCommand(only, "unsatisfied", text.trim()) }, { label: ctx.t("survey_new_matter"), value: "/start" }] }];
    }
    return rate(ctx, only, reading.rating, text.trim());
  }
  return [
    {
      text: ctx.t("survey_which_case", { count: waiting.length, rating: ctx.t(`satisfaction_${reading.rating}`) }),
      choices: waiting.slice(0, 8).map((view) => ({ label: line(view), value: rateCommand(view.trackingCode, reading.rating, text.trim()) })),
    },
  ];
}
