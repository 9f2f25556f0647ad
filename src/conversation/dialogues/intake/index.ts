/**
 * The intake dialogue: category → place → description → contact → summary. Declared on the
 * engine (../../dialogue.ts); each step is its own file. A wrong answer gets a specific re-prompt
 * and keeps everything already given.
 */
import { defineDialogue, type Said } from "../../dialogue";
import { hasWords, sanitiseText } from "../../text";
import { category } from "./category";
import { confirm, editField } from "./confirm";
import { contact, name, phone } from "./contact";
import { type IntakeData, intakeDataSchema, type IntakeDeps, type IntakeStep } from "./data";
import { description } from "./description";
import { areaPick, township, village } from "./place";

export type { IntakeDeps } from "./data";

/** A first message at least this long already tells the story: keep it as the description. */
const storyMinLength = 8;

export function intakeDialogue(deps: IntakeDeps) {
  return defineDialogue<IntakeData, IntakeStep>({
    id: "intake",
    title: "dialogue_intake",
    who: "citizen",
    data: intakeDataSchema,
    first: "category",
    startedBy: { commands: ["start"], unprompted: true },
    opening: [{ key: "greeting" }],
    begin: (_ctx, first) => {
      const data: IntakeData = { draft: { description: "", attachments: [] }, returnToSummary: false, candidates: [] };
      const say: Said[] = [];
      if (first?.kind === "text") {
        const text = sanitiseText(first.text);
        if (text.length >= storyMinLength && hasWords(text) && text.length <= deps.maxDescriptionChars) {
          data.draft.description = text;
          say.push({ key: "kept_first_message" });
        }
      } else if (first?.kind === "attachment") {
        data.draft.attachments.push(first.attachment);
        say.push({ key: "attachment_saved", params: { files: 1 } });
      }
      return { data, say };
    },
    steps: {
      category,
      township,
      village,
      area_pick: areaPick,
      description: description(deps),
      contact,
      name,
      phone,
      confirm: confirm(deps),
      edit_field: editField,
    },
  });
}
