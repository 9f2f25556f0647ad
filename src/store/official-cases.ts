/**
 * Cases as officials read them: the open cases they may act on (/cases, by due date), a case by
 * its tracking code, and its timeline. Which cases an official may see is the core's rule
 * (src/cases/authority.ts); the list reads the same facts — the holding unit, the owner, the
 * leader, the units invited to co-handle (协办), whom a conduct complaint accuses — in one indexed query.
 */
import { priorities, type Priority } from "../kernel/answers";
import type { CaseListEntry, TimelineEntry } from "../cases/views";
import { openStates } from "../cases/states";
import { dateToDay } from "../kernel/dates";
import type { Db, Tx } from "./client";

/** Cases still in someone's hands, and answered ones waiting for their revisit and sign-off. */
const listedStates = [...openStates, "answered"];

interface ListRow {
  trackingCode: string;
  categoryId: string;
  areaId: string;
  state: CaseListEntry["state"];
  unitId: string | null;
  officialId: string | null;
  dueBy: Date | null;
}

/**
 * The open cases of the official's unit, those they own (首问) or lead (包案) and those their unit
 * co-handles (协办), soonest due first; `everything`: the petition office, which supervises all.
 */
export async function openCasesFor(db: Db, official: { id: string; unitId: string; everything: boolean }, limit = 30): Promise<CaseListEntry[]> {
  const rows = await db.$queryRawUnsafe<ListRow[]>(
    `SELECT "trackingCode", "categoryId", "areaId", "state"::text AS "state", "unitId", "officialId",
            CASE WHEN "state" IN ('submitted', 'registered') THEN "acceptBy" ELSE "answerBy" END AS "dueBy"
       FROM "Petition"
      WHERE "state"::text = ANY($1)
        AND ($2 OR "unitId" = $3 OR "ownerOfficialId" = $4 OR "leaderOfficialId" = $4 OR "coHandlingUnitIds" @> ARRAY[$3]::text[])
        -- A conduct complaint is never listed for those it accuses (src/cases/accused.ts), not even the petition office's admins.
        AND "handling"->'accused'->>'unitId' IS DISTINCT FROM $3
        AND "handling"->'accused'->>'officialId' IS DISTINCT FROM $4
      ORDER BY "dueBy" ASC NULLS LAST, "submittedAt" ASC
      LIMIT $5`,
    listedStates,
    official.everything,
    official.unitId,
    official.id,
    limit,
  );
  return rows.map((row) => ({ ...row, dueBy: row.dueBy ? dateToDay(row.dueBy) : null }));
}

export async function caseIdByCode(db: Db | Tx, trackingCode: string): Promise<string | null> {
  const row = await db.petition.findUnique({ where: { trackingCode }, select: { id: true } });
  return row?.id ?? null;
}

/** Every step of a case in order, with the words it carries. */
export async function timelineOf(db: Db | Tx, caseId: string): Promise<TimelineEntry[]> {
  const events = await db.caseEvent.findMany({ where: { petitionId: caseId }, orderBy: { seq: "asc" } });
  return events.map((event) => {
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    // The words a person wrote for this step; routing's own reasons are for the record, not for reading here.
    const text = event.actorKind === "system" ? undefined : [payload.comment, payload.opinion, payload.text, event.reason].find((value): value is string => typeof value === "string" && value.length > 0);
    // A co-handling unit's part is a progress note of its own kind; an extension names its new day.
    const kind = typeof payload.kind === "string" && event.type === "case.progress_noted" ? payload.kind : undefined;
    const until = event.type.startsWith("case.extension_") ? [payload.answerBy, payload.toAnswerBy].find((value): value is string => typeof value === "string") : undefined;
    // priority (急事急办): a change names from what to what
    const priority = event.type === "case.priority_changed" && isPriority(payload.from) && isPriority(payload.to) ? { from: payload.from, to: payload.to } : undefined;
    return {
      at: event.at.toISOString(),
      type: event.type,
      actorKind: event.actorKind,
      actorId: event.actorId,
      visibility: event.visibility,
      unitId: event.unitId,
      officialId: event.officialId,
      ...(text ? { text } : {}),
      ...(kind ? { kind } : {}),
      ...(until ? { until } : {}),
      ...(priority ? { priority } : {}),
    };
  });
}

const isPriority = (value: unknown): value is Priority => typeof value === "string" && (priorities as readonly string[]).includes(value);
