/**
 * The intake dialogue: category → place → description → contact → summary. Each step has a
 * prompt (text and choices) and an answer handler that validates and moves on; a wrong answer gets
 * a specific re-prompt and keeps everything already given.
 */
import type { Clock } from "../kernel/clock";
import type { Area, OrgSnapshot } from "../org/types";
import { matchAreas } from "./area-match";
import { descriptionAnswer, nameAnswer, parseAnswer, phoneAnswer } from "./answers";
import type { ConversationPorts } from "./ports";
import type { ConversationState, Draft, Step } from "./state";
import { placeLabel } from "./place";
import { formatSummary } from "./summary";
import { localName, render, type MessageKey, type MessageParams } from "../kernel/texts";
import type { Language } from "../kernel/channel";
import type { Choice, InboundMessage, Reply } from "./types";
import { hasWords, sanitiseText } from "./text";

export type IntakeState = NonNullable<ConversationState["intake"]>;
export interface IntakeResult {
  /** undefined once the petition is submitted. */
  intake: IntakeState | undefined;
  replies: Reply[];
}

interface IntakeDeps {
  ports: ConversationPorts;
  clock: Clock;
  maxDescriptionChars: number;
  newDraftId: () => string;
}

const doneWords = new Set(["完成", "写完了", "好了", "done", "finish", "ok"]);
const skipWords = new Set(["跳过", "不留", "不用", "skip", "no"]);
/** A first message at least this long already tells the story: keep it as the description. */
const storyMinLength = 8;

export class IntakeDialogue {
  constructor(private readonly deps: IntakeDeps) {}

  async begin(first: InboundMessage | undefined, language: Language): Promise<IntakeResult> {
    const intake: IntakeState = {
      draftId: this.deps.newDraftId(),
      step: "category",
      draft: { description: "", attachments: [] },
      returnToSummary: false,
      candidates: [],
      shownChoices: [],
    };
    const kept: Reply[] = [];
    if (first?.kind === "text") {
      const text = sanitiseText(first.text);
      if (text.length >= storyMinLength && hasWords(text) && text.length <= this.deps.maxDescriptionChars) {
        intake.draft.description = text;
        kept.push({ text: render(language, "kept_first_message") });
      }
    } else if (first?.kind === "attachment") {
      intake.draft.attachments.push(first.attachment);
      kept.push({ text: render(language, "attachment_saved", { files: 1 }) });
    }
    return { intake, replies: [...kept, ...(await this.prompt(intake, language))] };
  }

  reprompt(intake: IntakeState, language: Language): Promise<Reply[]> {
    return this.prompt(intake, language);
  }

