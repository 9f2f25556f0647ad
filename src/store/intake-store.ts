/**
 * What recording a petition needs to read before the case commands decide: who the petitioner
 * is (created on first contact), how loaded each official of a unit is, which officials can be
 * told in chat, and whether this confirmation was recorded already.
 */
import { randomUUID } from "node:crypto";
import { openStates } from "../cases/states";
import type { ChannelUser, Language } from "../kernel/channel";
import type { Db, Tx } from "./client";
import { Prisma } from "./generated/client";

/** The petitioner's identity on this channel, creating the person on first contact. */
export async function petitionerIdentity(tx: Tx, user: ChannelUser, language: Language, now: Date): Promise<{ id: string; personId: string }> {
  const { channel, botAccount, platformId } = user;
  const where = { channel_botAccount_platformId: { channel, botAccount, platformId } };
  const found = await tx.identity.findUnique({ where });
  if (found?.personId) {
    if (found.language !== language) await tx.identity.update({ where: { id: found.id }, data: { language } });
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
  await tx.identity.createMany({ data: { id: identityId, channel, botAccount, platformId, language, preferred: true, personId, createdAt: now } });
  return { id: identityId, personId };
}

// ── visits ──

/** A citizen met at a visit: a person of their own, with no chat account until they claim their case. */
export async function personWithoutAccount(tx: Tx, now: Date): Promise<string> {
  const personId = randomUUID();
  await tx.person.createMany({ data: { id: personId, createdAt: now } });
  return personId;
}

/** The official this chat account is bound to, if any. */
export async function officialOfAccount(tx: Tx, user: ChannelUser): Promise<string | undefined> {
  const found = await tx.identity.findUnique({ where: { channel_botAccount_platformId: { channel: user.channel, botAccount: user.botAccount, platformId: user.platformId } }, select: { officialId: true } });
  return found?.officialId ?? undefined;
}

/** Open cases per official, among `officialIds` (a unit's members): the load routing evens out. */
export async function openCaseCounts(tx: Tx, officialIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.petition.groupBy({
    by: ["officialId"],
    where: { officialId: { in: officialIds }, state: { in: [...openStates] } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.officialId!, row._count._all]));
}

/** Those of `officialIds` who have bound a chat account, so a notice can reach them. */
export async function reachableOfficials(tx: Tx, officialIds: string[]): Promise<Set<string>> {
  if (officialIds.length === 0) return new Set();
  const rows = await tx.identity.findMany({ where: { officialId: { in: officialIds } }, select: { officialId: true }, distinct: ["officialId"] });
  return new Set(rows.map((row) => row.officialId!));
}

export interface RecordedPetition {
  petitionId: string;
  trackingCode: string;
  /** false when this confirmation had already been recorded (a repeated job). */
  created: boolean;
  /** Outbox rows still to send for this case, to be queued after commit. */
  pendingOutboxIds: string[];
  /** When the case next needs waking (deadlines), for its timer. */
  wakeAt: Date | null;
}

/** The case a confirmation already made, with its notices still pending. */
export async function findRecorded(db: Db | Tx, idempotencyKey: string): Promise<RecordedPetition | undefined> {
  const petition = await db.petition.findUnique({
    where: { idempotencyKey },
    select: { id: true, trackingCode: true, nextWakeAt: true, events: { select: { outbox: { where: { status: "pending" }, select: { id: true } } } } },
  });
  if (!petition) return undefined;
  return {
    petitionId: petition.id,
    trackingCode: petition.trackingCode,
    created: false,
    pendingOutboxIds: petition.events.flatMap((e) => e.outbox.map((o) => o.id)),
    wakeAt: petition.nextWakeAt,
  };
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
