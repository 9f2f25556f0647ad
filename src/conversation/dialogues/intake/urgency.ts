/**
 * 急事急办 at intake. As soon as what the citizen has told sounds like an emergency — while they
 * describe it, or in the story they tell before the questions — they are told plainly to call
 * 110 / 120 / 119 now if anyone is in danger (only the numbers that apply, each once), and that the
 * petition is still recorded and handled as urgent. Nothing is refused or held back: the dialogue
 * goes on as before. At the end the proposed priority goes with the petition (./confirm.ts).
 */
import type { ConfirmedPetition } from "../../../cases/submission";
import type { OrgSnapshot } from "../../../org/types";
import { callsNotYetTold, findUrgentWords, proposePriority } from "../../../routing/urgency";
import type { DialogueContext, Said, Turn } from "../../dialogue";
import type { Draft, IntakeData, IntakeStep, IntakeStepDeclaration } from "./data";

/**
 * What to say now that the description reads as it does: the numbers not yet told, or — for an
 * urgent word with nothing to dial (停暖 with 老人) — once, that it goes on as urgent. Records what
 * was said in `data`, so it is said once.
 */
export function emergencyAdvice(data: IntakeData, org: OrgSnapshot, t: DialogueContext<unknown>["t"]): Said[] {
  // visits: the cadre records it after meeting the citizen; the advice is for a citizen in danger now.
  if (data.visit) return [];
  const match = findUrgentWords(data.draft.description, org.urgentWords);
  if (match.words.length === 0) return [];
  const calls = callsNotYetTold(match.calls, data.callsTold ?? []);
  if (calls.length > 0) {
    data.callsTold = [...(data.callsTold ?? []), ...calls];
    data.urgentTold = true;
    // "119（火警、救援）", "110（报警）或 120（急救）": each number with what it is for, in the citizen's words.
    return [{ key: "urgent_call_advice", params: { calls: calls.map((call) => t(`emergency_call_${call}`)).join(t("emergency_call_or")) } }];
  }
  if (data.urgentTold) return [];
  data.urgentTold = true;
  return [{ key: "urgent_noted" }];
}

/** Every step that may change the description (the story told early, the description, a photo's caption) says the advice after. */
export function withEmergencyAdvice(steps: Record<IntakeStep, IntakeStepDeclaration>): Record<IntakeStep, IntakeStepDeclaration> {
  const wrapped = Object.entries(steps).map(([id, step]): [string, IntakeStepDeclaration] => [
    id,
    {
      ...step,
      ...(step.text ? { text: (text: string, ctx: DialogueContext<IntakeData>) => advised(ctx, () => step.text!(text, ctx)) } : {}),
      ...(step.attachment ? { attachment: (file, caption, ctx) => advised(ctx, () => step.attachment!(file, caption, ctx)) } : {}),
    },
  ]);
  return Object.fromEntries(wrapped) as Record<IntakeStep, IntakeStepDeclaration>;
}

async function advised(ctx: DialogueContext<IntakeData>, handle: () => Turn<IntakeStep> | Promise<Turn<IntakeStep>>): Promise<Turn<IntakeStep>> {
  const before = ctx.data.draft.description;
  const turn = await handle();
  if (ctx.data.draft.description === before || "end" in turn) return turn;
  const advice = emergencyAdvice(ctx.data, await ctx.org(), ctx.t);
  return advice.length > 0 ? { ...turn, say: [...(turn.say ?? []), ...advice] } : turn;
}

/** The priority the petition goes with, and the urgent words that raised it (the words, never the text). */
export function priorityFields(draft: Draft, org: OrgSnapshot): Pick<ConfirmedPetition, "priority" | "urgency"> {
  const category = org.categories.find((c) => c.id === draft.categoryId);
  const proposal = proposePriority(category?.priority, draft.description, org.urgentWords);
  return { priority: proposal.priority, ...(proposal.words.length > 0 ? { urgency: { words: proposal.words, calls: proposal.calls } } : {}) };
}
