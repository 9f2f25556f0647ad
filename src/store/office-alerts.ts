/**
 * Operational alerts for the petition office (信访办): things someone must act on, such as a WeChat
 * account that needs a new login scan. They travel as outbox rows like every notice, so the
 * outbound queue picks each admin's channel that works (not the one that is down).
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../kernel/clock";
import type { NoticeParams } from "../queue/notice";
import type { Db } from "./client";

/**
 * Writes the alert once per admin for this `dedupKey` (the same alert raised again is ignored).
 * Returns the rows written, to be queued.
 */
export async function alertPetitionOffice(db: Db, clock: Clock, alert: { messageKey: string; params: NoticeParams; dedupKey: string }): Promise<{ id: string }[]> {
  const admins = await db.official.findMany({ where: { active: true, roles: { has: "petition_office_admin" } }, select: { id: true } });
  if (admins.length === 0) return [];
  const now = clock.now();
  return db.outbox.createManyAndReturn({
    data: admins.map((admin) => ({
      id: randomUUID(),
      recipientOfficialId: admin.id,
      messageKey: alert.messageKey,
      params: alert.params,
      dedupKey: `${alert.dedupKey}:${admin.id}`,
      notBefore: now,
      createdAt: now,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
}
