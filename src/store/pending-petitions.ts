/**
 * Confirmed petitions not yet recorded (see the PendingPetition model): kept when the citizen
 * confirms, dropped by the transaction that records the case, and read by the relay to queue again
 * what Redis lost.
 */
import type { Db, Tx } from "./client";

// Both statements sit on every petition's path (the citizen's reply waits for the first): plain
// SQL, which costs the client a fraction of what a modelled query does.

/** Keeps a confirmation; keeping the same one twice is a no-op. */
export async function keepPendingPetition(db: Db, idempotencyKey: string, submission: object, now: Date): Promise<void> {
  await db.$executeRaw`INSERT INTO "PendingPetition" ("idempotencyKey", "submission", "createdAt") VALUES (${idempotencyKey}, ${JSON.stringify(submission)}::jsonb, ${now}) ON CONFLICT DO NOTHING`;
}

/** Done with: the case is recorded (in its transaction, or found recorded before). */
export async function dropPendingPetition(db: Db | Tx, idempotencyKey: string): Promise<void> {
  await db.$executeRaw`DELETE FROM "PendingPetition" WHERE "idempotencyKey" = ${idempotencyKey}`;
}

/** Confirmations older than `cutoff` still without a case, oldest first. */
export async function pendingPetitionsBefore(db: Db, cutoff: Date, limit = 500): Promise<{ idempotencyKey: string; submission: unknown }[]> {
  return db.pendingPetition.findMany({ where: { createdAt: { lt: cutoff } }, orderBy: { createdAt: "asc" }, take: limit, select: { idempotencyKey: true, submission: true } });
}
