/**
 * The cases whose next timer step is due: what the sweep wakes. Read through the index on
 * Petition.nextWakeAt alone, so a sweep costs what is due, not what is open: a case with nothing
 * pending has no wake-up time, and one due later is past the end of the index range read.
 */
import type { Db } from "./client";

/** Up to `limit` cases due at `now`, longest overdue first. */
export async function dueCaseIds(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db.petition.findMany({ where: { nextWakeAt: { lte: now } }, select: { id: true }, orderBy: { nextWakeAt: "asc" }, take: limit });
  return rows.map((row) => row.id);
}
