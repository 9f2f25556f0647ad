/**
 * Writes a confirmed petition as a case, in one transaction: the petitioner and their identity,
 * the petition and its attachments, its first events, the assignment chosen by routing, and the
 * notices owed (outbox rows). The idempotency key is unique in PostgreSQL, so one confirmation
 * yields one case however often, or however concurrently, the job runs.
 */
import type { Clock } from "../clock";
import { newTrackingCode } from "../cases/codes";
import { caseEvent, noticeKey, openStates } from "../cases/events";
import type { PetitionSubmission } from "../conversation/ports";
import { addDays, dayInZone, dayToDate } from "../dates";
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
  const existing = await findRecorded(tx, submission.idempotencyKey);
  if (existing) return existing;

  const now = deps.clock.now();
  const submittedAt = new Date(submission.submittedAt);
  const { org } = deps;
  const category = org.categories.find((c) => c.id === submission.categoryId);
  const area = org.areas.find((a) => a.id === submission.areaId);
  if (!category || !area) throw new Error(`petition refers to an unknown ${category ? "area" : "category"}`);
  const policy = org.deadlinePolicies.find((p) => p.id === category.deadlinePolicyId);
  if (!policy) throw new Error(`category ${category.id} has no deadline policy`);

  const identity = await petitionerIdentity(tx, submission, now);
  const decision = route(org, {
    categoryId: category.id,
    areaId: area.id,
    day: dayInZone(now, deps.timeZone),
    openCases: await openCaseCounts(tx),
  });
  // The promise is computed once and copied onto the case; a later policy change never rewrites it.
  const acceptBy = addDays(dayInZone(submittedAt, deps.timeZone), policy.acceptDays);

  const petition = await tx.petition.create({
    data: {
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
  if (submission.attachments.length > 0) {
    await tx.attachment.createMany({
      data: submission.attachments.map((a) => ({
        petitionId: petition.id,
        kind: a.kind,
        sha256: a.sha256,
        mimeType: a.mimeType,
        size: a.size,
        fileName: a.fileName ?? null,
        storageKey: a.storageKey,
        sourceFileId: a.sourceFileId ?? null,
      })),
      skipDuplicates: true,
    });
  }

  const submitted = await tx.caseEvent.create({
    data: {
      petitionId: petition.id,
      seq: 1,
      type: caseEvent.submitted,
      at: now,
      actorKind: "person",
      actorId: identity.personId,
      actorChannel: submission.user.channel,
      toState: "submitted",
      visibility: "petitioner",
      payload: { channel: submission.user.channel, attachments: submission.attachments.length, anonymous: submission.anonymous },
    },
  });
  const assigned = await tx.caseEvent.create({
    data: {
      petitionId: petition.id,
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
  });
  await tx.assignment.create({
    data: {
      petitionId: petition.id,
      unitId: decision.unitId,
      officialId: decision.officialId,
      ruleId: decision.unitReason.kind === "rule" ? decision.unitReason.ruleId : null,
      assignedAt: now,
    },
  });

  const unit = org.units.find((u) => u.id === decision.unitId)!;
  const notices = await noticesFor(tx, deps, {
    petition: { id: petition.id, trackingCode, description: submission.description, anonymous: submission.anonymous },
    contactName: submission.anonymous ? undefined : submission.contactName,
    contactPhone: submission.anonymous ? undefined : submission.contactPhone,
    personId: identity.personId,
    categoryName: category.nameZh,
    areaName: placeName(org, area.id),
    unit,
    decision,
    acceptBy,
    attachments: submission.attachments.length,
    submittedEventId: submitted.id,
    assignedEventId: assigned.id,
    now,
  });
  return { petitionId: petition.id, trackingCode, created: true, pendingOutboxIds: notices };
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
  const person = await tx.person.create({ data: { createdAt: now } });
  if (found) {
    // An official's account filing a petition as a citizen: the same identity, now also a person's.
    await tx.identity.update({ where: { id: found.id }, data: { personId: person.id } });
    return { id: found.id, personId: person.id };
  }
  const created = await tx.identity.create({
    data: { channel, botAccount, platformId, language: submission.language, preferred: true, personId: person.id, createdAt: now },
  });
  return { id: created.id, personId: person.id };
}

async function openCaseCounts(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx.petition.groupBy({
    by: ["officialId"],
    where: { officialId: { not: null }, state: { in: [...openStates] } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.officialId!, row._count._all]));
}

interface NoticeContext {
  petition: { id: string; trackingCode: string; description: string; anonymous: boolean };
  contactName?: string;
  contactPhone?: string;
  personId: string;
  categoryName: string;
  areaName: string;
  unit: { id: string; name: string };
  decision: RoutingDecision;
  acceptBy: string;
  attachments: number;
  submittedEventId: string;
  assignedEventId: string;
  now: Date;
}

/** Outbox rows: the petitioner's acknowledgement, and the assignment notice (or who must step in). */
async function noticesFor(tx: Tx, deps: RecordDeps, ctx: NoticeContext): Promise<string[]> {
  const rows: Prisma.OutboxCreateManyInput[] = [];
  const add = (recipient: { personId?: string; officialId?: string }, eventId: string, purpose: string, messageKey: string, params: NoticeParams) => {
    rows.push({
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
  const bound = officialId ? await tx.identity.count({ where: { officialId } }) : 0;
  if (officialId && bound > 0) {
    // Officials handling the case may see the petitioner's name and number, unless anonymous.
    const named = [ctx.contactName, ctx.contactPhone].filter(Boolean).join(" ");
    const petitioner: NoticeParam = ctx.petition.anonymous || !named ? { key: "petitioner_anonymous" } : named;
    add({ officialId }, ctx.assignedEventId, "assignment", "notice_assignment", {
      ...basics,
      petitioner,
      description: ctx.petition.description,
      attachments: ctx.attachments,
      date: ctx.acceptBy,
    });
  } else {
    // Nobody can be told directly: the unit's head and the petition office must step in.
    const official = officialId ? deps.org.officials.find((o) => o.id === officialId) : undefined;
    const messageKey = official ? "notice_unbound_official" : "notice_no_official";
    const stewards = deps.org.officials.filter(
      (o) => o.active && o.id !== officialId && ((o.unitId === ctx.unit.id && o.roles.includes("unit_head")) || o.roles.includes("petition_office_admin")),
    );
    for (const steward of stewards) {
      add({ officialId: steward.id }, ctx.assignedEventId, "steward", messageKey, { ...basics, official: official?.name ?? "", unit: ctx.unit.name });
    }
  }
  const created = await tx.outbox.createManyAndReturn({ data: rows, select: { id: true } });
  return created.map((row) => row.id);
}

function placeName(org: OrgSnapshot, areaId: string): string {
  const area = org.areas.find((a) => a.id === areaId);
  const parent = area?.level === "village" ? org.areas.find((a) => a.id === area.parentId) : undefined;
  return [parent?.name, area?.name].filter(Boolean).join("");
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
