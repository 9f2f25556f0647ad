/**
 * A person's or official's chat accounts: which one gets notices first, and joining a citizen's
 * accounts on two platforms into one ledger (一人一帐).
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../kernel/clock";
import type { ChannelUser, Language } from "../kernel/channel";
import type { Db } from "./client";

const identityKey = (user: ChannelUser) => ({ channel_botAccount_platformId: { channel: user.channel, botAccount: user.botAccount, platformId: user.platformId } });

/** Makes this account the one notices go to first; false if the account is unknown (nothing to prefer). */
export async function preferAccount(db: Db, user: ChannelUser): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const identity = await tx.identity.findUnique({ where: identityKey(user), select: { id: true, personId: true, officialId: true } });
    if (!identity || (!identity.personId && !identity.officialId)) return false;
    const owners = [...(identity.personId ? [{ personId: identity.personId }] : []), ...(identity.officialId ? [{ officialId: identity.officialId }] : [])];
    await tx.identity.updateMany({ where: { OR: owners }, data: { preferred: false } });
    await tx.identity.update({ where: { id: identity.id }, data: { preferred: true } });
    return true;
  });
}

/**
 * Joins account `joining` to the person behind `keeper`: the joining account's petitions, pending
 * notices and other accounts move to that person, so /status on either shows every case. Nothing
 * is copied or deleted; the emptied person row stays as it was. Returns how many cases moved.
 */
export async function linkAccounts(db: Db, keeper: ChannelUser, joining: ChannelUser & { language: Language }, clock: Clock): Promise<number> {
  return db.$transaction(async (tx) => {
    const now = clock.now();
    const kept = await tx.identity.findUnique({ where: identityKey(keeper), select: { personId: true } });
    let personId = kept?.personId ?? null;
    if (!personId) {
      // The keeping account never filed anything yet: it becomes a person now.
      personId = randomUUID();
      await tx.person.create({ data: { id: personId, createdAt: now } });
      await tx.identity.upsert({
        where: identityKey(keeper),
        create: { channel: keeper.channel, botAccount: keeper.botAccount, platformId: keeper.platformId, personId, createdAt: now },
        update: { personId },
      });
    }
    const joined = await tx.identity.findUnique({ where: identityKey(joining), select: { personId: true } });
    const former = joined?.personId;
    if (former === personId) return 0;
    let moved = 0;
    if (former) {
      moved = (await tx.petition.updateMany({ where: { personId: former }, data: { personId } })).count;
      await tx.outbox.updateMany({ where: { recipientPersonId: former, status: "pending" }, data: { recipientPersonId: personId } });
      await tx.identity.updateMany({ where: { personId: former }, data: { personId, preferred: false } });
    } else {
      await tx.identity.upsert({
        where: identityKey(joining),
        create: { channel: joining.channel, botAccount: joining.botAccount, platformId: joining.platformId, language: joining.language, personId, createdAt: now },
        update: { personId },
      });
    }
    return moved;
  });
}

/** The official bound to this chat account (with /bind), if any. */
export async function officialIdOf(db: Db, user: ChannelUser): Promise<string | undefined> {
  const identity = await db.identity.findUnique({ where: identityKey(user), select: { officialId: true } });
  return identity?.officialId ?? undefined;
}

/** Who this account is in the case store: the person and the official behind it, when it has them. */
export async function ownersOf(db: Db, user: ChannelUser): Promise<{ personId: string | null; officialId: string | null }> {
  const identity = await db.identity.findUnique({ where: identityKey(user), select: { personId: true, officialId: true } });
  return { personId: identity?.personId ?? null, officialId: identity?.officialId ?? null };
}
