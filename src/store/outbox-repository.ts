/** Outbox rows as the outbound queue needs them: who gets what, through which identity, and marks. */
import { randomUUID } from "node:crypto";
import type { Clock } from "../kernel/clock";
import type { NoticeMessage } from "../kernel/notices";
import type { AttachmentKind, ChannelName, Language } from "../kernel/channel";
import type { Db, Tx } from "./client";
import type { Prisma } from "./generated/client";

export interface OutboxDelivery {
  id: string;
  /** `held`: waiting for its recipient to have a chat account (a visit-recorded case not yet claimed). */
  status: "pending" | "sent" | "failed" | "cancelled" | "held";
  messageKey: string;
  params: unknown;
  /** Parts (text parts, then files) already delivered through `partsChannel` by an earlier try. */
  partsSent: number;
  partsChannel: ChannelName | null;
  /** Files to send after the text, in order. */
  attachments: { kind: AttachmentKind; mimeType: string; fileName: string | null; storageKey: string }[];
  /** The recipient's identities, preferred first, then newest first. */
  identities: { channel: ChannelName; botAccount: string; platformId: string; language: Language }[];
  /** The official it is for (null for a petitioner), and the case it is about, for the audit log. */
  recipientOfficialId: string | null;
  petitionId: string | null;
  /**
   * Held until then (a reminder to working hours, a petitioner's notice past the quiet hours); null
   * for a row to send at once, whatever another process's clock says.
   */
  heldUntil: Date | null;
}

export async function loadDelivery(db: Db, outboxId: string): Promise<OutboxDelivery | undefined> {
  const row = await db.outbox.findUnique({ where: { id: outboxId }, include: { event: { select: { petitionId: true } } } });
  if (!row) return undefined;
  const identities = await db.identity.findMany({
    where: row.recipientPersonId ? { personId: row.recipientPersonId } : { officialId: row.recipientOfficialId ?? "" },
    orderBy: [{ preferred: "desc" }, { createdAt: "desc" }],
  });
  const files =
    row.attachmentIds.length === 0
      ? []
      : await db.attachment.findMany({ where: { id: { in: row.attachmentIds } }, select: { id: true, kind: true, mimeType: true, fileName: true, storageKey: true } });
  return {
    id: row.id,
    status: row.status,
    partsSent: row.partsSent,
    partsChannel: row.sentChannel,
    attachments: row.attachmentIds.flatMap((id) => files.filter((f) => f.id === id)),
    messageKey: row.messageKey,
    params: row.params,
    recipientOfficialId: row.recipientOfficialId,
    petitionId: row.event?.petitionId ?? null,
    heldUntil: row.notBefore > row.createdAt ? row.notBefore : null,
    identities: identities.map((i) => ({
      channel: i.channel,
      botAccount: i.botAccount,
      platformId: i.platformId,
      language: i.language === "en" ? "en" : "zh-CN",
    })),
  };
}

/**
 * `attempt`: the job attempt that delivered it (else one more than counted). `late`: delivered by an
 * earlier try whose mark could not be saved then (the database was away, or the process died):
 * the row says so, so the database shows what happened.
 */
export async function markSent(db: Db, outboxId: string, channel: ChannelName, sentAt: Date, how: { attempt?: number; late?: boolean } = {}): Promise<void> {
  await db.outbox.update({
    where: { id: outboxId },
    data: {
      status: "sent",
      sentAt,
      sentChannel: channel,
      attempts: how.attempt ?? { increment: 1 },
      lastError: how.late ? "delivered by an earlier attempt whose sent mark could not be saved; marked from the sent ledger" : null,
    },
  });
}

/**
 * Claims a pending row for sending until `leaseMs` from now (database time), under `token`.
 * Returns "claimed", "missing", "not_pending" (sent, failed or cancelled meanwhile), or the
 * milliseconds until another sender's claim runs out.
 */
