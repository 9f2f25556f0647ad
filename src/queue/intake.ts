/**
 * Handing confirmed petitions to intake: queued for the record-petition job (./jobs/record-petition.ts)
 * and kept in PostgreSQL until recorded (src/store/pending-petitions.ts), and queued again by the
 * relay when Redis lost the job.
 */
import type { Queue } from "bullmq";
import type { PetitionSubmission } from "../cases/submission";
import type { Clock } from "../kernel/clock";
import type { Log } from "../log";
import type { Db } from "../store/client";
import { keepPendingPetition, pendingPetitionsBefore } from "../store/pending-petitions";
import { enqueuePetition, recordPetitionJob } from "./jobs/record-petition";

export interface AcceptDeps {
  intake: Queue;
  db: Db;
  clock: Clock;
  log: Log;
}

/** The citizen's reply waits no longer than this for PostgreSQL to keep the confirmation. */
const keepWaitMs = 1_500;

/**
 * A confirmed petition handed to intake, before the citizen hears it was received: queued for a
 * worker, and kept in PostgreSQL until it is recorded, so a Redis that loses its last writes in a
 * crash loses no petition (the relay queues it again). With PostgreSQL away the queue alone carries
 * it — the worker waits for the database anyway — and the reply is not held up for long.
 */
export async function acceptPetition(deps: AcceptDeps, submission: PetitionSubmission): Promise<void> {
  const data = recordPetitionJob.parse(submission);
  const kept = keepPendingPetition(deps.db, data.idempotencyKey, data, deps.clock.now()).catch((error: unknown) =>
    deps.log.warn({ component: "postgres", errorType: error instanceof Error ? error.name : "Error", error: error instanceof Error ? error.message.split("\n")[0] : String(error) }, "a confirmed petition is carried by the queue alone: PostgreSQL did not keep it"),
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, keepWaitMs)));
  try {
    await Promise.all([enqueuePetition(deps.intake, data), Promise.race([kept, waited])]);
  } finally {
    clearTimeout(timer);
  }
}

/** Queues again the confirmations PostgreSQL still keeps after `graceMs` (their job may be lost); returns how many. */
export async function requeuePendingPetitions(deps: AcceptDeps, graceMs: number): Promise<number> {
  const rows = await pendingPetitionsBefore(deps.db, new Date(deps.clock.now().getTime() - graceMs));
  for (const row of rows) {
    const parsed = recordPetitionJob.schema.safeParse(row.submission);
    if (!parsed.success) {
      deps.log.error({ component: "relay", idempotencyKey: row.idempotencyKey }, "a kept confirmation does not parse; left for an operator");
      continue;
    }
    await enqueuePetition(deps.intake, parsed.data);
  }
  return rows.length;
}
