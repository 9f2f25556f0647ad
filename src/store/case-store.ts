/**
 * Cases in PostgreSQL: read one as the lifecycle sees it, and commit what a command decided. A
 * commit is one transaction — the case row, its events, its assignment and the notices it owes —
 * guarded by the case's sequence number: the update succeeds only where seq is still the one the
 * decision read, so of two officials acting at once, one wins and the other's decision is stale.
 * Nothing here decides; it writes what the outcome says.
 */
import { randomUUID } from "node:crypto";
import type { Case } from "../cases/case";
import type { Handling } from "../cases/handling";
import type { CaseDeadlines } from "../deadlines/promises";
import type { Outcome } from "../cases/outcome";
import { noticeDedupKey } from "../kernel/notices";
import { dateToDay, dayToDate } from "../kernel/dates";
import type { PhoneHash, Sealed } from "../kernel/sealed";
import type { Db, Tx } from "./client";
import { Prisma } from "./generated/client";

/** The case changed since the decision read it: decide again on the case as it is now. */
export class StaleCaseError extends Error {
  override name = "StaleCaseError";
  constructor(readonly caseId: string, readonly expectedSeq: number) {
    super(`case ${caseId} is no longer at seq ${expectedSeq}`);
  }
}

export async function loadCase(db: Db | Tx, caseId: string): Promise<Case | undefined> {
  const row = await db.petition.findUnique({ where: { id: caseId }, include: { attachments: true } });
  if (!row) return undefined;
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    seq: row.seq,
    state: row.state,
    personId: row.personId,
    identityId: row.identityId,
    channel: row.channel,
    language: row.language === "en" ? "en" : "zh-CN",
    categoryId: row.categoryId,
    areaId: row.areaId,
    description: row.description,
    attachments: row.attachments.map((a) => ({
      id: a.id,
      kind: a.kind,
      sha256: a.sha256,
      mimeType: a.mimeType,
      size: a.size,
      storageKey: a.storageKey,
      ...(a.fileName !== null ? { fileName: a.fileName } : {}),
      ...(a.sourceFileId !== null ? { sourceFileId: a.sourceFileId } : {}),
    })),
    anonymous: row.anonymous,
    // Sealed since the personal-data migration (src/privacy/reseal.ts seals older rows at start-up).
    contactName: row.contactName as Sealed | null,
    contactPhone: row.contactPhone as Sealed | null,
    contactPhoneHash: row.contactPhoneHash as PhoneHash | null,
    location: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
    priority: row.priority,
    unitId: row.unitId,
    officialId: row.officialId,
    ownerOfficialId: row.ownerOfficialId,
    leaderOfficialId: row.leaderOfficialId,
    coHandlingUnitIds: row.coHandlingUnitIds,
    handling: handlingOf(row.handling),
    deadlinePolicyId: row.deadlinePolicyId,
    deadlines: row.deadlines as unknown as CaseDeadlines | null,
    nextWakeAt: row.nextWakeAt,
    acceptBy: row.acceptBy ? dateToDay(row.acceptBy) : null,
    answerBy: row.answerBy ? dateToDay(row.answerBy) : null,
    submittedAt: row.submittedAt,
  };
}

/**
 * Applies an outcome inside the caller's transaction; returns the outbox rows written, to be
 * queued after the commit. Throws StaleCaseError when the case moved on since the decision.
 */
