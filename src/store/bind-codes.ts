/**
 * One-time bind codes: an admin makes one for an official (`npm run admin -- bind-code <id>`), the
 * official sends `/bind CODE` to the bot, and that chat account becomes the official's.
 * Only the code's sha256 is stored, so a copy of the database cannot be used to bind.
 */
import { createHash } from "node:crypto";
import { codeAlphabet, normaliseCode, randomCode } from "../kernel/codes";
import type { Clock } from "../kernel/clock";
import type { Db } from "./client";
import { Prisma } from "./generated/client";

const codeLength = 8;

export interface ChatIdentity {
  channel: "telegram" | "wechat" | "terminal";
  botAccount: string;
  platformId: string;
  language: string;
}

export type RedeemResult = { ok: true; officialId: string; officialName: string } | { ok: false; reason: "invalid" | "expired" | "used" };

function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/** Makes a code valid for `ttlHours` and returns it; the code itself is never stored. */
export async function createBindCode(db: Db, officialId: string, clock: Clock, ttlHours: number): Promise<string> {
  if (!Number.isFinite(ttlHours) || ttlHours <= 0) throw new Error(`bind code lifetime must be a positive number of hours, got ${ttlHours}`);
  const official = await db.official.findUnique({ where: { id: officialId } });
  if (!official) throw new Error(`no official with id "${officialId}"`);
  if (!official.active) throw new Error(`official "${officialId}" (${official.name}) is inactive: no longer in the organisation file`);
  const createdAt = clock.now();
  const expiresAt = new Date(createdAt.getTime() + ttlHours * 3_600_000);
  // 31^8 codes make a clash very unlikely; the primary key catches one, and we draw again.
  for (let attempt = 1; ; attempt++) {
    const code = randomCode(codeLength);
    try {
      await db.bindCode.create({ data: { codeHash: hashCode(code), officialId, createdAt, expiresAt } });
      return code;
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
}

const codeShape = new RegExp(`^[${codeAlphabet}]{${codeLength}}$`);

/**
 * Binds the chat account to the code's official, once. Tolerates how people type codes (lower
 * case, spaces, dashes, full-width). An existing identity keeps its person: the same account may
 * also be a citizen's.
 */
export async function redeemBindCode(db: Db, rawCode: string, identity: ChatIdentity, clock: Clock): Promise<RedeemResult> {
  const code = normaliseCode(rawCode);
  if (!codeShape.test(code)) return { ok: false, reason: "invalid" };
  const codeHash = hashCode(code);
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const bindCode = await tx.bindCode.findUnique({ where: { codeHash }, include: { official: true } });
    if (!bindCode || !bindCode.official.active) return { ok: false, reason: "invalid" } as const;
    if (bindCode.usedAt) return { ok: false, reason: "used" } as const;
    if (bindCode.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" } as const;
    // The `usedAt: null` guard makes the row lock decide between two redemptions racing each other.
    const marked = await tx.bindCode.updateMany({ where: { codeHash, usedAt: null }, data: { usedAt: now } });
    if (marked.count === 0) return { ok: false, reason: "used" } as const;
    const { channel, botAccount, platformId, language } = identity;
    await tx.identity.upsert({
      where: { channel_botAccount_platformId: { channel, botAccount, platformId } },
      create: { channel, botAccount, platformId, language, officialId: bindCode.officialId, createdAt: now },
      update: { officialId: bindCode.officialId },
    });
    return { ok: true, officialId: bindCode.officialId, officialName: bindCode.official.name } as const;
  });
}
