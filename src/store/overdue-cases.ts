/**
 * Overdue and due-soon cases (issue 13 item 6): open cases whose promised date — acceptBy while
 * registered, answerBy while accepted, in progress or reopened (dateThatApplies,
 * src/deadlines/schedule.ts) — is past, or falls within the next few days. For an official the
 * cases they hold (handling or 包案), for a unit head their unit's, for the petition office all;
 * listed in chat (/overdue) and at the terminal (`npm run admin -- overdue`).
 *
 * Read through indexes: (officialId, state) and (leaderOfficialId, state) for an official,
 * (unitId, state) for a unit, (state, acceptBy) and (state, answerBy) for all, so a list costs the
 * cases in its scope, never the whole table.
 */
import type { OverdueEntry, OverdueScope } from "../cases/views";
import { addDays, dateToDay, dayToDate } from "../kernel/dates";
import type { Db } from "./client";

/** Due soon: today or within this many days after it. */
export const dueSoonDays = 3;

/** The states that wait on answerBy; "registered" waits on acceptBy. */
const answeringStates = ["accepted", "in_progress", "reopened"];

interface Row {
  trackingCode: string;
  state: OverdueEntry["state"];
  unitId: string | null;
  officialId: string | null;
  date: OverdueEntry["date"];
  dueBy: Date;
  daysLate: number;
  priority: OverdueEntry["priority"];
}

export interface OverdueQuery {
  scope: OverdueScope;
  /** Today in the office's zone, YYYY-MM-DD. */
  today: string;
  /** A conduct complaint is never listed for those it accuses (src/cases/accused.ts), as in /cases. */
  viewer?: { unitId: string; officialId: string };
  limit?: number;
}

/** Most late first (then the most urgent, then the code, so the order is stable). */
export async function overdueCases(db: Db, query: OverdueQuery): Promise<OverdueEntry[]> {
  const { scope, today } = query;
  const params: unknown[] = [dayToDate(today), dayToDate(addDays(today, dueSoonDays)), answeringStates, query.viewer?.unitId ?? null, query.viewer?.officialId ?? null, query.limit ?? 1000];
  let where = "TRUE";
  if ("officialId" in scope) {
    params.push(scope.officialId);
    where = `(p."officialId" = $7 OR p."leaderOfficialId" = $7)`;
  } else if ("unitId" in scope) {
    params.push(scope.unitId);
    where = `p."unitId" = $7`;
  }
  // Each branch names its state and its date column together, so PostgreSQL can read each by its index.
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT * FROM (
       SELECT p."trackingCode", p."state"::text AS "state", p."unitId", p."officialId", p."priority"::text AS "priority",
              'acceptBy' AS "date", p."acceptBy" AS "dueBy", ($1::date - p."acceptBy")::int AS "daysLate"
         FROM "Petition" p
        WHERE p."state" = 'registered' AND p."acceptBy" <= $2::date AND ${where}
          AND ($4::text IS NULL OR p."handling"->'accused'->>'unitId' IS DISTINCT FROM $4)
          AND ($5::text IS NULL OR p."handling"->'accused'->>'officialId' IS DISTINCT FROM $5)
       UNION ALL
       SELECT p."trackingCode", p."state"::text AS "state", p."unitId", p."officialId", p."priority"::text AS "priority",
              'answerBy' AS "date", p."answerBy" AS "dueBy", ($1::date - p."answerBy")::int AS "daysLate"
         FROM "Petition" p
        WHERE p."state" = ANY($3::"CaseState"[]) AND p."answerBy" <= $2::date AND ${where}
          AND ($4::text IS NULL OR p."handling"->'accused'->>'unitId' IS DISTINCT FROM $4)
          AND ($5::text IS NULL OR p."handling"->'accused'->>'officialId' IS DISTINCT FROM $5)
     ) listed
     ORDER BY "daysLate" DESC, CASE "priority" WHEN 'urgent' THEN 0 WHEN 'important' THEN 1 ELSE 2 END, "trackingCode"
     LIMIT $6`,
    ...params,
  );
  return rows.map((row) => ({ ...row, dueBy: dateToDay(row.dueBy), daysLate: Number(row.daysLate) }));
}

/** Overdue (past its date) vs due soon (today to dueSoonDays ahead). */
export function isOverdue(entry: Pick<OverdueEntry, "daysLate">): boolean {
  return entry.daysLate > 0;
}
