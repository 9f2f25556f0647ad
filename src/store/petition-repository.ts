/**
 * Writes a confirmed petition as a case, in one transaction: the petitioner and their identity,
 * the petition and its attachments, its first events, the assignment chosen by routing, and the
 * notices owed (outbox rows). The idempotency key is unique in PostgreSQL, so one confirmation
 * yields one case however often, or however concurrently, the job runs.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../kernel/clock";
import { newTrackingCode } from "../kernel/codes";
import { caseEvent, noticeKey } from "../cases/events";
import { openStates } from "../cases/states";
import { placeLabel } from "../conversation/place";
import type { PetitionSubmission } from "../cases/submission";
import { addDays, dayInZone, dayToDate } from "../kernel/dates";
import type { OrgSnapshot } from "../org/types";
import { route, type RoutingDecision } from "../routing/route";
import type { NoticeParam, NoticeParams } from "../queue/notice";
import type { Db, Tx } from "./client";
import { Prisma } from "./generated/client";

export interface RecordedPetition {
  petitionId: string;
  trackingCode: string;
  /** false when this confirmation had already been recorded (a repeated job). */
  created: boolean;
  /** Outbox rows still to send for this case, to be queued after commit. */
  pendingOutboxIds: string[];
}

export interface RecordDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  org: OrgSnapshot;
}

export async function recordPetition(deps: RecordDeps, submission: PetitionSubmission): Promise<RecordedPetition> {
  // A tracking code collision (about one in 10^11) only costs a retry with a fresh code.
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.$transaction((tx) => writeCase(tx, deps, submission, newTrackingCode()));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await findRecorded(deps.db, submission.idempotencyKey);
      if (existing) return existing;
      if (attempt >= 3) throw error;
    }
  }
}

async function findRecorded(db: Db | Tx, idempotencyKey: string): Promise<RecordedPetition | undefined> {
  const petition = await db.petition.findUnique({
    where: { idempotencyKey },
    select: { id: true, trackingCode: true, events: { select: { outbox: { where: { status: "pending" }, select: { id: true } } } } },
  });
  if (!petition) return undefined;
  return {
    petitionId: petition.id,
    trackingCode: petition.trackingCode,
    created: false,
    pendingOutboxIds: petition.events.flatMap((e) => e.outbox.map((o) => o.id)),
  };
}