export async function commitOutcome(tx: Tx, outcome: Outcome, now: Date): Promise<{ outboxIds: string[] }> {
  const { next } = outcome;
  // Flat createMany writes: one INSERT per table and no read-back, the cheapest path through
  // Prisma's query engine (intake's hot path runs through here).
  if (outcome.creation) {
    await tx.petition.createMany({
      data: {
        ...caseColumns(next),
        id: next.id,
        trackingCode: next.trackingCode,
        idempotencyKey: outcome.creation.idempotencyKey,
        personId: next.personId,
        identityId: next.identityId,
        channel: next.channel,
        language: next.language,
        description: next.description,
        anonymous: next.anonymous,
        contactName: next.contactName,
        contactPhone: next.contactPhone,
        contactPhoneHash: next.contactPhoneHash,
        latitude: next.location?.latitude ?? null,
        longitude: next.location?.longitude ?? null,
        submittedAt: next.submittedAt,
      },
    });
  } else {
    const updated = await tx.petition.updateMany({ where: { id: next.id, seq: outcome.expectedSeq }, data: caseColumns(next) });
    if (updated.count !== 1) throw new StaleCaseError(next.id, outcome.expectedSeq);
  }
  // Files the case gets now: all of them with a new case, those the command added otherwise.
  const files = outcome.creation ? next.attachments : (outcome.attachments ?? []);
  if (files.length > 0) {
    await tx.attachment.createMany({
      data: files.map((a) => ({
        id: a.id,
        petitionId: next.id,
        kind: a.kind,
        sha256: a.sha256,
        mimeType: a.mimeType,
        size: a.size,
        fileName: a.fileName ?? null,
        storageKey: a.storageKey,
        sourceFileId: a.sourceFileId ?? null,
      })),
    });
  }

  const eventIds = new Map(outcome.events.map((event) => [event.seq, randomUUID()]));
  await tx.caseEvent.createMany({
    data: outcome.events.map((event) => ({
      id: eventIds.get(event.seq)!,
      petitionId: next.id,
      seq: event.seq,
      type: event.type,
      at: event.at,
      actorKind: event.actor.kind,
      actorId: event.actor.kind === "system" ? null : event.actor.id,
      actorChannel: event.actor.kind === "system" ? null : (event.actor.channel ?? null),
      fromState: event.fromState,
      toState: event.toState,
      visibility: event.visibility,
      reason: event.reason ?? null,
      unitId: event.unitId ?? null,
      officialId: event.officialId ?? null,
      payload: event.payload as Prisma.InputJsonObject,
    })),
  });

  if (outcome.assignment) {
    if (!outcome.creation) await tx.assignment.updateMany({ where: { petitionId: next.id, endedAt: null }, data: { endedAt: now } });
    await tx.assignment.createMany({ data: { petitionId: next.id, ...outcome.assignment, assignedAt: now } });
  }

  // deadlines: a step taken twice breaks the unique row and fails the whole commit.
  if (outcome.timerSteps?.length) {
    await tx.timerStep.createMany({
      data: outcome.timerSteps.map((step) => ({ petitionId: next.id, kind: step.kind, date: step.date ?? "-", level: step.level, day: step.day, dueAt: step.at, takenAt: now })),
    });
  }

  if (outcome.cancelNotices?.length) {
    await tx.outbox.updateMany({
      where: { status: "pending", event: { petitionId: next.id }, OR: outcome.cancelNotices.map((purpose) => ({ dedupKey: { endsWith: `/${purpose}` } })) },
      data: { status: "cancelled" },
    });
  }

  // visits: what was held for the petitioner without an account goes to the claimant now, first.
  const released = outcome.releaseHeld ? await releaseHeldNotices(tx, next, outcome.releaseHeld.fromPersonId, now) : [];

  const rows = outcome.notices.map((notice) => ({
    id: randomUUID(),
    recipientPersonId: "personId" in notice.recipient ? notice.recipient.personId : null,
    recipientOfficialId: "officialId" in notice.recipient ? notice.recipient.officialId : null,
    messageKey: notice.message.key,
    params: notice.message.params as Prisma.InputJsonObject,
    dedupKey: noticeDedupKey(next.id, notice),
    eventId: eventIds.get(notice.eventSeq) ?? null,
    attachmentIds: notice.attachmentIds ?? [],
    notBefore: notice.notBefore ?? now,
    createdAt: now,
    // Held rows wait for the claim (not queued); the others go out now.
    status: notice.held ? ("held" as const) : ("pending" as const),
  }));
  // A notice owed once per case may exist from an earlier event: written only if it does not.
  const everyTime = rows.filter((_, i) => !outcome.notices[i]!.oncePerCase);
  const once = rows.filter((_, i) => outcome.notices[i]!.oncePerCase);
  if (everyTime.length > 0) await tx.outbox.createMany({ data: everyTime });
  const written = once.length > 0 ? new Set((await tx.outbox.createManyAndReturn({ data: once, skipDuplicates: true, select: { id: true } })).map((row) => row.id)) : new Set<string>();
  const sendable = rows.filter((row) => row.status === "pending" && (written.has(row.id) || everyTime.includes(row)));
  return { outboxIds: [...released, ...sendable.map((row) => row.id)] };
}

/** Held notices of this case for `fromPersonId`, moved to the case's petitioner and made pending; their ids, oldest first. */
async function releaseHeldNotices(tx: Tx, next: Case, fromPersonId: string, now: Date): Promise<string[]> {
  const held = await tx.outbox.findMany({ where: { status: "held", recipientPersonId: fromPersonId, event: { petitionId: next.id } }, select: { id: true }, orderBy: [{ createdAt: "asc" }, { event: { seq: "asc" } }] });
  const ids = held.map((row) => row.id);
  if (ids.length > 0) await tx.outbox.updateMany({ where: { id: { in: ids } }, data: { status: "pending", recipientPersonId: next.personId, notBefore: now } });
  return ids;
}

/** The handling column as written by commitOutcome; `{}` (a row from before handling) is no handling yet. */
function handlingOf(value: unknown): Handling {
  const handling = (value ?? {}) as Partial<Handling>;
  return { ...handling, signOffs: handling.signOffs ?? [] };
}

/** The columns a command may change. */
function caseColumns(next: Case) {
  return {
    // visits: a claim moves the case to the citizen's person and account
    personId: next.personId,
    identityId: next.identityId,
    state: next.state,
    seq: next.seq,
    categoryId: next.categoryId,
    areaId: next.areaId,
    priority: next.priority,
    unitId: next.unitId,
    officialId: next.officialId,
    ownerOfficialId: next.ownerOfficialId,
    leaderOfficialId: next.leaderOfficialId,
    coHandlingUnitIds: next.coHandlingUnitIds,
    handling: next.handling as unknown as Prisma.InputJsonObject,
    deadlinePolicyId: next.deadlinePolicyId,
    deadlines: next.deadlines ? (next.deadlines as unknown as Prisma.InputJsonObject) : Prisma.DbNull,
    nextWakeAt: next.nextWakeAt,
    acceptBy: next.acceptBy ? dayToDate(next.acceptBy) : null,
    answerBy: next.answerBy ? dayToDate(next.answerBy) : null,
  };
}
