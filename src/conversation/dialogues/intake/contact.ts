/** How to reach the petitioner: a name and (optionally) a phone, or anonymous. */
import { contactAnswer, nameAnswer, parseAnswer, phoneAnswer } from "../../answers";
import type { IntakeStepDeclaration } from "./data";

const skipWords = new Set(["跳过", "不留", "不用", "skip", "no"]);

export const contact: IntakeStepDeclaration = {
  prompt: (ctx) => ({
    key: "ask_contact",
    choices: [
      { label: ctx.t("contact_named_option"), value: "named" },
      { label: ctx.t("contact_anonymous_option"), value: "anonymous" },
    ],
  }),
  choice: (value, ctx) => {
    if (value === "anonymous") {
      ctx.data.draft = { ...ctx.data.draft, anonymous: true, contactName: undefined, contactPhone: undefined };
      return { to: "confirm" };
    }
    if (value === "named") {
      ctx.data.draft.anonymous = false;
      return { to: "name" };
    }
    return { stay: true, say: [{ key: "choose_from_list" }] };
  },
  // A name (and phone) typed instead of picking "leave name and phone" means just that.
  text: (text, ctx) => {
    const given = contactAnswer(text);
    if (!given) return { stay: true, say: [{ key: "choose_from_list" }] };
    ctx.data.draft = { ...ctx.data.draft, anonymous: false, contactName: given.name, contactPhone: given.phone };
    return given.phone ? { to: "confirm" } : { to: "phone" };
  },
};

export const name: IntakeStepDeclaration = {
  prompt: () => ({ key: "ask_name" }),
  text: (text, ctx) => {
    const parsed = parseAnswer(nameAnswer, text);
    if (!parsed.ok) return { stay: true, say: [{ key: "name_invalid" }] };
    ctx.data.draft.contactName = parsed.value;
    return { to: "phone" };
  },
};

export const phone: IntakeStepDeclaration = {
  prompt: (ctx) => ({ key: "ask_phone", choices: [{ label: ctx.t("phone_skip_option"), value: "skip" }] }),
  choice: (value, ctx) => {
    if (value !== "skip") return { stay: true, say: [{ key: "choose_from_list" }] };
    ctx.data.draft.contactPhone = undefined;
    return { to: "confirm" };
  },
  text: (text, ctx) => {
    if (skipWords.has(text.toLowerCase())) {
      ctx.data.draft.contactPhone = undefined;
      return { to: "confirm" };
    }
    const parsed = parseAnswer(phoneAnswer, text);
    if (!parsed.ok) return { stay: true, say: [{ key: parsed.problem, params: { input: text.slice(0, 40) } }] };
    ctx.data.draft.contactPhone = parsed.value;
    return { to: "confirm" };
  },
};
