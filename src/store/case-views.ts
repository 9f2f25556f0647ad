/** The petitioner's own cases, for /status. Only cases of the asking person are ever returned. */
import type { CaseView } from "../cases/views";
import type { ChannelUser } from "../kernel/channel";
import { dateToDay } from "../kernel/dates";
import type { Db } from "./client";

const select = {
  trackingCode: true,
  categoryId: true,
  areaId: true,
  state: true,
  submittedAt: true,
  unitId: true,
  acceptBy: true,
  answerBy: true,
} as const;

/** The person behind this account, if they have ever filed a petition. */
async function personOf(db: Db, user: ChannelUser): Promise<string | null> {
  const identity = await db.identity.findUnique({
    where: { channel_botAccount_platformId: { channel: user.channel, botAccount: user.botAccount, platformId: user.platformId } },
    select: { personId: true },
  });
  return identity?.personId ?? null;
}

type Row = { trackingCode: string; categoryId: string; areaId: string; state: CaseView["state"]; submittedAt: Date; unitId: string | null; acceptBy: Date | null; answerBy: Date | null };

function toView(row: Row): CaseView {
  return {
    trackingCode: row.trackingCode,
    categoryId: row.categoryId,
    areaId: row.areaId,
    state: row.state,
    submittedAt: row.submittedAt.toISOString(),
    unitId: row.unitId,
    acceptBy: row.acceptBy ? dateToDay(row.acceptBy) : null,
    answerBy: row.answerBy ? dateToDay(row.answerBy) : null,
  };
}

export async function casesOf(db: Db, user: ChannelUser, limit = 20): Promise<CaseView[]> {
  const personId = await personOf(db, user);
  if (!personId) return [];
  const rows = await db.petition.findMany({ where: { personId }, select, orderBy: { submittedAt: "desc" }, take: limit });
  return rows.map(toView);
}

export async function caseOf(db: Db, user: ChannelUser, trackingCode: string): Promise<CaseView | null> {
  const personId = await personOf(db, user);
  if (!personId) return null;
  // Both conditions in one query: "not yours" and "no such code" are indistinguishable.
  const row = await db.petition.findFirst({ where: { trackingCode, personId }, select });
  return row ? toView(row) : null;
}

/**
 * follow-up (回访): the person's answered cases nobody has revisited yet — those a rating they
 * send would be for, newest answer first. Answered cases are few per person; the revisit is read
 * from the handling column.
 */
export async function casesAwaitingRating(db: Db, user: ChannelUser): Promise<CaseView[]> {
  const personId = await personOf(db, user);
  if (!personId) return [];
  const rows = await db.petition.findMany({ where: { personId, state: "answered" }, select: { ...select, handling: true }, orderBy: { submittedAt: "desc" }, take: 20 });
  return rows.filter((row) => !(row.handling as { revisit?: unknown }).revisit).map(toView);
}
