/**
 * What the petitioner does on their own open case: add material (a photo, more words), send a
 * message to whoever handles it, or withdraw it. Only the person whose case it is may.
 */
import type { StoredAttachment } from "../../kernel/channel";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision, type Refused } from "../outcome";
import { petitionerOpenStates } from "./guard";
import { newFiles } from "./note";

export interface PetitionerAddInput {
  kind: "material" | "message";
  text: string;
  attachments?: StoredAttachment[];
  newId: () => string;
}

function checkPetitioner(current: Case, actor: Actor, action: string): Refused | undefined {
  if (actor.kind !== "person" || actor.id !== current.personId) return refuse("not_allowed", `only the petitioner may ${action} case ${current.trackingCode}`);
  if (!(petitionerOpenStates as readonly string[]).includes(current.state)) return refuse("wrong_state", `${action}: the case is ${current.state}`);
  return undefined;
}

export function decidePetitionerAdd(current: Case, input: PetitionerAddInput, actor: Actor, now: Date): Decision {
  const refused = checkPetitioner(current, actor, "add to");
  if (refused) return refused;
  const files = newFiles(current, input.attachments ?? [], input.newId);
  if (!input.text.trim() && files.length === 0) return refuse("invalid_input", "nothing to add");
  return proceed(
    current,
    { attachments: [...current.attachments, ...files] },
    [
      {
        type: caseEventTypes.petitionerAdded,
        at: now,
        actor,
        fromState: current.state,
        toState: current.state,
        visibility: "petitioner",
        unitId: current.unitId,
        officialId: current.officialId,
        payload: { kind: input.kind, text: input.text, attachmentIds: files.map((f) => f.id) },
      },
    ],
    files.length > 0 ? { attachments: files } : {},
  );
}

export function decideWithdraw(current: Case, input: { reason: string }, actor: Actor, now: Date): Decision {
  const refused = checkPetitioner(current, actor, "withdraw");
  if (refused) return refused;
  return proceed(
    current,
    { state: "withdrawn" },
    [
      {
        type: caseEventTypes.withdrawn,
        at: now,
        actor,
        fromState: current.state,
        toState: "withdrawn",
        visibility: "petitioner",
        reason: input.reason || undefined,
        unitId: current.unitId,
        officialId: current.officialId,
        payload: { reason: input.reason },
      },
    ],
    { cancelNotices: ["reminder", "progress_report"] },
  );
}
