/**
 * Confirmed petitions not yet recorded (see the PendingPetition model): kept when the citizen
 * confirms, dropped by the transaction that records the case, and read by the relay to queue again
 * what Redis lost.
 */
import type { Db, Tx } from "./client";
import type { Prisma } from "./generated/client";

/** Keeps a confirmation; keeping the same one twice is a no-op. */
export async function keepPendingPetition(db: Db, idempotencyKey: string, submission: object, now: Date): Promise<void> {
  await db.pendingPetition.createMany({ data: [{ idempotencyKey, submission: submission as Prisma.InputJsonObject, createdAt: now }], skipDuplicates: true });
}

/** Done with: the case is recorded (in its transaction, or found recorded before). */
export async function dropPendingPetition(db: Db | Tx, idempotencyKey: string): Promise<void> {
  await db.pendingPetition.deleteMany({ where: { idempotencyKey } });
}

/** Confirmations older than `cutoff` still without a case, oldest first. */
export async function pendingPetitionsBefore(db: Db, cutoff: Date, limit = 500): Promise<{ idempotencyKey: string; submission: unknown }[]> {
  return db.pendingPetition.findMany({ where: { createdAt: { lt: cutoff } }, orderBy: { createdAt: "asc" }, take: limit, select: { idempotencyKey: true, submission: true } });
}
