/** The summary the petitioner confirms, changing one field from it, and the submission. */
import { formatSummary } from "./summary";
import type { IntakeDeps, IntakeStepDeclaration } from "./data";

export function confirm(deps: IntakeDeps): IntakeStepDeclaration {
  return {
    onEnter: (ctx) => {
      ctx.data.returnToSummary = false;
    },
    prompt: async (ctx) => ({
      text: formatSummary(ctx.data.draft, await ctx.org(), ctx.language),
      choices: [
        { label: ctx.t("confirm_option"), value: "submit" },
        { label: ctx.t("edit_option"), value: "edit" },
        { label: ctx.t("cancel_option"), value: "cancel" },
      ],
    }),
    choice: async (value, ctx) => {
      if (value === "edit") return { to: "edit_field" };
      if (value === "cancel") return { end: "cancelled", say: [{ key: "cancelled" }] };
      if (value !== "submit") return { stay: true, say: [{ key: "choose_from_list" }] };
      const draft = ctx.data.draft;
      if (!draft.categoryId || !draft.areaId || !draft.description) {
        // Cannot happen through the dialogue; guard anyway rather than submit half a petition.
        return { to: "category" };
      }
      await deps.ports.submitPetition({
        idempotencyKey: ctx.runId,
        user: ctx.user,
        language: ctx.language,
        categoryId: draft.categoryId,
        areaId: draft.areaId,
        description: draft.description,
        attachments: draft.attachments,
        anonymous: draft.anonymous ?? false,
        contactName: draft.anonymous ? undefined : draft.contactName,
        contactPhone: draft.anonymous ? undefined : draft.contactPhone,
        submittedAt: deps.clock.now().toISOString(),
      });
      return { end: "done", say: [{ key: "submitted" }] };
    },
  };
}

export const editField: IntakeStepDeclaration = {
  prompt: (ctx) => ({
    key: "ask_edit_field",
    choices: [
      { label: ctx.t("field_category"), value: "category" },
      { label: ctx.t("field_area"), value: "area" },
      { label: ctx.t("field_description"), value: "description" },
      { label: ctx.t("field_contact"), value: "contact" },
    ],
  }),
  choice: (value, ctx) => {
    ctx.data.returnToSummary = true;
    if (value === "category") return { to: "category" };
    if (value === "area") return { to: "township" };
    if (value === "contact") return { to: "contact" };
    if (value === "description") {
      ctx.data.draft.description = "";
      return { to: "description", instead: { key: "description_edit_hint" } };
    }
    ctx.data.returnToSummary = false;
    return { stay: true, say: [{ key: "choose_from_list" }] };
  },
};
