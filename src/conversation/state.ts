/**
 * Conversation state: what the person has told us so far and which question is open. Stored as
 * versioned JSON (Redis in production), so a bot restart continues where the person left off; a
 * state written by an older shape of the code is dropped rather than misread.
 */
import { z } from "zod";

export const stateVersion = 1;

const attachmentSchema = z.object({
  kind: z.enum(["photo", "document", "voice", "video"]),
  sha256: z.string(),
  mimeType: z.string(),
  size: z.number(),
  fileName: z.string().optional(),
  storageKey: z.string(),
  sourceFileId: z.string().optional(),
});

export const stepSchema = z.enum(["category", "township", "village", "area_pick", "description", "contact", "name", "phone", "confirm", "edit_field"]);
export type Step = z.infer<typeof stepSchema>;

export const draftSchema = z.object({
  categoryId: z.string().optional(),
  townshipId: z.string().optional(),
  areaId: z.string().optional(),
  description: z.string().default(""),
  attachments: z.array(attachmentSchema).default([]),
  anonymous: z.boolean().optional(),
  contactName: z.string().optional(),
  contactPhone: z.string().optional(),
});
export type Draft = z.infer<typeof draftSchema>;

export const conversationStateSchema = z.object({
  v: z.literal(stateVersion),
  language: z.enum(["zh-CN", "en"]),
  /** Absent when no petition is being written. */
  intake: z
    .object({
      /** Identifies this draft; its confirmation becomes the petition's idempotency key. */
      draftId: z.string(),
      step: stepSchema,
      draft: draftSchema,
      /** Set while changing one field from the summary: go back to the summary afterwards. */
      returnToSummary: z.boolean().default(false),
      /** Areas offered when a typed place matched several. */
      candidates: z.array(z.string()).default([]),
      /** Values of the choices last shown, so "2" typed on any channel picks the second. */
      shownChoices: z.array(z.string()).default([]),
    })
    .optional(),
  /** ISO time of the person's last message, to expire an abandoned draft politely. */
  lastActiveAt: z.string(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

export interface StateStore {
  get(key: string): Promise<ConversationState | undefined>;
  set(key: string, state: ConversationState): Promise<void>;
}

/** In memory, for tests of the core and for the terminal channel's scripted runs. */
export class MemoryStateStore implements StateStore {
  private readonly states = new Map<string, string>();
  async get(key: string) {
    const raw = this.states.get(key);
    return raw === undefined ? undefined : parseState(raw);
  }
  async set(key: string, state: ConversationState) {
    this.states.set(key, JSON.stringify(state));
  }
}

export function parseState(raw: string): ConversationState | undefined {
  try {
    const result = conversationStateSchema.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
