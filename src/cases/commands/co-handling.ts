/**
 * Co-handling (协办): the unit holding a case — any member, its head — or the petition office
 * invites another unit to add its part (a fact only that unit can check, a permit only it gives).
 * The invited unit's officials then see the case and add their part: a progress note of kind
 * "co_handling", internal unless they say otherwise, of which the holding unit's handler is told.
 * The holding unit alone answers, has the answer approved and closes (主办单位负责答复).
 */
import type { StoredAttachment } from "../../kernel/channel";
import type { OrgSnapshot } from "../../org/types";
import { accusesUnit } from "../accused";
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { check, handlingStates, isRefused, type Rule } from "./guard";
import { newFiles } from "./note";

export interface InviteCoHandlerInput {
  unitId: string;
  /** What the holding unit asks of it, in words the co-handling unit reads. */
  request: string;
}

export interface ContributeInput {
  text: string;
  /** Internal by default: the part is for the holding unit, which answers the petitioner. */
  visibility?: "petitioner" | "internal";
  attachments?: StoredAttachment[];
  newId: () => string;
}

/** The kind a co-handling unit's progress note carries in its payload. */
export const coHandlingNoteKind = "co_handling";

const inviteRule: Rule = { action: "invite a co-handling unit to", from: handlingStates, who: (s) => s.member || s.office };
const contributeRule: Rule = { action: "add a co-handling part to", from: handlingStates, who: (s) => s.coHandler };

export function decideInviteCoHandler(current: Case, input: InviteCoHandlerInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(inviteRule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const unit = ctx.org.units.find((u) => u.id === input.unitId && u.active);
  // The petition office supervises every case already: it is not invited, it looks.
  if (!unit || unit.isPetitionOffice) return refuse("invalid_input", `no unit ${input.unitId} to co-handle`, { because: { why: "co_handler_unknown" } });
  if (unit.id === current.unitId) return refuse("invalid_input", `${unit.id} holds case ${current.trackingCode} itself`, { because: { why: "co_handler_is_holder" } });
  // A conduct complaint is never handled by the unit it accuses, not even in part.
  if (accusesUnit(current.handling.accused, unit.id)) return refuse("invalid_input", `case ${current.trackingCode} accuses ${unit.id}`, { because: { why: "co_handler_accused" } });
  if (current.coHandlingUnitIds.includes(unit.id)) return refuse("already_done", `${unit.id} co-handles case ${current.trackingCode} already`, { because: { why: "co_handler_already" } });
  if (!input.request.trim()) return refuse("invalid_input", "an invitation says what the unit is asked to do");
  return proceed(current, { coHandlingUnitIds: [...current.coHandlingUnitIds, unit.id] }, [
    {
      type: caseEventTypes.coHandlerInvited,
      at: now,
      actor,
      fromState: current.state,
      toState: current.state,
      visibility: "internal",
      reason: input.request,
      // The unit the step concerns is the one invited; the inviter is the actor.
      unitId: unit.id,
      officialId: null,
      payload: { unitId: unit.id, request: input.request, leadUnitId: current.unitId },
    },
  ]);
}

export function decideContribute(current: Case, input: ContributeInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot }): Decision {
  const standing = check(contributeRule, current, actor, ctx.org);
  if (isRefused(standing)) return standing;
  const files = newFiles(current, input.attachments ?? [], input.newId);
  if (!input.text.trim() && files.length === 0) return refuse("invalid_input", "a co-handling part needs words or a photo");
  return proceed(
    current,
    { attachments: [...current.attachments, ...files] },
    [
      {
        type: caseEventTypes.progressNoted,
        at: now,
        actor,
        // A co-handler's part moves nothing: the case is the holding unit's to move along.
        fromState: current.state,
        toState: current.state,
        visibility: input.visibility ?? "internal",
        unitId: standing.official.unitId,
        officialId: standing.official.id,
        payload: { kind: coHandlingNoteKind, text: input.text, attachmentIds: files.map((f) => f.id) },
      },
    ],
    files.length > 0 ? { attachments: files } : {},
  );
}
