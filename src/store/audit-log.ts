/**
 * The audit log (its own table, append-only by a trigger): every time someone views a case or its
 * personal data, and every action refused for want of standing. Written outside the case's
 * transaction, so a refusal (which commits nothing) is still on record.
 */
import { randomUUID } from "node:crypto";
import type { Actor } from "../cases/case";
import type { Db, Tx } from "./client";

export interface AuditEntry {
  actor: Actor;
  /** `granted`: an account was given access (a citizen claimed a visit-recorded case). */
  outcome: "viewed" | "refused" | "granted";
  /** "case", "timeline", "personal_data", or the refused command ("accept"). */
  action: string;
  petitionId?: string | null;
  detail?: string;
}

export async function recordAudit(db: Db | Tx, entry: AuditEntry, at: Date): Promise<void> {
  await db.auditLog.createMany({
    data: {
      id: randomUUID(),
      at,
      actorKind: entry.actor.kind,
      actorId: entry.actor.kind === "system" ? null : entry.actor.id,
      actorChannel: entry.actor.kind === "system" ? null : (entry.actor.channel ?? null),
      outcome: entry.outcome,
      action: entry.action,
      petitionId: entry.petitionId ?? null,
      detail: entry.detail ?? null,
    },
  });
}
