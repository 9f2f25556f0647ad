/**
 * Visits (item 10 of case handling): a cadre records a petition on behalf of a citizen they met —
 * 登门上户, 定点接待, 重点约谈 — with the same intake steps, started by a bound official with
 * /visit (代录, 走访登记). It asks first what kind of visit it was; the citizen's name and phone
 * are required (the citizen claims the case later with its code and the phone's last four digits);
 * the summary says the cadre records it for the citizen. The case is then handled like any other.
 */
import { visitKinds } from "../../../kernel/answers";
import { contactAnswer, nameAnswer, parseAnswer, phoneAnswer } from "../../answers";
import { officials } from "../../casework/commands";
import { defineDialogue } from "../../dialogue";
import { advance, type IntakeData, intakeDataSchema, type IntakeDeps, type IntakeStep, type IntakeStepDeclaration } from "./data";
import { intakeSteps, withLocationKept } from "./index";

const visitWords = new Set(["代录", "走访登记", "代录诉求"]);

const visitKind: IntakeStepDeclaration = {
  prompt: (ctx) => ({ key: "ask_visit_kind", choices: visitKinds.map((kind) => ({ label: ctx.t(`visit_kind_${kind}`), value: kind })) }),
  choice: (value, ctx) => {
    const kind = visitKinds.find((k) => k === value);
    if (!kind) return { stay: true, say: [{ key: "choose_from_list" }] };
    ctx.data.visit = { kind };
    return advance(ctx, "category");
  },
  // The kind typed in words ("登门上户") is the kind.
  text: (text, ctx) => {
    const kind = visitKinds.find((k) => ctx.t(`visit_kind_${k}`) === text.trim());
    if (!kind) return { stay: true, say: [{ key: "choose_from_list" }] };
    ctx.data.visit = { kind };
    return advance(ctx, "category");
  },
};

/** The citizen's name, required (a name and phone typed together are both taken). */
const visitName: IntakeStepDeclaration = {
  prompt: () => ({ key: "ask_visit_name" }),
  text: (text, ctx) => {
    ctx.data.draft.anonymous = false;
    const given = contactAnswer(text);
    if (given?.phone) {
      ctx.data.draft = { ...ctx.data.draft, contactName: given.name, contactPhone: given.phone };
      return { to: "confirm" };
    }
    const parsed = parseAnswer(nameAnswer, text);
    if (!parsed.ok) return { stay: true, say: [{ key: "name_invalid" }] };
    ctx.data.draft.contactName = parsed.value;
    return { to: "phone" };
  },
};

/** The citizen's phone, required: there is no skipping it. */
const visitPhone: IntakeStepDeclaration = {
  prompt: () => ({ key: "ask_visit_phone" }),
  text: (text, ctx) => {
    const parsed = parseAnswer(phoneAnswer, text);
    if (!parsed.ok) return { stay: true, say: [{ key: /^\D*$/.test(text) ? "visit_phone_required" : parsed.problem, params: { input: text.slice(0, 40) } }] };
    ctx.data.draft.contactPhone = parsed.value;
    return { to: "confirm" };
  },
};

export function visitDialogue(deps: IntakeDeps) {
  return defineDialogue<IntakeData, IntakeStep>({
    id: "visit",
    title: "dialogue_visit",
    who: officials,
    data: intakeDataSchema,
    first: "visit_kind",
    startedBy: { commands: ["visit"], recognise: (text) => (visitWords.has(text.trim()) ? "" : undefined) },
    opening: [{ key: "visit_opening" }],
    begin: () => ({ data: { draft: { description: "", attachments: [], anonymous: false }, returnToSummary: false, candidates: [], accusedCandidates: [], visit: {} } }),
    steps: withLocationKept({ ...intakeSteps(deps), visit_kind: visitKind, contact: visitName, name: visitName, phone: visitPhone }),
  });
}
