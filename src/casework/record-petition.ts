/**
 * Recording a confirmed petition: in one transaction, who the petitioner is, the submit and
 * assign commands decided on what the store holds, the notices the policy owes, and the commit.
 * The idempotency key is unique in PostgreSQL, so one confirmation yields one case however often,
 * or however concurrently, the job runs; the confirmation kept pending since the citizen confirmed
 * is dropped in the same transaction.
 */
import { randomUUID } from "node:crypto";
import type { Actor } from "../cases/case";
import { decide } from "../cases/commands";
import { andThen } from "../cases/outcome";
import type { ConfirmedPetition, PetitionSubmission } from "../cases/submission";
import { userKey } from "../kernel/channel";
import type { Clock } from "../kernel/clock";
import { newTrackingCode } from "../kernel/codes";
import { dayInZone } from "../kernel/dates";
import type { OrgSnapshot } from "../org/types";
import type { PersonalDataCipher } from "../privacy/cipher";
import { sealPetition } from "../privacy/seal-petition";
import { route } from "../routing/route";
import { commitOutcome } from "../store/case-store";
import type { Db, Tx } from "../store/client";
import { findRecorded, isUniqueViolation, officialOfAccount, openCaseCounts, personWithoutAccount, petitionerIdentity, type RecordedPetition } from "../store/intake-store";
import { insertNotices } from "../store/outbox-repository";
import { dropPendingPetition } from "../store/pending-petitions";
import { oweNotices } from "./owe-notices";

export type { RecordedPetition };

export interface RecordDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  org: OrgSnapshot;
  /** Seals the contact of a petition queued before sealing began. */
  privacy: PersonalDataCipher;
}

/** As the intake queue carries it: sealed, or (queued before sealing began) still clear. */
export type QueuedPetition = ConfirmedPetition & { contactPhoneHash?: string };

/** A petition the case commands refused (an unknown category or area): retrying may help once the organisation is fixed. */
export class PetitionRefusedError extends Error {
  override name = "PetitionRefusedError";
}

/** How this recording came about: `delayTold`, the petitioner and the office were told it was delayed. */
export interface RecordingCircumstances {
  delayTold?: boolean;
}

export async function recordPetition(deps: RecordDeps, queued: QueuedPetition, circumstances: RecordingCircumstances = {}): Promise<RecordedPetition> {
  const submission = sealPetition(deps.privacy, queued);
  // A tracking code collision (about one in 10^11) only costs a retry with a fresh code.
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.$transaction((tx) => writeCase(tx, deps, submission, newTrackingCode(), circumstances));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await findRecorded(deps.db, submission.idempotencyKey);
      if (existing) {
        await dropPendingPetition(deps.db, submission.idempotencyKey);
        return existing;
      }
      if (attempt >= 3) throw error;
    }
  }
}

async function writeCase(tx: Tx, deps: RecordDeps, submission: PetitionSubmission, trackingCode: string, circumstances: RecordingCircumstances): Promise<RecordedPetition> {
  // No "already recorded?" read first: the unique idempotency key makes a repeat fail the insert,
  // and recordPetition then returns the case that exists. That saves a query on every new case.
  const { org, timeZone } = deps;
  const now = deps.clock.now();
  const { identity, actor } = await whoPetitions(tx, submission, now);
  const day = dayInZone(now, timeZone);
  const submitInput = { caseId: randomUUID(), trackingCode, personId: identity.personId, identityId: identity.id, submission, newId: randomUUID };
  const submitted = decide(undefined, { kind: "submit", input: submitInput }, actor, now, { org, timeZone });
  // The unit does not depend on workloads: find it first, then count open cases of its members only.
  const unitId = submitted.ok ? route(org, { categoryId: submission.categoryId, areaId: submission.areaId, day, openCases: new Map(), accused: submitted.outcome.next.handling.accused }).unitId : undefined;
  const openCases = unitId ? await openCaseCounts(tx, org.officials.filter((o) => o.unitId === unitId).map((o) => o.id)) : new Map<string, number>();
  const decision = andThen(submitted, (registered) => decide(registered, { kind: "assign", input: { day, openCases } }, { kind: "system" }, now, { org, timeZone }));
  if (!decision.ok) throw new PetitionRefusedError(`petition refused (${decision.refusal.code}): ${decision.refusal.detail}`);

  const outcome = await oweNotices(tx, decision.outcome, { org, timeZone, now }, { intakeDelayed: circumstances.delayTold === true });
  const { outboxIds } = await commitOutcome(tx, outcome, now);
  await dropPendingPetition(tx, submission.idempotencyKey);
  return { petitionId: outcome.next.id, trackingCode, created: true, pendingOutboxIds: outboxIds, wakeAt: outcome.next.nextWakeAt };
}

/**
 * The petitioner and who acts: the person behind the account that wrote, or — for a petition a
 * cadre recorded at a visit — a new person with no account yet, recorded by the official bound
 * to the account that wrote (the submit command refuses it unless that is the visit's cadre).
 */
async function whoPetitions(tx: Tx, submission: PetitionSubmission, now: Date): Promise<{ identity: { id: string | null; personId: string }; actor: Actor }> {
  const channel = submission.user.channel;
  if (!submission.visit) {
    const identity = await petitionerIdentity(tx, submission.user, submission.language, now);
    return { identity, actor: { kind: "person", id: identity.personId, channel } };
  }
  const officialId = await officialOfAccount(tx, submission.user);
  const personId = await personWithoutAccount(tx, now);
  return { identity: { id: null, personId }, actor: { kind: "official", id: officialId ?? `account:${userKey(submission.user)}`, channel } };
}

/**
 * Tells a petitioner that their confirmed petition could not be recorded (the intake job gave up),
 * so they are not left waiting for a tracking code that will not come. Writes the person and
 * identity if this was their first petition. Returns the row to queue; a second call for the same
 * job writes nothing.
 */
export async function notifyPetitionNotRecorded(db: Db, clock: Clock, submission: Pick<PetitionSubmission, "user" | "language">, jobId: string, circumstances: RecordingCircumstances = {}): Promise<{ id: string }[]> {
  const now = clock.now();
  // Told of the delay already ("it will be recorded automatically"): now it is up to staff, and it says so.
  const key = circumstances.delayTold ? "notice_not_recorded_after_delay" : "notice_not_recorded";
  return db.$transaction(async (tx) => {
    const { personId } = await petitionerIdentity(tx, submission.user, submission.language, now);
    return insertNotices(tx, [{ recipient: { personId }, message: { key, params: {} }, dedupKey: `not-recorded:${jobId}` }], now);
  });
}
