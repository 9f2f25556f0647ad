import { localName } from "../../../kernel/texts";
import { advance, type IntakeStepDeclaration, keepEarly } from "./data";

/** What the petition is about: one of the organisation's categories. */
export const category: IntakeStepDeclaration = {
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
  attachment: keepEarly,
};