  async answer(intake: IntakeState, message: InboundMessage, language: Language): Promise<IntakeResult> {
    const t = (key: MessageKey, params?: MessageParams) => render(language, key, params);
    const org = await this.deps.ports.org();
    const again = async (key: MessageKey, params?: MessageParams): Promise<IntakeResult> => ({
      intake,
      replies: [{ text: t(key, params) }, ...(await this.prompt(intake, language, org))],
    });

    // Typed digits pick from the choices last shown, so numbered lists work on every channel.
    let choice: string | undefined;
    if (message.kind === "choice") {
      const [step, ...rest] = message.value.split(":");
      if (step !== intake.step) return again("button_stale");
      choice = rest.join(":");
    } else if (message.kind === "text" && /^\s*\d{1,2}\s*$/.test(message.text.normalize("NFKC")) && intake.shownChoices.length > 0) {
      const picked = intake.shownChoices[Number(message.text.normalize("NFKC").trim()) - 1];
      if (picked === undefined) return again("choose_from_list");
      choice = picked.slice(intake.step.length + 1);
    }

    if (message.kind === "unsupported") return again("unsupported_message");
    if (message.kind === "attachment_failed") {
      return again(message.reason === "too_large" ? "attachment_too_large" : "attachment_failed", { max: message.maxMb ?? 0 });
    }
    if (message.kind === "attachment" && intake.step !== "description") {
      if (intake.step === "category" || intake.step === "township") {
        // Evidence sent early is kept, not refused: it belongs to the description anyway.
        intake.draft.attachments.push(message.attachment);
        return again("attachment_saved", { files: intake.draft.attachments.length });
      }
      return again("attachment_not_now");
    }
    const text = message.kind === "text" && choice === undefined ? sanitiseText(message.text) : undefined;
    if (message.kind === "text" && choice === undefined && !text) return again("text_expected");

    switch (intake.step) {
      case "category": {
        const category = org.categories.find((c) => c.id === choice);
        if (!category) return again("choose_from_list");
        intake.draft.categoryId = category.id;
        return this.advance(intake, language, org, "township");
      }
      case "township": {
        if (choice !== undefined) {
          const township = org.areas.find((a) => a.id === choice && a.level === "township");
          if (!township) return again("choose_from_list");
          intake.draft.townshipId = township.id;
          return this.goTo(intake, language, org, "village");
        }
        return this.placeTyped(intake, language, org, text!, places(org));
      }
      case "village": {
        if (choice !== undefined) {
          const area = org.areas.find((a) => a.id === choice && (a.parentId === intake.draft.townshipId || a.id === intake.draft.townshipId));
          if (!area) return again("choose_from_list");
          if (area.id === intake.draft.townshipId) {
            // "Not sure / whole township": the township itself is the place.
            intake.draft.areaId = area.id;
            return this.advance(intake, language, org, "description");
          }
          return this.placeChosen(intake, language, org, area);
        }
        const local = org.areas.filter((a) => a.parentId === intake.draft.townshipId);
        const localHits = matchAreas(text!, local);
        return localHits.length > 0
          ? this.placeMatches(intake, language, org, text!, localHits)
          : this.placeTyped(intake, language, org, text!, places(org));
      }
      case "area_pick": {
        const area = org.areas.find((a) => a.id === choice && intake.candidates.includes(a.id));
        if (area) return this.placeChosen(intake, language, org, area);
        if (text) return this.placeTyped(intake, language, org, text, places(org));
        return again("choose_from_list");
      }
      case "description":
        return this.describe(intake, language, org, message, choice, text);
      case "contact":
        if (choice === "anonymous") {
          intake.draft = { ...intake.draft, anonymous: true, contactName: undefined, contactPhone: undefined };
          return this.goTo(intake, language, org, "confirm");
        }
        if (choice === "named") {
          intake.draft.anonymous = false;
          return this.goTo(intake, language, org, "name");
        }
        return again("choose_from_list");
      case "name": {
        const name = parseAnswer(nameAnswer, text);
        if (choice !== undefined || !name.ok) return again("name_invalid");
        intake.draft.contactName = name.value;
        return this.goTo(intake, language, org, "phone");
      }
      case "phone": {
        if (choice === "skip" || (text !== undefined && skipWords.has(text.toLowerCase()))) {
          intake.draft.contactPhone = undefined;
          return this.goTo(intake, language, org, "confirm");
        }
        const phone = parseAnswer(phoneAnswer, text);
        if (!phone.ok) return again(phone.problem, { input: (text ?? "").slice(0, 40) });
        intake.draft.contactPhone = phone.value;
        return this.goTo(intake, language, org, "confirm");
      }
      case "confirm":
        if (choice === "submit") return this.submit(intake, language, message);
        if (choice === "edit") return this.goTo(intake, language, org, "edit_field");
        if (choice === "cancel") return { intake: undefined, replies: [{ text: t("cancelled") }] };
        return again("choose_from_list");
      case "edit_field": {
        intake.returnToSummary = true;
        if (choice === "category") return this.goTo(intake, language, org, "category");
        if (choice === "area") return this.goTo(intake, language, org, "township");
        if (choice === "contact") return this.goTo(intake, language, org, "contact");
        if (choice === "description") {
          intake.draft.description = "";
          intake.step = "description";
          return { intake, replies: [{ text: t("description_edit_hint") }] };
        }
        intake.returnToSummary = false;
        return again("choose_from_list");
      }
    }
  }

