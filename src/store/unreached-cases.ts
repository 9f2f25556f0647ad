/**
 * Cases waiting for a person (item 6 of case handling): open cases whose notices reach nobody in
 * their chain, because neither the official holding them nor an active head of the holding unit
 * has a chat account (the same test the notice policy makes, src/notices/policy.ts). The petition
 * office lists them in chat (/unreached) and at the terminal (`npm run admin -- unreached`) and
 * gives each to someone who can be told.
 */
import type { CaseListEntry } from "../cases/views";
import { openStates } from "../cases/states";
import { dateToDay } from "../kernel/dates";
import type { Db } from "./client";

/** Open, and answered ones still waiting for their revisit and sign-offs: someone must still act. */
const waitingStates = [...openStates, "answered"];

interface Row {
  trackingCode: string;
  categoryId: string;
  areaId: string;
  state: CaseListEntry["state"];
  unitId: string | null;
  officialId: string | null;
  dueBy: Date | null;
}

/** Soonest due first. An official who is no longer active counts as nobody (their old account is not theirs to act with). */
export async function unreachedCases(db: Db, limit = 100): Promise<CaseListEntry[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT p."trackingCode", p."categoryId", p."areaId", p."state"::text AS "state", p."unitId", p."officialId",
            CASE WHEN p."state" IN ('submitted', 'registered') THEN p."acceptBy" ELSE p."answerBy" END AS "dueBy"
       FROM "Petition" p
      WHERE p."state"::text = ANY($1)
        AND NOT EXISTS (
              SELECT 1 FROM "Official" o JOIN "Identity" i ON i."officialId" = o."id"
               WHERE o."active" AND o."id" = p."officialId")
        AND NOT EXISTS (
              SELECT 1 FROM "Official" o JOIN "Identity" i ON i."officialId" = o."id"
               WHERE o."active" AND o."unitId" = p."unitId" AND 'unit_head' = ANY(o."roles"::text[]))
      ORDER BY "dueBy" ASC NULLS LAST, p."submittedAt" ASC
      LIMIT $2`,
    waitingStates,
    limit,
  );
  return rows.map((row) => ({ ...row, dueBy: row.dueBy ? dateToDay(row.dueBy) : null }));
}
