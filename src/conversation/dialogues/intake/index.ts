/**
 * The intake dialogue: category (→ whom it is about, for a conduct complaint) → place →
 * description → contact → summary. Declared on the engine (../../dialogue.ts); each step is its
 * own file. A wrong answer gets a specific re-prompt and keeps everything already given.
 */
import { defineDialogue, type Said } from "../../dialogue";
import { sanitiseText } from "../../text";
import { accused, accusedConfirm, accusedPick } from "./accused";
import { category } from "./category";
import { confirm, editField } from "./confirm";
import { contact, name, phone } from "./contact";
import { type IntakeData, intakeDataSchema, type IntakeDeps, type IntakeStep, type IntakeStepDeclaration, keepLocation, keepStory, mayBeStory } from "./data";
import { description } from "./description";
import { areaConfirm, areaPick, township, village } from "./place";
import { emergencyAdvice, withEmergencyAdvice } from "./urgency";

export type { IntakeDeps } from "./data";

export function intakeDialogue(deps: IntakeDeps) {
  return defineDialogue<IntakeData, IntakeStep>({
    id: "intake",
    title: "dialogue_intake",
    who: "citizen",
    data: intakeDataSchema,
    first: "category",
    startedBy: { commands: ["start"], unprompted: true },
    opening: [{ key: "greeting" }],
    begin: async (ctx, first) => {
      const data: IntakeData = { draft: { description: "", attachments: [] }, returnToSummary: false, candidates: [], accusedCandidates: [] };
      const say: Said[] = [];
      if (first?.kind === "text") {
        // Whatever tells something is the story (a greeting or a stray "99" is not); too long, and the citizen is told so.
        const text = sanitiseText(first.text);
        if (mayBeStory(text)) say.push(keepStory(data, text, deps.maxDescriptionChars));
        // priority (急事急办): a story that starts with "着火了" hears whom to call before any question.
        if (data.draft.description) say.push(...emergencyAdvice(data, await ctx.org(), ctx.t));
      } else if (first?.kind === "attachment") {
        data.draft.attachments.push(first.attachment);
        say.push({ key: "attachment_saved", params: { files: 1 } });
      } else if (first?.kind === "location") {
        data.draft.location = { latitude: first.latitude, longitude: first.longitude };
        say.push({ key: "location_kept" });
      }
      return { data, say };
    },
    // priority (急事急办): the citizen's own intake says whom to call in an emergency; a cadre's visit record does not.
    steps: withEmergencyAdvice(withLocationKept(intakeSteps(deps))),
  });
}

/** The intake's steps, shared with the petition a cadre records for a citizen (./visit.ts). */
export function intakeSteps(deps: IntakeDeps): Record<Exclude<IntakeStep, "visit_kind">, IntakeStepDeclaration> {
  return {
    category: category(deps),
    township: township(deps),
    village: village(deps),
    area_pick: areaPick(deps),
    area_confirm: areaConfirm,
    description: description(deps),
    contact,
    name,
    phone,
    confirm: confirm(deps),
    edit_field: editField,
    // Conduct complaints: whom it is about.
    accused: accused(deps),
    accused_confirm: accusedConfirm(deps),
    accused_pick: accusedPick(deps),
  };
}

/** The intake steps never reach the visit's own first step: it only opens a visit record. */
const noVisitKind: IntakeStepDeclaration = { prompt: () => ({ key: "choose_from_list" }) };

/** Steps that do not read a location themselves keep one shared there, and say so. */
export function withLocationKept(steps: Record<Exclude<IntakeStep, "visit_kind">, IntakeStepDeclaration> & Partial<Record<"visit_kind", IntakeStepDeclaration>>): Record<IntakeStep, IntakeStepDeclaration> {
  steps = { visit_kind: noVisitKind, ...steps };
  const kept = Object.entries(steps).map(([id, step]) => [id, step.location ? step : { ...step, location: keepLocation }]);
  return Object.fromEntries(kept) as Record<IntakeStep, IntakeStepDeclaration>;
}
