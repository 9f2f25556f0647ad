/**
 * Takes confirmed petitions off the intake queue and records each as a case (one transaction,
 * idempotent), then queues the notices the transaction wrote. If the process dies between the
 * commit and the queueing, the outbox relay queues them later. A petition that cannot be recorded
 * after every attempt is not dropped in silence: the petitioner hears that it is delayed, the
 * petition office is alerted, and the failed job (kept a month) can be retried from the queue.
 */
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Clock } from "../kernel/clock";
import type { Log } from "../log";
import type { OrgSnapshot } from "../org/types";
import type { Db } from "../store/client";
import { alertPetitionOffice } from "../store/office-alerts";
import { notifyPetitionNotRecorded, recordPetition } from "../casework/record-petition";
import { recordPetitionJob } from "./jobs/record-petition";
import { enqueueNotices, queueNames, type Queues } from "./queues";

export interface IntakeWorkerDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  org: () => Promise<OrgSnapshot>;
  queues: Queues;
  log: Log;
}

export function intakeProcessor(deps: IntakeWorkerDeps) {
  return async (job: Job): Promise<{ trackingCode: string; created: boolean }> => {
    const parsed = recordPetitionJob.schema.safeParse(job.data);
    // Malformed data will not improve with retries.
    if (!parsed.success) throw new UnrecoverableError(`malformed petition job: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const submission = parsed.data;
    const recorded = await recordPetition({ db: deps.db, clock: deps.clock, timeZone: deps.timeZone, org: await deps.org() }, submission);
    await enqueueNotices(
      deps.queues.outbound,
      recorded.pendingOutboxIds.map((id) => ({ id })),
    );
    deps.log.info({ jobId: job.id, petitionId: recorded.petitionId, trackingCode: recorded.trackingCode, created: recorded.created }, "petition recorded");
    return { trackingCode: recorded.trackingCode, created: recorded.created };
  };
}

export function startIntakeWorker(deps: IntakeWorkerDeps, connection: Redis, prefix: string, concurrency: number): Worker {
  const worker = new Worker(queueNames.intake, intakeProcessor(deps), { connection, prefix, concurrency });
  worker.on("failed", (job, error) => {
    // The error message may quote the database; it never contains the petition's text.
    deps.log.error({ jobId: job?.id, attempts: job?.attemptsMade, errorType: error.name, error: error.message }, "recording a petition failed");
    const final = job && (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1));
    if (final) void reportNotRecorded(deps, job).catch((reportError: unknown) => deps.log.error({ jobId: job.id, error: String(reportError) }, "could not report an unrecorded petition"));
  });
  return worker;
}

async function reportNotRecorded(deps: IntakeWorkerDeps, job: Job): Promise<void> {
  const jobId = job.id ?? "unknown";
  const rows = await alertPetitionOffice(deps.db, deps.clock, { messageKey: "notice_not_recorded_office", params: { job: jobId }, dedupKey: `not-recorded-office:${jobId}` });
  const parsed = recordPetitionJob.schema.safeParse(job.data);
  if (parsed.success) rows.push(...(await notifyPetitionNotRecorded(deps.db, deps.clock, parsed.data, jobId)));
  await enqueueNotices(deps.queues.outbound, rows, deps.clock.now().getTime());
}
