import { localName } from "../../../kernel/texts";
import { isConductCategory } from "./accused";
import { advance, type IntakeDeps, type IntakeStepDeclaration, keepEarly, storyOr } from "./data";

/** What the petition is about: one of the organisation's categories. */
export function category(deps: IntakeDeps): IntakeStepDeclaration {
  return {
  prompt: async (ctx) => ({
    key: "ask_category",
    choices: (await ctx.org()).categories.map((c) => ({ label: localName(ctx.language, c), value: c.id })),
  }),
  choice: async (value, ctx) => {
    const found = (await ctx.org()).categories.find((c) => c.id === value);
    if (!found) return { stay: true, say: [{ key: "choose_from_list" }] };
    const draft = ctx.data.draft;
    const wasConduct = isConductCategory(await ctx.org(), draft.categoryId);
    draft.categoryId = found.id;
    // A conduct complaint asks whom it is about next (once: changing between conduct categories keeps the answer).
    if (!found.conduct) draft.accused = undefined;
    else if (!(ctx.data.returnToSummary && wasConduct)) return { to: "accused" };
    return advance(ctx, "township");
  },
  // The story often comes before the questions: whatever is typed here is kept as the description.
  text: (text, ctx) => storyOr(ctx, text, deps.maxDescriptionChars, { stay: true, say: [{ key: "choose_from_list" }] }),
  attachment: keepEarly,
  };
}
