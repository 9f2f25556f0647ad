/**
 * What happened, told in as many messages as the citizen likes, with photos, files or voice; the
 * step stays open until they say it is done.
 */
import { hasPetitionContent } from "../../../cases/petition-content";
import { descriptionAnswer, parseAnswer } from "../../answers";
import { sanitiseText } from "../../text";
import { advance, type IntakeContext, type IntakeDeps, type IntakeStepDeclaration, type IntakeTurn } from "./data";

const doneWords = new Set(["完成", "写完了", "好了", "done", "finish", "ok"]);

export function description(deps: IntakeDeps): IntakeStepDeclaration {
  // A voice message or photos alone tell the story too: words are needed only when nothing is attached.
  const done = (ctx: IntakeContext): IntakeTurn => {
    const draft = ctx.data.draft;
    if (hasPetitionContent(draft)) return advance(ctx, "contact");
    return { stay: true, say: [{ key: draft.description ? "description_thin" : "description_empty" }] };
  };
  return {
    prompt: (ctx) => {
      const draft = ctx.data.draft;
      if (!draft.description && draft.attachments.length === 0) return { key: "ask_description" };
      return {
        key: "description_progress",
        params: { chars: draft.description.length, files: draft.attachments.length },
        choices: [{ label: ctx.t("description_done_option"), value: "done" }],
      };
    },
    choice: (value, ctx) => (value === "done" ? done(ctx) : { stay: true, say: [{ key: "choose_from_list" }] }),
    text: (text, ctx) => {
      if (doneWords.has(text.toLowerCase())) return done(ctx);
      const draft = ctx.data.draft;
      // "99" or "？" alone is a stray keypress, not the story: refused (not kept) while nothing else
      // tells it; with a photo or voice message attached, the attachment does.
      const combined = draft.description ? `${draft.description}\n${text}` : text;
      if (!hasPetitionContent({ description: combined, attachments: draft.attachments })) return { stay: true, say: [{ key: "description_thin" }] };
      const described = parseAnswer(descriptionAnswer(draft.description, deps.maxDescriptionChars), text);
      if (!described.ok) {
        const chars = draft.description.length + text.length + (draft.description ? 1 : 0);
        return { stay: true, say: [{ key: described.problem, params: { max: deps.maxDescriptionChars, chars } }] };
      }
      draft.description = described.value;
      return { stay: true };
    },
    attachment: (attachment, caption, ctx) => {
      const draft = ctx.data.draft;
      draft.attachments.push(attachment);
      const text = caption ? sanitiseText(caption) : "";
      if (text && draft.description.length + text.length + 1 <= deps.maxDescriptionChars) {
        draft.description = draft.description ? `${draft.description}\n${text}` : text;
      }
      return { stay: true };
    },
  };
}