export async function claimForSending(db: Db, outboxId: string, token: string, leaseMs: number): Promise<"claimed" | "missing" | "not_pending" | { busyForMs: number }> {
  const claimed = await db.$executeRaw`
    UPDATE "Outbox" SET "claimedUntil" = now() + make_interval(secs => ${leaseMs / 1000}), "claimToken" = ${token}
    WHERE "id" = ${outboxId}::uuid AND "status" = 'pending' AND ("claimedUntil" IS NULL OR "claimedUntil" < now())`;
  if (claimed === 1) return "claimed";
  const rows = await db.$queryRaw<{ status: string; busyForMs: number | null }[]>`
    SELECT "status"::text AS "status", (EXTRACT(EPOCH FROM ("claimedUntil" - now())) * 1000)::float8 AS "busyForMs" FROM "Outbox" WHERE "id" = ${outboxId}::uuid`;
  const row = rows[0];
  if (!row) return "missing";
  if (row.status !== "pending") return "not_pending";
  return { busyForMs: Math.max(0, Math.ceil(row.busyForMs ?? 0)) };
}

/** Gives a claim up (a failed try), so the retry need not wait for it to run out. */
export async function releaseClaim(db: Db, outboxId: string, token: string): Promise<void> {
  await db.$executeRaw`UPDATE "Outbox" SET "claimedUntil" = NULL, "claimToken" = NULL WHERE "id" = ${outboxId}::uuid AND "claimToken" = ${token}`;
}

/** Records that the first `parts` parts went out through `channel` (the row stays pending). */
export async function markPartsSent(db: Db, outboxId: string, channel: ChannelName, parts: number): Promise<void> {
  await db.outbox.update({ where: { id: outboxId }, data: { partsSent: parts, sentChannel: channel } });
}

export async function markFailed(db: Db, outboxId: string, reason: string): Promise<void> {
  await db.outbox.update({ where: { id: outboxId }, data: { status: "failed", lastError: reason.slice(0, 500), attempts: { increment: 1 } } });
}

export async function recordAttemptError(db: Db, outboxId: string, reason: string): Promise<void> {
  await db.outbox.update({ where: { id: outboxId }, data: { lastError: reason.slice(0, 500), attempts: { increment: 1 } } });
}

/** Pending notices for the person or official behind this identity, oldest first (pull channels). */
export async function pendingFor(db: Db, identity: { channel: ChannelName; botAccount: string; platformId: string }): Promise<string[]> {
  const owner = await db.identity.findUnique({
    where: { channel_botAccount_platformId: identity },
    select: { personId: true, officialId: true },
  });
  if (!owner || (!owner.personId && !owner.officialId)) return [];
  const rows = await db.outbox.findMany({
    where: {
      status: "pending",
      OR: [...(owner.personId ? [{ recipientPersonId: owner.personId }] : []), ...(owner.officialId ? [{ recipientOfficialId: owner.officialId }] : [])],
    },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.id);
}

/** Pending rows older than `graceMs` (their job may have been lost between commit and enqueue). */
export async function pendingOutbox(db: Db, clock: Clock, graceMs: number, limit = 500): Promise<{ id: string; notBefore: Date }[]> {
  return db.outbox.findMany({
    where: { status: "pending", createdAt: { lt: new Date(clock.now().getTime() - graceMs) } },
    select: { id: true, notBefore: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
}

/** A notice outside a case's own events (an operational alert, a petition that could not be recorded). */
export interface StandaloneNotice {
  recipient: { personId: string } | { officialId: string };
  message: NoticeMessage;
  /** The same notice raised again (the same dedupKey) is written once. */
  dedupKey: string;
}

/** Writes the notices not written before; returns the rows written, to be queued. */
export async function insertNotices(db: Db | Tx, notices: StandaloneNotice[], now: Date): Promise<{ id: string }[]> {
  if (notices.length === 0) return [];
  return db.outbox.createManyAndReturn({
    data: notices.map((notice) => ({
      id: randomUUID(),
      recipientPersonId: "personId" in notice.recipient ? notice.recipient.personId : null,
      recipientOfficialId: "officialId" in notice.recipient ? notice.recipient.officialId : null,
      messageKey: notice.message.key,
      params: notice.message.params as Prisma.InputJsonObject,
      dedupKey: notice.dedupKey,
      notBefore: now,
      createdAt: now,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
}
