/**
 * A progress note (办理进展): what the unit did, optionally with a photo, public (the petitioner
 * is told) or internal. The first note of an accepted case moves it to "in progress". The owner
 * and a responsible leader may note too (to press the unit, or record a supervision remark).
 */
import type { StoredAttachment } from "../../kernel/channel";
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case, CaseAttachment } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { check, handlingStates, isRefused, type Rule } from "./guard";

export interface NoteInput {
  text: string;
  visibility: "petitioner" | "internal";
  attachments?: StoredAttachment[];
  /** Ids for the files kept. */
  newId: () => string;
}

const rule: Rule = { action: "note", from: [...handlingStates, "answered"], who: (s) => s.member || s.owner || s.leader || s.office };

export function decideNote(current: Case, input: NoteInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(rule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const files = newFiles(current, input.attachments ?? [], input.newId);
  if (!input.text.trim() && files.length === 0) return refuse("invalid_input", "a note needs words or a photo");
  // Only the holding unit's own work moves the case along; a remark by the owner or a leader does not.
  const toState = current.state === "accepted" && standing.member ? "in_progress" : current.state;
  return proceed(
    current,
    { state: toState, attachments: [...current.attachments, ...files] },
    [
      {
        type: caseEventTypes.progressNoted,
        at: now,
        actor,
        fromState: current.state,
        toState,
        visibility: input.visibility,
        unitId: current.unitId,
        officialId: standing.official.id,
        payload: { text: input.text, attachmentIds: files.map((f) => f.id) },
      },
    ],
    files.length > 0 ? { attachments: files } : {},
  );
}

/** Files not yet kept with the case (the same photo twice is one). */
export function newFiles(current: Case, attachments: readonly StoredAttachment[], newId: () => string): CaseAttachment[] {
  const known = new Set(current.attachments.map((a) => a.sha256));
  const fresh = new Map(attachments.filter((a) => !known.has(a.sha256)).map((a) => [a.sha256, a]));
  return [...fresh.values()].map((a) => ({ ...a, id: newId() }));
}
