/** The conversation's ports, backed by the intake queue and the case store. */
import type { Clock } from "../clock";
import type { ConversationPorts } from "../conversation/ports";
import type { OrgSnapshot } from "../org/types";
import { enqueuePetition, type Queues } from "../queue/queues";
import { redeemBindCode } from "../store/bind-codes";
import { caseOf, casesOf } from "../store/case-views";
import type { Db } from "../store/client";

export function conversationPorts(deps: { db: Db; queues: Queues; clock: Clock; org: () => Promise<OrgSnapshot> }): ConversationPorts {
  return {
    submitPetition: (submission) => enqueuePetition(deps.queues.intake, submission),
    casesOf: (user) => casesOf(deps.db, user),
    caseOf: (user, code) => caseOf(deps.db, user, code),
    bindOfficial: async (user, language, code) => {
      const result = await redeemBindCode(deps.db, code, { ...user, language }, deps.clock);
      return result.ok ? { ok: true, officialName: result.officialName } : result;
    },
    org: deps.org,
  };
}
