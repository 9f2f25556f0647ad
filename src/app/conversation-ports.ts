/** The conversation's ports, backed by the intake queue and the case store. */
import type { Clock } from "../kernel/clock";
import type { LinkCodes } from "../redis/link-codes";
import type { ConversationPorts } from "../conversation/ports";
import { userKey } from "../kernel/channel";
import { linkAccounts, officialIdOf, preferAccount } from "../store/accounts";
import type { OrgSnapshot } from "../org/types";
import type { Log } from "../log";
import { acceptPetition } from "../queue/intake";
import type { PersonalDataCipher } from "../privacy/cipher";
import { sealPetition } from "../privacy/seal-petition";
import type { Queues } from "../queue/queues";
import { redeemBindCode } from "../store/bind-codes";
import { caseOf, casesAwaitingRating, casesOf } from "../store/case-views";
import type { Db } from "../store/client";
import { caseworkPort } from "./casework-port";
import type { ClaimAttempts } from "../redis/claim-attempts";
import { claimVisitCase } from "./visit-claims";

// transfers (转办)
import { defaultMaxTransfers } from "../cases/commands/transfer";

/** `maxTransfers`: MAX_TRANSFERS, the transfers after which a case is flagged to the petition office. */
export function conversationPorts(deps: {
  db: Db;
  queues: Queues;
  clock: Clock;
  timeZone: string;
  org: () => Promise<OrgSnapshot>;
  linkCodes: LinkCodes;
  /** visits: wrong tries at claiming a visit-recorded case, counted towards a lock. */
  claimAttempts: ClaimAttempts;
  log: Log;
  privacy: PersonalDataCipher;
  maxTransfers?: number;
}): ConversationPorts {
  return {
    casework: caseworkPort({ db: deps.db, queues: deps.queues, clock: deps.clock, timeZone: deps.timeZone, org: deps.org, reveal: deps.privacy.reveal, maxTransfers: deps.maxTransfers ?? defaultMaxTransfers }),
    // Sealed here, where the petition leaves the conversation: the queue and the kept copy never hold them clear.
    submitPetition: (petition) => acceptPetition({ intake: deps.queues.intake, db: deps.db, clock: deps.clock, log: deps.log }, sealPetition(deps.privacy, petition)),
    casesOf: (user) => casesOf(deps.db, user),
    awaitingRating: (user) => casesAwaitingRating(deps.db, user),
    caseOf: (user, code) => caseOf(deps.db, user, code),
    bindOfficial: async (user, language, code) => {
      const result = await redeemBindCode(deps.db, code, { ...user, language }, deps.clock);
      return result.ok ? { ok: true, officialName: result.officialName } : result;
    },
    preferAccount: (user) => preferAccount(deps.db, user),
    issueLinkCode: async (user) => ({ code: await deps.linkCodes.issue(user), minutes: Math.round(deps.linkCodes.ttlSeconds / 60) }),
    linkAccount: async (user, language, code) => {
      const keeper = await deps.linkCodes.redeem(code);
      if (!keeper) return { ok: false, reason: "invalid" };
      if (userKey(keeper) === userKey(user)) return { ok: false, reason: "same_account" };
      return { ok: true, movedCases: await linkAccounts(deps.db, keeper, { ...user, language }, deps.clock) };
    },
    speaker: async (user) => {
      const officialId = await officialIdOf(deps.db, user);
      // Roles come from the organisation data, so a change in the org file applies at once.
      const official = officialId ? (await deps.org()).officials.find((o) => o.id === officialId && o.active) : undefined;
      return official ? { kind: "official", officialId: official.id, roles: official.roles } : { kind: "citizen" };
    },
    org: deps.org,
    // visits: the digits are compared where the sealed phone can be opened (src/app/visit-claims.ts).
    claimVisit: (user, language, code, digits) =>
      claimVisitCase({ db: deps.db, queues: deps.queues, clock: deps.clock, timeZone: deps.timeZone, org: deps.org, reveal: deps.privacy.reveal, attempts: deps.claimAttempts }, user, language, code, digits),
  };
}
