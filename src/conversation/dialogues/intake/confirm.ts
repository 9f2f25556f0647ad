/** The summary the petitioner confirms, changing one field from it, and the submission. */
import { hasPetitionContent } from "../../../cases/petition-content";
import type { ConfirmedPetition } from "../../../cases/submission";
import { isConductCategory } from "./accused";
import { formatSummary } from "./summary";
import { priorityFields } from "./urgency";
import type { Draft, IntakeContext, IntakeDeps, IntakeStepDeclaration, IntakeTurn } from "./data";

/** Typed words that mean "submit" at the summary, as people answer a yes/no question. */
const submitWords = new Set(["确认", "确认提交", "确定", "好的", "好", "对", "对的", "没问题", "提交", "可以", "是", "是的", "ok", "okay", "yes", "submit"]);

export function confirm(deps: IntakeDeps): IntakeStepDeclaration {
  const submit = async (ctx: IntakeContext): Promise<IntakeTurn> => {
    const draft = ctx.data.draft;
    // Cannot happen through the dialogue; guard anyway rather than submit half a petition.
    if (!draft.categoryId || !draft.areaId) return { to: "category" };
    if (!hasPetitionContent(draft)) return { to: "description", say: [{ key: "description_thin" }] };
    // visits: recorded by the cadre speaking, for a citizen whose name and phone it must have.
    let visit: ConfirmedPetition["visit"];
    if (ctx.data.visit) {
      if (!ctx.data.visit.kind) return { to: "visit_kind" };
      if (!draft.contactName) return { to: "contact" };
      if (!draft.contactPhone) return { to: "phone", say: [{ key: "visit_phone_required" }] };
      const speaker = await ctx.speaker();
      if (speaker.kind !== "official") return { end: "cancelled", say: [{ key: "unknown_command" }] };
      visit = { kind: ctx.data.visit.kind, officialId: speaker.officialId };
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
      ...(draft.location ? { location: draft.location } : {}),
      ...(draft.accused && isConductCategory(await ctx.org(), draft.categoryId) ? accusedFields(draft.accused) : {}),
      submittedAt: deps.clock.now().toISOString(),
      ...(visit ? { visit } : {}),
      // priority (急事急办): proposed from the category and the urgent words; the case is registered with it
      ...priorityFields(draft, await ctx.org()),
    });
    return { end: "done", say: [{ key: visit ? "visit_submitted" : "submitted" }] };
  };
  return {
    onEnter: (ctx) => {
      ctx.data.returnToSummary = false;
    },
    prompt: async (ctx) => ({
      text: (await visitLine(ctx)) + formatSummary(ctx.data.draft, await ctx.org(), ctx.language),
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
      return submit(ctx);
    },
    text: (text, ctx) => {
      const word = text.toLowerCase().replace(/[.!。！~～]+$/, "");
      if (submitWords.has(word)) return submit(ctx);
      if (word === "修改") return { to: "edit_field" };
      return { stay: true, say: [{ key: "choose_from_list" }] };
    },
  };
}

/** visits: the summary opens by saying who records it for the citizen, at what kind of visit. */
async function visitLine(ctx: IntakeContext): Promise<string> {
  const kind = ctx.data.visit?.kind;
  if (!kind) return "";
  const speaker = await ctx.speaker();
  const official = speaker.kind === "official" ? ((await ctx.org()).officials.find((o) => o.id === speaker.officialId)?.name ?? speaker.officialId) : "";
  return `${ctx.t("summary_visit", { official, kind: ctx.t(`visit_kind_${kind}`) })}\n`;
}

export const editField: IntakeStepDeclaration = {
  prompt: async (ctx) => ({
    key: "ask_edit_field",
    choices: [
      { label: ctx.t("field_category"), value: "category" },
      // Conduct complaints: whom it is about.
      ...(isConductCategory(await ctx.org(), ctx.data.draft.categoryId) ? [{ label: ctx.t("field_accused"), value: "accused" }] : []),
      { label: ctx.t("field_area"), value: "area" },
      { label: ctx.t("field_description"), value: "description" },
      { label: ctx.t("field_contact"), value: "contact" },
    ],
  }),
  choice: (value, ctx) => {
    ctx.data.returnToSummary = true;
    if (value === "category") return { to: "category" };
    if (value === "accused") return { to: "accused" };
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

/** The accused as the submission carries it: the words, and the ids when they were matched. */
function accusedFields(accused: NonNullable<Draft["accused"]>): Pick<ConfirmedPetition, "accused" | "accusedUnitId" | "accusedOfficialId"> {
  return { accused: accused.text, ...(accused.unitId ? { accusedUnitId: accused.unitId } : {}), ...(accused.officialId ? { accusedOfficialId: accused.officialId } : {}) };
}