  private async describe(
    intake: IntakeState,
    language: Language,
    org: OrgSnapshot,
    message: InboundMessage,
    choice: string | undefined,
    text: string | undefined,
  ): Promise<IntakeResult> {
    const t = (key: MessageKey, params?: MessageParams) => render(language, key, params);
    const draft = intake.draft;
    const progress = (): Reply => ({
      text: t("description_progress", { chars: draft.description.length, files: draft.attachments.length }),
      choices: this.choicesFor(intake, [{ label: t("description_done_option"), value: "done" }]),
    });
    if (choice === "done" || (text !== undefined && doneWords.has(text.toLowerCase()))) {
      if (!draft.description) return { intake, replies: [{ text: t("description_empty") }] };
      return this.advance(intake, language, org, "contact");
    }
    if (message.kind === "attachment") {
      draft.attachments.push(message.attachment);
      if (message.caption) {
        const caption = sanitiseText(message.caption);
        if (caption && draft.description.length + caption.length + 1 <= this.deps.maxDescriptionChars) {
          draft.description = draft.description ? `${draft.description}\n${caption}` : caption;
        }
      }
      return { intake, replies: [progress()] };
    }
    if (text === undefined) return { intake, replies: [{ text: t("choose_from_list") }, progress()] };
    const described = parseAnswer(descriptionAnswer(draft.description, this.deps.maxDescriptionChars), text);
    if (!described.ok) {
      const chars = draft.description.length + text.length + (draft.description ? 1 : 0);
      return { intake, replies: [{ text: t(described.problem, { max: this.deps.maxDescriptionChars, chars }) }, progress()] };
    }
    draft.description = described.value;
    return { intake, replies: [progress()] };
  }

  private async submit(intake: IntakeState, language: Language, message: InboundMessage): Promise<IntakeResult> {
    const draft = intake.draft;
    if (!draft.categoryId || !draft.areaId || !draft.description) {
      // Cannot happen through the dialogue; guard anyway rather than submit half a petition.
      return this.goTo(intake, language, await this.deps.ports.org(), "category");
    }
    await this.deps.ports.submitPetition({
      idempotencyKey: intake.draftId,
      user: message.user,
      language,
      categoryId: draft.categoryId,
      areaId: draft.areaId,
      description: draft.description,
      attachments: draft.attachments,
      anonymous: draft.anonymous ?? false,
      contactName: draft.anonymous ? undefined : draft.contactName,
      contactPhone: draft.anonymous ? undefined : draft.contactPhone,
      submittedAt: this.deps.clock.now().toISOString(),
    });
    return { intake: undefined, replies: [{ text: render(language, "submitted") }] };
  }

  /** A place typed by name: one match is taken, several are offered, none is re-asked. */
  private placeTyped(intake: IntakeState, language: Language, org: OrgSnapshot, text: string, candidates: Area[]): Promise<IntakeResult> {
    return this.placeMatches(intake, language, org, text, matchAreas(text, candidates));
  }

  private async placeMatches(intake: IntakeState, language: Language, org: OrgSnapshot, text: string, hits: Area[]): Promise<IntakeResult> {
    if (hits.length === 1) return this.placeChosen(intake, language, org, hits[0]!);
    if (hits.length === 0) {
      return {
        intake,
        replies: [{ text: render(language, "area_not_found", { input: text.slice(0, 40) }) }, ...(await this.prompt(intake, language, org))],
      };
    }
    intake.candidates = hits.slice(0, 6).map((a) => a.id);
    return this.goTo(intake, language, org, "area_pick");
  }

  private placeChosen(intake: IntakeState, language: Language, org: OrgSnapshot, area: Area): Promise<IntakeResult> {
    intake.candidates = [];
    if (area.level === "township") {
      intake.draft.townshipId = area.id;
      return this.goTo(intake, language, org, "village");
    }
    intake.draft.townshipId = area.level === "village" ? (area.parentId ?? undefined) : undefined;
    intake.draft.areaId = area.id;
    return this.advance(intake, language, org, "description");
  }

