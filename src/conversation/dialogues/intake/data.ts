/**
 * What the intake dialogue collects (the draft petition) and the helpers its steps share. Stored
 * inside the conversation state, so its shape is validated on every read.
 */
import { z } from "zod";
import type { Clock } from "../../../kernel/clock";
import type { StoredAttachment } from "../../../kernel/channel";
import { emergencyNumbers, visitKinds } from "../../../kernel/answers";
import { tellsSomething } from "../../../cases/petition-content";
import type { DialogueContext, Said, StepDeclaration, Turn } from "../../dialogue";
import type { ConversationPorts } from "../../ports";

const attachmentSchema = z.object({
  kind: z.enum(["photo", "document", "voice", "video"]),
  sha256: z.string(),
  mimeType: z.string(),
  size: z.number(),
  fileName: z.string().optional(),
  storageKey: z.string(),
  sourceFileId: z.string().optional(),
});

export const draftSchema = z.object({
  categoryId: z.string().optional(),
  townshipId: z.string().optional(),
  areaId: z.string().optional(),
  description: z.string().default(""),
  attachments: z.array(attachmentSchema).default([]),
  anonymous: z.boolean().optional(),
  contactName: z.string().optional(),
  contactPhone: z.string().optional(),
  /** A point the citizen shared (WGS 84), kept with the petition; only the handling official sees it. */
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  /** A conduct complaint: whom it is about, in the citizen's words, and whom they were matched to. */
  accused: z.object({ text: z.string(), unitId: z.string().optional(), officialId: z.string().optional() }).optional(),
});
export type Draft = z.infer<typeof draftSchema>;

export const intakeDataSchema = z.object({
  draft: draftSchema,
  /** Set while changing one field from the summary: go back to the summary afterwards. */
  returnToSummary: z.boolean().default(false),
  /** Areas offered when a typed place matched several. */
  candidates: z.array(z.string()).default([]),
  /** The step to ask again when a guessed place (a typo) is not the one meant. */
  guessFrom: z.enum(["township", "village", "area_pick"]).optional(),
  /** How the place in `candidates` was guessed: from a typo, or as the village near a shared location. */
  guessBy: z.enum(["typo", "location"]).optional(),
  /** visits: a cadre records this petition for a citizen (./visit.ts), at this kind of visit. */
  visit: z.object({ kind: z.enum(visitKinds).optional() }).optional(),
  /** Units or officials offered when whom a conduct complaint is about was guessed or matched several. */
  accusedCandidates: z.array(z.object({ unitId: z.string(), officialId: z.string().optional() })).default([]),
  // priority (急事急办): the emergency numbers the citizen was told to call, and whether they heard it goes on as urgent
  callsTold: z.array(z.enum(emergencyNumbers)).optional(),
  urgentTold: z.boolean().optional(),
});
export type IntakeData = z.infer<typeof intakeDataSchema>;

export type IntakeStep = "category" | "township" | "village" | "area_pick" | "area_confirm" | "description" | "contact" | "name" | "phone" | "confirm" | "edit_field" | "accused" | "accused_confirm" | "accused_pick" | "visit_kind";
export type IntakeStepDeclaration = StepDeclaration<IntakeData, IntakeStep>;
export type IntakeContext = DialogueContext<IntakeData>;
export type IntakeTurn = Turn<IntakeStep>;

export interface IntakeDeps {
  ports: ConversationPorts;
  clock: Clock;
  maxDescriptionChars: number;
}

/** Moves to `next`, or back to the summary when a field was being changed from it. */
export function advance(ctx: IntakeContext, next: IntakeStep): IntakeTurn {
  return { to: ctx.data.returnToSummary ? "confirm" : next };
}

/** Evidence sent before the description is asked for is kept, not refused: it belongs there anyway. */
export function keepEarly(attachment: StoredAttachment, _caption: string | undefined, ctx: IntakeContext): IntakeTurn {
  ctx.data.draft.attachments.push(attachment);
  return { stay: true, say: [{ key: "attachment_saved", params: { files: ctx.data.draft.attachments.length } }] };
}

/** A location shared at a question that is not about the place: kept with the petition all the same. */
export function keepLocation(location: { latitude: number; longitude: number }, ctx: IntakeContext): IntakeTurn {
  ctx.data.draft.location = { latitude: location.latitude, longitude: location.longitude };
  return { stay: true, say: [{ key: "location_kept" }] };
}

/** Words that greet rather than tell: a first "你好" is not the story. */
const greetings = new Set(["你好", "您好", "你好啊", "在吗", "还在吗", "在不在", "有人吗", "喂", "hi", "hello", "hey", "嗨"]);

export function isGreeting(text: string): boolean {
  return greetings.has(text.toLowerCase().replace(/[!！?？。.~～，,\s]+$/, ""));
}

/** The start of what was kept, for the citizen to recognise. */
function excerpt(text: string): string {
  const chars = [...text.replace(/\s+/g, " ")];
  return chars.length > 24 ? `${chars.slice(0, 24).join("")}…` : chars.join("");
}

/**
 * Keeps text told before the description is asked for (before /start, at the first questions):
 * it is the story, joined to what was told before; the citizen sees that it was kept, or why not.
 */
export function keepStory(data: IntakeData, text: string, maxChars: number): Said {
  const draft = data.draft;
  const combined = draft.description ? `${draft.description}\n${text}` : text;
  if (combined.length > maxChars) return { key: "story_too_long", params: { chars: text.length, max: maxChars } };
  draft.description = combined;
  return { key: "story_kept", params: { excerpt: excerpt(text) } };
}

/** Text that may be the story told early: it tells something and is not a greeting. */
export function mayBeStory(text: string): boolean {
  return tellsSomething(text) && !isGreeting(text);
}

/** Text at a question that was not its answer: kept as the story when it tells one, else the step's own re-prompt. */
export function storyOr(ctx: IntakeContext, text: string, maxChars: number, otherwise: IntakeTurn): IntakeTurn {
  if (!mayBeStory(text)) return otherwise;
  return { stay: true, say: [keepStory(ctx.data, text, maxChars)] };
}
