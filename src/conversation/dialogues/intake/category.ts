import { localName } from "../../../kernel/texts";
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
    ctx.data.draft.categoryId = found.id;
    return advance(ctx, "township");
  },
  // The story often comes before the questions: whatever is typed here is kept as the description.
  text: (text, ctx) => storyOr(ctx, text, deps.maxDescriptionChars, { stay: true, say: [{ key: "choose_from_list" }] }),
  attachment: keepEarly,
  };
}