async function writeCase(tx: Tx, deps: RecordDeps, submission: PetitionSubmission, trackingCode: string): Promise<RecordedPetition> {
  // No "already recorded?" read first: the unique idempotency key makes a repeat fail the insert,
  // and recordPetition then returns the case that exists. That saves a query on every new case.
  const now = deps.clock.now();
  const submittedAt = new Date(submission.submittedAt);
  const { org } = deps;
  const category = org.categories.find((c) => c.id === submission.categoryId);
  const area = org.areas.find((a) => a.id === submission.areaId);
  if (!category || !area) throw new Error(`petition refers to an unknown ${category ? "area" : "category"}`);
  const policy = org.deadlinePolicies.find((p) => p.id === category.deadlinePolicyId);
  if (!policy) throw new Error(`category ${category.id} has no deadline policy`);

  const identity = await petitionerIdentity(tx, submission, now);
  const routing = { categoryId: category.id, areaId: area.id, day: dayInZone(now, deps.timeZone) };
  // The unit does not depend on workloads: find it first, then count open cases of its members only.
  const unitId = route(org, { ...routing, openCases: new Map() }).unitId;
  const decision = route(org, { ...routing, openCases: await openCaseCounts(tx, org, unitId) });
  const officialBound = decision.officialId !== null && (await tx.identity.findFirst({ where: { officialId: decision.officialId }, select: { id: true } })) !== null;
  // The promise is computed once and copied onto the case; a later policy change never rewrites it.
  const acceptBy = addDays(dayInZone(submittedAt, deps.timeZone), policy.acceptDays);

  // Ids made here so that rows can name each other without reading anything back.
  // The same file sent twice is one attachment.
  const attachments = [...new Map(submission.attachments.map((a) => [a.sha256, { ...a, id: randomUUID() }])).values()];
  const submittedEventId = randomUUID();
  const assignedEventId = randomUUID();
  const unit = org.units.find((u) => u.id === decision.unitId)!;
  const notices = noticesFor(deps.org, {
    petition: { trackingCode, description: submission.description, anonymous: submission.anonymous },
    contactName: submission.anonymous ? undefined : submission.contactName,
    contactPhone: submission.anonymous ? undefined : submission.contactPhone,
    personId: identity.personId,
    categoryName: category.nameZh,
    areaName: placeLabel(org, area.id),
    unit,
    decision,
    officialBound,
    acceptBy,
    attachmentIds: attachments.map((a) => a.id),
    submittedEventId,
    assignedEventId,
    now,
  });

  // Flat createMany writes: one INSERT per table and no read-back, the cheapest path through
  // Prisma's query engine (this transaction is the intake's hot path).
  const petitionId = randomUUID();
  await tx.petition.createMany({
    data: {
      id: petitionId,
      trackingCode,
      idempotencyKey: submission.idempotencyKey,
      personId: identity.personId,
      identityId: identity.id,
      channel: submission.user.channel,
      categoryId: category.id,
      areaId: area.id,
      description: submission.description,
      anonymous: submission.anonymous,
      contactName: submission.anonymous ? null : (submission.contactName ?? null),
      contactPhone: submission.anonymous ? null : (submission.contactPhone ?? null),
      latitude: submission.location?.latitude ?? null,
      longitude: submission.location?.longitude ?? null,
      language: submission.language,
      state: "submitted",
      seq: 2,
      unitId: decision.unitId,
      officialId: decision.officialId,
      deadlinePolicyId: policy.id,
      acceptBy: dayToDate(acceptBy),
      submittedAt,
    },
  });
  if (attachments.length > 0) {
    await tx.attachment.createMany({
      data: attachments.map((a) => ({
        id: a.id,
        petitionId,
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
  await tx.caseEvent.createMany({
    data: [
      {
        id: submittedEventId,
        petitionId,
        seq: 1,
        type: caseEvent.submitted,
        at: now,
        actorKind: "person",
        actorId: identity.personId,
        actorChannel: submission.user.channel,
        toState: "submitted",
        visibility: "petitioner",
        payload: { channel: submission.user.channel, attachments: attachments.length, anonymous: submission.anonymous },
      },
      {
        id: assignedEventId,
        petitionId,
        seq: 2,
        type: caseEvent.assigned,
        at: now,
        actorKind: "system",
        fromState: "submitted",
        toState: "submitted",
        visibility: "internal",
        reason: describeDecision(decision),
        unitId: decision.unitId,
        officialId: decision.officialId,
        payload: { routing: decision as unknown as Prisma.InputJsonObject, acceptBy, deadlinePolicy: policy.id },
      },
    ],
  });
  await tx.assignment.createMany({
    data: {
      petitionId,
      unitId: decision.unitId,
      officialId: decision.officialId,
      ruleId: decision.unitReason.kind === "rule" ? decision.unitReason.ruleId : null,
      assignedAt: now,
    },
  });
  await tx.outbox.createMany({ data: notices });
  return { petitionId, trackingCode, created: true, pendingOutboxIds: notices.map((n) => n.id) };
}

/**
 * Tells a petitioner that their confirmed petition could not be recorded (the intake job gave up),
 * so they are not left waiting for a tracking code that will not come. Writes the person and
 * identity if this was their first petition. Returns the row to queue; a second call for the same
 * job writes nothing.
 */
export async function notifyPetitionNotRecorded(db: Db, clock: Clock, submission: PetitionSubmission, jobId: string): Promise<{ id: string }[]> {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const { personId } = await petitionerIdentity(tx, submission, now);
    return tx.outbox.createManyAndReturn({
      data: [{ id: randomUUID(), recipientPersonId: personId, messageKey: "notice_not_recorded", params: {}, dedupKey: `not-recorded:${jobId}`, notBefore: now, createdAt: now }],
      skipDuplicates: true,
      select: { id: true },
    });
  });
}

/** The petitioner's identity on this channel, creating the person on first contact. */
async function petitionerIdentity(tx: Tx, submission: PetitionSubmission, now: Date): Promise<{ id: string; personId: string }> {
  const { channel, botAccount, platformId } = submission.user;
  const where = { channel_botAccount_platformId: { channel, botAccount, platformId } };
  const found = await tx.identity.findUnique({ where });
  if (found?.personId) {
    if (found.language !== submission.language) await tx.identity.update({ where: { id: found.id }, data: { language: submission.language } });
    return { id: found.id, personId: found.personId };
  }
  if (found) {
    // An official's account filing a petition as a citizen: the same identity, now also a person's.
    const person = await tx.person.create({ data: { createdAt: now }, select: { id: true } });
    await tx.identity.update({ where: { id: found.id }, data: { personId: person.id } });
    return { id: found.id, personId: person.id };
  }
  const personId = randomUUID();
  const identityId = randomUUID();
  await tx.person.createMany({ data: { id: personId, createdAt: now } });
  await tx.identity.createMany({
    data: { id: identityId, channel, botAccount, platformId, language: submission.language, preferred: true, personId, createdAt: now },
  });
  return { id: identityId, personId };
}

async function openCaseCounts(tx: Tx, org: OrgSnapshot, unitId: string): Promise<Map<string, number>> {
  const members = org.officials.filter((o) => o.unitId === unitId).map((o) => o.id);
  const rows = await tx.petition.groupBy({
    by: ["officialId"],
    where: { officialId: { in: members }, state: { in: [...openStates] } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.officialId!, row._count._all]));
}

interface NoticeContext {
  petition: { trackingCode: string; description: string; anonymous: boolean };
  contactName?: string;
  contactPhone?: string;
  personId: string;
  categoryName: string;
  areaName: string;
  unit: { id: string; name: string };
  decision: RoutingDecision;
  /** Whether the chosen official has a chat account to be told on. */
  officialBound: boolean;
  acceptBy: string;
  attachmentIds: string[];
  submittedEventId: string;
  assignedEventId: string;
  now: Date;
}

type NoticeRow = Prisma.OutboxCreateManyInput & { id: string };

/** Outbox rows: the petitioner's acknowledgement, and the assignment notice (or who must step in). */
function noticesFor(org: OrgSnapshot, ctx: NoticeContext): NoticeRow[] {
  const rows: NoticeRow[] = [];
  const add = (
    recipient: { personId?: string; officialId?: string },
    eventId: string,
    purpose: string,
    messageKey: string,
    params: NoticeParams,
    attachmentIds: string[] = [],
  ) => {
    rows.push({
      attachmentIds,
      id: randomUUID(),
      recipientPersonId: recipient.personId ?? null,
      recipientOfficialId: recipient.officialId ?? null,
      messageKey,
      params,
      dedupKey: noticeKey(eventId, recipient, purpose),
      eventId,
      notBefore: ctx.now,
      createdAt: ctx.now,
    });
  };
  const code = ctx.petition.trackingCode;
  add({ personId: ctx.personId }, ctx.submittedEventId, "ack", "notice_ack", { code, unit: ctx.unit.name, date: ctx.acceptBy });

  const basics = { code, category: ctx.categoryName, area: ctx.areaName };
  const officialId = ctx.decision.officialId;
  if (officialId && ctx.officialBound) {
    // Officials handling the case may see the petitioner's name and number, unless anonymous.
    const named = [ctx.contactName, ctx.contactPhone].filter(Boolean).join(" ");
    const petitioner: NoticeParam = ctx.petition.anonymous || !named ? { key: "petitioner_anonymous" } : named;
    add({ officialId }, ctx.assignedEventId, "assignment", "notice_assignment", {
      ...basics,
      petitioner,
      description: ctx.petition.description,
      attachments: ctx.attachmentIds.length,
      date: ctx.acceptBy,
    }, ctx.attachmentIds);
  } else {
    // Nobody can be told directly: the unit's head and the petition office must step in.
    const official = officialId ? org.officials.find((o) => o.id === officialId) : undefined;
    const messageKey = official ? "notice_unbound_official" : "notice_no_official";
    const stewards = org.officials.filter(
      (o) => o.active && o.id !== officialId && ((o.unitId === ctx.unit.id && o.roles.includes("unit_head")) || o.roles.includes("petition_office_admin")),
    );
    for (const steward of stewards) {
      add({ officialId: steward.id }, ctx.assignedEventId, "steward", messageKey, { ...basics, official: official?.name ?? "", unit: ctx.unit.name });
    }
  }
  return rows;
}

function describeDecision(decision: RoutingDecision): string {
  const unit =
    decision.unitReason.kind === "rule"
      ? `rule ${decision.unitReason.ruleId}`
      : decision.unitReason.kind === "area_default"
        ? `default unit of area ${decision.unitReason.areaId}`
        : "petition office (no rule or area default)";
  const conduct = decision.conductEscalatedFrom ? `; conduct complaint moved up from ${decision.conductEscalatedFrom}` : "";
  return `${unit}${conduct}; official: ${decision.officialReason}`;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
