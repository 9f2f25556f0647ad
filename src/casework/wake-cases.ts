/**
 * Waking cases: one case when its timer fires, or every case the sweep finds due. Either way the
 * case is read again and the `wake` command decides against the clock what is due (a timer is a
 * wake-up, not the truth), so a timer firing late, twice, or together with the sweep takes each
 * step once: the commit is guarded by the case's seq and each step's row is unique.
 */
import { dueCaseIds } from "../store/due-cases";
import { runCaseCommand, type CommandResult, type RunDeps } from "./run-command";

export function wakeCase(deps: RunDeps, caseId: string): Promise<CommandResult> {
  return runCaseCommand(deps, caseId, { kind: "wake" }, { kind: "system" });
}

export interface SweepResult {
  /** Cases the index showed due. */
  found: number;
  /** Cases that took a step (the others were taken by a timer meanwhile, or had nothing left). */
  woken: number;
  /** What the wakes committed, to queue: their notices and each case's next wake-up. */
  committed: { caseId: string; outboxIds: string[]; wakeAt: Date | null }[];
}

/** How many due cases one sweep reads at most; the next sweep takes the rest. */
export const sweepBatch = 500;

/** Wakes every case due now, in batches, oldest due first; bounded by `maxCases` per run. */
export async function sweepDueCases(deps: RunDeps, maxCases = 10 * sweepBatch): Promise<SweepResult> {
  const result: SweepResult = { found: 0, woken: 0, committed: [] };
  const seen = new Set<string>();
  while (result.found < maxCases) {
    const ids = (await dueCaseIds(deps.db, deps.clock.now(), sweepBatch)).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    for (const caseId of ids) {
      seen.add(caseId);
      result.found++;
      const woken = await wakeCase(deps, caseId);
      if (woken.ok) {
        result.woken++;
        result.committed.push({ caseId, outboxIds: woken.outboxIds, wakeAt: woken.wakeAt });
      }
    }
  }
  return result;
}
