/**
 * Runs a command on an existing case: read it, decide, add the notices the policy owes, commit —
 * and when the case moved on meanwhile (another official acted first), read it again and decide
 * again on what it is now. A command that is no longer allowed then is refused with the reason,
 * which is how the loser of a race learns what happened.
 */
import type { Actor } from "../cases/case";
import { decide, type CaseCommand, type DecisionContext } from "../cases/commands";
import type { Refusal } from "../cases/outcome";
import type { Clock } from "../kernel/clock";
import { commitOutcome, loadCase, StaleCaseError } from "../store/case-store";
import { recordAudit } from "../store/audit-log";
import type { Db } from "../store/client";
import { oweNotices } from "./owe-notices";

export interface RunDeps extends DecisionContext {
  db: Db;
  clock: Clock;
}

/** `wakeAt`: when the case next needs waking (its timer is set from it after the commit); null: nothing pending. */
export type CommandResult = { ok: true; seq: number; outboxIds: string[]; wakeAt: Date | null } | { ok: false; refusal: Refusal | { code: "no_such_case"; detail: string } };

/** How often a decision is made again after losing a race before the conflict is reported. */
const attempts = 3;

export async function runCaseCommand(deps: RunDeps, caseId: string, command: CaseCommand, actor: Actor): Promise<CommandResult> {
  const result = await decideAndCommit(deps, caseId, command, actor);
  // Someone tried what they may not: on record, though nothing else changed.
  if (!result.ok && result.refusal.code === "not_allowed") {
    await recordAudit(deps.db, { actor, outcome: "refused", action: command.kind, petitionId: caseId, detail: result.refusal.detail }, deps.clock.now());
  }
  return result;
}

async function decideAndCommit(deps: RunDeps, caseId: string, command: CaseCommand, actor: Actor): Promise<CommandResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.$transaction(async (tx) => {
        const current = await loadCase(tx, caseId);
        if (!current) return { ok: false, refusal: { code: "no_such_case", detail: `no case ${caseId}` } } as const;
        const now = deps.clock.now();
        const decision = decide(current, command, actor, now, deps);
        if (!decision.ok) return decision;
        const outcome = await oweNotices(tx, decision.outcome, { org: deps.org, timeZone: deps.timeZone, now, before: current });
        const { outboxIds } = await commitOutcome(tx, outcome, now);
        return { ok: true, seq: outcome.next.seq, outboxIds, wakeAt: outcome.next.nextWakeAt } as const;
      });
    } catch (error) {
      if (!(error instanceof StaleCaseError) || attempt >= attempts) throw error;
    }
  }
}
