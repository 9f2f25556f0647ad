/**
 * Claim (认领): a citizen whose petition a cadre recorded at a visit links it to their own chat
 * account. Whoever runs the command has already checked that they know the tracking code and the
 * last four digits of the phone the cadre recorded (the core cannot open the sealed phone); this
 * decides whether the case can still be claimed and by whom, and moves it to the claimant: the
 * case becomes that person's (一人一帐: beside their other cases), their account becomes the
 * case's, and the notices held for the petitioner since the visit go to them now.
 */
import type { Actor, Case } from "../case";
import { caseEventTypes } from "../events";
import { proceed, refuse, type Decision } from "../outcome";

export interface ClaimInput {
  /** The claimant: the person behind the chat account that sent the code, and that account. */
  personId: string;
  identityId: string;
}

export function decideClaim(current: Case, input: ClaimInput, actor: Actor, now: Date): Decision {
  if (actor.kind !== "person" || actor.id !== input.personId) return refuse("not_allowed", `only the claimant may claim case ${current.trackingCode}`);
  const visit = current.handling.visit;
  if (!visit) return refuse("wrong_state", `case ${current.trackingCode} was not recorded at a visit`);
  if (visit.claimedAt) return refuse(current.personId === input.personId ? "already_done" : "wrong_state", `case ${current.trackingCode} was claimed already`);
  return proceed(
    current,
    { personId: input.personId, identityId: input.identityId, handling: { ...current.handling, visit: { ...visit, claimedAt: now.toISOString() } } },
    [
      {
        type: caseEventTypes.claimed,
        at: now,
        actor,
        fromState: current.state,
        toState: current.state,
        visibility: "petitioner",
        officialId: visit.byOfficialId,
        payload: { visit: visit.kind, recordedBy: visit.byOfficialId },
      },
    ],
    { releaseHeld: { fromPersonId: current.personId } },
  );
}
