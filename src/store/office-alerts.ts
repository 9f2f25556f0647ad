/**
 * Operational alerts for the petition office (信访办): things someone must act on, such as a WeChat
 * account that needs a new login scan. They travel as outbox rows like every notice, so the
 * outbound queue picks each admin's channel that works (not the one that is down).
 */
import type { ChannelName, Language } from "../kernel/channel";
import type { Clock } from "../kernel/clock";
import { noticeMessage, type NoticeKey, type NoticeMessages } from "../kernel/notices";
import type { Db } from "./client";
import { insertNotices } from "./outbox-repository";

/**
 * Writes the alert once per admin for this `dedupKey` (the same alert raised again is ignored).
 * Returns the rows written, to be queued.
 */
export async function alertPetitionOffice<K extends NoticeKey>(db: Db, clock: Clock, alert: { messageKey: K; params: NoticeMessages[K]; dedupKey: string }): Promise<{ id: string }[]> {
  const admins = await db.official.findMany({ where: { active: true, roles: { has: "petition_office_admin" } }, select: { id: true } });
  return insertNotices(
    db,
    admins.map((admin) => ({
      recipient: { officialId: admin.id },
      message: noticeMessage(alert.messageKey, alert.params),
      dedupKey: `${alert.dedupKey}:${admin.id}`,
    })),
    clock.now(),
  );
}

/** One admin of the petition office and their chat identities, preferred first, then newest. */
export interface OfficeContact {
  officialId: string;
  identities: { channel: ChannelName; botAccount: string; platformId: string; language: Language }[];
}

/**
 * Who the petition office is on chat, for telling it something without an outbox row (while
 * PostgreSQL is down, from a copy kept in Redis). Admins without a chat identity are left out.
 */
export async function petitionOfficeContacts(db: Db): Promise<OfficeContact[]> {
  const admins = await db.official.findMany({
    where: { active: true, roles: { has: "petition_office_admin" } },
    select: { id: true, identities: { orderBy: [{ preferred: "desc" }, { createdAt: "desc" }], select: { channel: true, botAccount: true, platformId: true, language: true } } },
    orderBy: { id: "asc" },
  });
  return admins
    .filter((admin) => admin.identities.length > 0)
    .map((admin) => ({
      officialId: admin.id,
      identities: admin.identities.map((i) => ({ channel: i.channel, botAccount: i.botAccount, platformId: i.platformId, language: i.language === "en" ? "en" : "zh-CN" })),
    }));
}
