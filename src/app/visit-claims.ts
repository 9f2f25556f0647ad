/**
 * Claiming a visit-recorded case (item 10 of case handling): a citizen whose petition a cadre
 * recorded sends the tracking code and the last four digits of the phone recorded, from their own
 * chat account. The phone is sealed; the core cannot open it, so the digits are compared here,
 * with the reveal capability, in constant time. A wrong code and wrong digits read alike (neither
 * can be probed), and each wrong try counts towards a lock (src/redis/claim-attempts.ts). The right
 * ones run the claim command, which moves the case to the citizen and releases the notices held for
 * them since the visit; those are queued at once. Every attempt is in the audit log.
 */
import { timingSafeEqual } from "node:crypto";
import type { Actor } from "../cases/case";
import { runCaseCommand } from "../casework/run-command";
import type { ClaimOutcome } from "../conversation/ports";
import { userKey, type ChannelUser, type Language } from "../kernel/channel";
import { normaliseCode } from "../kernel/codes";
import { enqueueNotices } from "../queue/jobs/send-notice";
import type { CaseworkDeps } from "./casework-port";
import type { ClaimAttempts } from "../redis/claim-attempts";
import { recordAudit } from "../store/audit-log";
import { loadCase } from "../store/case-store";
import { petitionerIdentity } from "../store/intake-store";
import { caseIdByCode } from "../store/official-cases";

/** What casework needs, and the claim attempts kept in Redis (for the lock after wrong tries). */
export type ClaimDeps = Omit<CaseworkDeps, "maxTransfers"> & { attempts: ClaimAttempts };

/** Whether the phone's last four digits are `digits` (4 digits), compared in constant time. */
export function phoneEndsWith(phone: string, digits: string): boolean {
  const tail = phone.replace(/\D/g, "").slice(-4);
  if (!/^\d{4}$/.test(digits) || tail.length !== 4) return false;
  return timingSafeEqual(Buffer.from(tail), Buffer.from(digits));
}

export async function claimVisitCase(deps: ClaimDeps, user: ChannelUser, language: Language, rawCode: string, rawDigits: string): Promise<ClaimOutcome> {
  const code = normaliseCode(rawCode);
  const digits = rawDigits.normalize("NFKC").replace(/\s/g, "");
  // Until the digits are right, the account is nobody in particular: the audit names the account.
  const account: Actor = { kind: "person", id: `account:${userKey(user)}`, channel: user.channel };
  const audit = (actor: Actor, outcome: "refused" | "granted", petitionId: string | null, detail: string) =>
    recordAudit(deps.db, { actor, outcome, action: "claim", petitionId, detail }, deps.clock.now());

  const wait = await deps.attempts.lockedFor(user, code);
  if (wait > 0) {
    await audit(account, "refused", null, `claim locked (${wait} s left)`);
    return { ok: false, reason: "locked", minutes: Math.ceil(wait / 60) };
  }
  const caseId = /^MQ[0-9A-Z]{8}$/.test(code) ? await caseIdByCode(deps.db, code) : null;
  const current = caseId ? await loadCase(deps.db, caseId) : undefined;
  const right = current?.handling.visit !== undefined && current.contactPhone !== null && phoneEndsWith(deps.reveal(current.contactPhone), digits);
  if (!current || !right) {
    const left = await deps.attempts.fail(user, code);
    await audit(account, "refused", current?.id ?? null, `wrong tracking code or phone digits; ${left} tries left`);
    return left > 0 ? { ok: false, reason: "no_match", triesLeft: left } : { ok: false, reason: "locked", minutes: Math.ceil(deps.attempts.limits.lockSeconds / 60) };
  }

  // The right digits: the claimant becomes a person here if this is their first message.
  const identity = await deps.db.$transaction((tx) => petitionerIdentity(tx, user, language, deps.clock.now()));
  const claimant: Actor = { kind: "person", id: identity.personId, channel: user.channel };
  const result = await runCaseCommand({ db: deps.db, clock: deps.clock, org: await deps.org(), timeZone: deps.timeZone }, current.id, { kind: "claim", input: { personId: identity.personId, identityId: identity.id } }, claimant);
  if (!result.ok) {
    await audit(claimant, "refused", current.id, result.refusal.detail);
    return { ok: false, reason: result.refusal.code === "already_done" ? "already_yours" : "taken", code };
  }
  await deps.attempts.clear(user);
  await audit(claimant, "granted", current.id, "claimed with tracking code and phone digits");
  // Queued after the commit; a crash in between is repaired by the relay (the rows are pending now).
  await enqueueNotices(deps.queues.outbound, result.outboxIds.map((id) => ({ id })));
  return { ok: true, code };
}
