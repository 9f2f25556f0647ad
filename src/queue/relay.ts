/**
 * The relay: queues again what PostgreSQL holds and the queues may have lost (a crash between the
 * commit and the queueing, or Redis losing its last writes) — pending outbox rows, and confirmed
 * petitions not yet recorded. Job ids come from the rows, so a row whose job still exists is not
 * queued twice; a row already sent is skipped by the outbound worker.
 */
import type { Clock } from "../kernel/clock";
import { outageLog, type Log } from "../log";
import type { Db } from "../store/client";
import { pendingOutbox } from "../store/outbox-repository";
import { requeuePendingPetitions } from "./intake";
import { enqueueNotices } from "./jobs/send-notice";
import type { Queues } from "./queues";

export interface RelayDeps {
  db: Db;
  queues: Queues;
  clock: Clock;
  log: Log;
  /** Rows younger than this are left to the worker that wrote them. */
  graceMs?: number;
}

export async function relayOutbox(deps: RelayDeps): Promise<number> {
  const graceMs = deps.graceMs ?? 30_000;
  const petitions = await requeuePendingPetitions({ intake: deps.queues.intake, db: deps.db, clock: deps.clock, log: deps.log }, graceMs);
  if (petitions > 0) deps.log.info({ component: "relay", petitions }, "confirmed petitions still not recorded: queued again where their job was lost");
  const rows = await pendingOutbox(deps.db, deps.clock, graceMs);
  await enqueueNotices(deps.queues.outbound, rows, deps.clock.now().getTime());
  if (rows.length > 0) deps.log.info({ component: "relay", rows: rows.length }, "outbox relay queued pending notices");
  return rows.length;
}

/** Runs the relay now and then every `everyMs`; returns a stop function. */
export function startRelay(deps: RelayDeps, everyMs = 60_000): () => void {
  // While a store is away every run fails the same way: one line per 30 s says so.
  const logError = outageLog(deps.log, "relay");
  const run = () => relayOutbox(deps).catch((error: unknown) => logError(error));
  void run();
  const timer = setInterval(run, everyMs);
  return () => clearInterval(timer);
}
