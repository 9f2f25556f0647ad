/**
 * A job type as one unit: its name, the zod schema of its data, its BullMQ options, the handler,
 * and what happens after its last attempt. Data is parsed when a job is added and again when it
 * is taken, and a job whose data does not parse fails at once (UnrecoverableError) instead of
 * being retried forever.
 *
 * ```ts
 * export const sendNoticeJob = defineJob({
 *   name: "send-notice",
 *   schema: z.object({ outboxId: z.uuid() }),
 *   options: { attempts: 40, backoff: cappedBackoff(5_000) },
 *   handle: ({ outboxId }, ctx) => deliver(ctx.delivery, outboxId),
 * });
 * ```
 * A new job type is one such file plus one line in ./index.ts.
 */
import { DelayedError, UnrecoverableError, type Job, type JobsOptions, type MinimalJob } from "bullmq";
import { RetryAfterError } from "../../channels/sender";
import type { z } from "zod";
import type { JobContext } from "./context";

/** The job as its handler sees it: BullMQ's, for ids and for delaying itself (a platform's "retry after"). */
export interface TakenJob {
  job: Job;
  /** The worker's lock token, needed to move the job (moveToDelayed). */
  token?: string;
}

/** What a final failure handler learns; the data may be malformed (that may be why it failed). */
export interface FinalFailure {
  jobId: string;
  data: unknown;
  error: Error;
  attemptsMade: number;
}

export interface JobSpec<Schema extends z.ZodType, Result> {
  name: string;
  schema: Schema;
  /** Attempts, backoff and retention; every add of this type uses them. */
  options: JobsOptions;
  handle(data: z.infer<Schema>, ctx: JobContext, taken: TakenJob): Promise<Result>;
  /**
   * After the last attempt, or at once when the failure is unrecoverable: nothing is dropped in
   * silence. Errors here are logged by the worker, never rethrown.
   */
  onFinalFailure?(ctx: JobContext, failure: FinalFailure): Promise<void>;
}

export interface JobType<Schema extends z.ZodType = z.ZodType, Result = unknown> extends JobSpec<Schema, Result> {
  /** The data checked against the schema; a failure is an UnrecoverableError. */
  parse(data: unknown): z.infer<Schema>;
}

export function defineJob<Schema extends z.ZodType, Result>(spec: JobSpec<Schema, Result>): JobType<Schema, Result> {
  return {
    ...spec,
    parse(data) {
      const result = spec.schema.safeParse(data);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new UnrecoverableError(`job ${spec.name} has invalid data: ${issue?.path.join(".")}: ${issue?.message}`);
      }
      return result.data;
    },
  };
}

/**
 * Runs `send`; when the platform says "retry after", the job waits that long without spending an
 * attempt: waiting is not failing. Queue time (BullMQ's own clock), not the domain clock.
 */
export async function waitingOutRetryAfter<Result>({ job, token }: TakenJob, send: () => Promise<Result>): Promise<Result> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof RetryAfterError)) throw error;
    await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
    throw new DelayedError();
  }
}

/** The longest wait between two attempts: once a store is back, every job is retried within this. */
export const longestRetryWaitMs = 30_000;

/**
 * Retry waits that double from `firstMs` up to longestRetryWaitMs, each ±20 % so that the jobs an
 * outage held back do not all return in the same instant. Plain exponential backoff would, after a
 * ten-second database outage, leave jobs waiting a minute or two more for nothing.
 */
export const cappedBackoff = (firstMs: number) => ({ type: "capped", delay: firstMs }) as const;

/** BullMQ's custom backoff strategy, for the workers: the wait before attempt `attemptsMade + 1`. */
export function cappedRetryWait(attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob): number {
  const firstMs = type === "capped" && typeof job?.opts.backoff === "object" ? (job.opts.backoff.delay ?? 1_000) : 1_000;
  const wait = Math.min(longestRetryWaitMs, firstMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(wait * (0.8 + Math.random() * 0.4));
}