  /** Moves to `next`, or back to the summary when a field was being changed from it. */
  private advance(intake: IntakeState, language: Language, org: OrgSnapshot, next: Step): Promise<IntakeResult> {
    return this.goTo(intake, language, org, intake.returnToSummary ? "confirm" : next);
  }

  private async goTo(intake: IntakeState, language: Language, org: OrgSnapshot, step: Step): Promise<IntakeResult> {
    if (step === "village" && intake.draft.townshipId) {
      // A village answer would be a township answer: clear the area until the village is chosen.
      intake.draft.areaId = undefined;
    }
    if (step === "confirm") intake.returnToSummary = false;
    intake.step = step;
    return { intake, replies: await this.prompt(intake, language, org) };
  }

  private async prompt(intake: IntakeState, language: Language, knownOrg?: OrgSnapshot): Promise<Reply[]> {
    const org = knownOrg ?? (await this.deps.ports.org());
    const t = (key: MessageKey, params?: MessageParams) => render(language, key, params);
    const ask = (key: MessageKey, choices: Choice[], params?: MessageParams): Reply[] => [
      { text: t(key, params), choices: this.choicesFor(intake, choices) },
    ];
    switch (intake.step) {
      case "category":
        return ask(
          "ask_category",
          org.categories.map((c) => ({ label: localName(language, c), value: c.id })),
        );
      case "township":
        return ask(
          "ask_township",
          org.areas.filter((a) => a.level === "township").map((a) => ({ label: a.name, value: a.id })),
        );
      case "village": {
        const township = org.areas.find((a) => a.id === intake.draft.townshipId);
        const villages = org.areas.filter((a) => a.parentId === intake.draft.townshipId);
        return ask(
          "ask_village",
          [...villages.map((a) => ({ label: a.name, value: a.id })), { label: t("village_unknown_option"), value: intake.draft.townshipId ?? "" }],
          { township: township?.name ?? "" },
        );
      }
      case "area_pick":
        return ask(
          "area_pick_one",
          intake.candidates.map((id) => ({ label: placeLabel(org, id), value: id })),
        );
      case "description":
        if (!intake.draft.description && intake.draft.attachments.length === 0) return ask("ask_description", []);
        return ask("description_progress", [{ label: t("description_done_option"), value: "done" }], {
          chars: intake.draft.description.length,
          files: intake.draft.attachments.length,
        });
      case "contact":
        return ask("ask_contact", [
          { label: t("contact_named_option"), value: "named" },
          { label: t("contact_anonymous_option"), value: "anonymous" },
        ]);
      case "name":
        return ask("ask_name", []);
      case "phone":
        return ask("ask_phone", [{ label: t("phone_skip_option"), value: "skip" }]);
      case "confirm":
        return [
          {
            text: formatSummary(intake.draft as Draft, org, language),
            choices: this.choicesFor(intake, [
              { label: t("confirm_option"), value: "submit" },
              { label: t("edit_option"), value: "edit" },
              { label: t("cancel_option"), value: "cancel" },
            ]),
          },
        ];
      case "edit_field":
        return ask("ask_edit_field", [
          { label: t("field_category"), value: "category" },
          { label: t("field_area"), value: "area" },
          { label: t("field_description"), value: "description" },
          { label: t("field_contact"), value: "contact" },
        ]);
    }
  }

  /** Choice values carry their step, so a button from an earlier question is recognised as stale. */
  private choicesFor(intake: IntakeState, choices: Choice[]): Choice[] {
    const scoped = choices.map((c) => ({ label: c.label, value: `${intake.step}:${c.value}` }));
    intake.shownChoices = scoped.map((c) => c.value);
    return scoped;
  }
}

function places(org: OrgSnapshot): Area[] {
  return org.areas.filter((a) => a.level !== "county");
}
