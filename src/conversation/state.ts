/**
 * Conversation state: the person's language and the dialogues they have open. Stored as versioned
 * JSON (Redis in production), so a bot restart continues where the person left off. A state written
 * by an older shape of the code is migrated (a draft saved before an upgrade continues); one that
 * cannot be read at all is dropped rather than misread.
 */
import { z } from "zod";

export const stateVersion = 2;

/** One open dialogue of one person: which dialogue, where in it, and what it has collected. */
export const dialogueRunSchema = z.object({
  /** The dialogue's id as declared (e.g. "intake"). */
  dialogue: z.string(),
  /** Identifies this run; intake uses it as the petition's idempotency key. */
  id: z.string(),
  step: z.string(),
  /** What the dialogue has collected, in the shape the dialogue declares (and validates). */
  data: z.unknown(),
  /** Scoped values of the choices last shown, so "2" typed on any channel picks the second. */
  shown: z.array(z.string()).default([]),
  /** ISO time of the last answer to this dialogue, for keeping or expiring it. */
  lastActiveAt: z.string(),
  /**
   * Present while the person, back after a pause, is being asked whether to continue this draft
   * or start afresh. `held` is the text they sent that prompted the question, kept so that
   * starting afresh begins with it instead of losing it.
   */
  offer: z.object({ held: z.string().optional() }).optional(),
});
export type DialogueRun = z.infer<typeof dialogueRunSchema>;

export const conversationStateSchema = z.object({
  v: z.literal(stateVersion),
  language: z.enum(["zh-CN", "en"]),
  /** Open dialogues, the one in progress first; the others wait and are named to the person. */
  runs: z.array(dialogueRunSchema).default([]),
  /** ISO time of the person's last message. */
  lastActiveAt: z.string(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** The first stored shape (v1): one optional intake draft with its step, written before dialogues were data. */
const v1StateSchema = z.object({
  v: z.literal(1),
  language: z.enum(["zh-CN", "en"]),
  intake: z
    .object({
      draftId: z.string(),
      step: z.string(),
      draft: z.record(z.string(), z.unknown()),
      returnToSummary: z.boolean().default(false),
      candidates: z.array(z.string()).default([]),
      shownChoices: z.array(z.string()).default([]),
    })
    .optional(),
  lastActiveAt: z.string(),
});

/**
 * v1 → v2: the intake draft becomes the one open run of the "intake" dialogue. Its collected data
 * keeps its fields; shown choices ("step:value") gain the dialogue's scope ("intake.step:value").
 */
function fromV1(old: z.infer<typeof v1StateSchema>): ConversationState {
  const intake = old.intake;
  return {
    v: stateVersion,
    language: old.language,
    lastActiveAt: old.lastActiveAt,
    runs: intake
      ? [
          {
            dialogue: "intake",
            id: intake.draftId,
            step: intake.step,
            data: { draft: intake.draft, returnToSummary: intake.returnToSummary, candidates: intake.candidates },
            shown: intake.shownChoices.map((value) => `intake.${value}`),
            lastActiveAt: old.lastActiveAt,
          },
        ]
      : [],
  };
}

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
  /** Stores raw JSON as an older version of the code would have written it (tests of migration). */
  putRaw(key: string, raw: string) {
    this.states.set(key, raw);
  }
}

/** Reads stored JSON of any known version into the current shape; undefined when it cannot be read. */
export function parseState(raw: string): ConversationState | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const current = conversationStateSchema.safeParse(json);
  if (current.success) return current.data;
  const v1 = v1StateSchema.safeParse(json);
  return v1.success ? fromV1(v1.data) : undefined;
}
