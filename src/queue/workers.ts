/**
 * One BullMQ Worker per queue, serving the job types registered for that queue (./jobs): the job's
 * name picks its type, its data is parsed before the handler sees it, and after the last attempt
 * (or at once, when the failure is unrecoverable) the type's onFinalFailure runs. A job of a name
 * nobody registered, or with data that does not parse, fails at once: retrying will not help.
 */
import { UnrecoverableError, WaitingError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { outageLog, type Log } from "../log";
import type { JobContext } from "./jobs/context";
import { jobTypesOn, jobRegistry, type Registration } from "./jobs";
import { cappedRetryWait } from "./jobs/define-job";
import type { QueueName } from "./queues";

/**
 * How long a worker's hold on a job lasts unrenewed, and how often workers look for jobs whose
 * holder is gone: a job held by a worker that crashed is taken again within lockDuration +
 * stalledInterval, 8 s (a job is moved back by the first stall check after its lock ran out, and
 * checks come every stalledInterval). The cost of shorter: a worker renews its locks every 2 s and
 * checks for stalled jobs every 4 s (one small Redis script each), and a worker whose event loop is
 * blocked for over 4 s loses its jobs to another — harmless here, every job is idempotent and a
 * message already accepted is not sent again (./send-message.ts), only wasted work. A job whose
 * worker died three times (a job that kills its process) is failed and reported, not retried.
 */
export const jobLocks = { lockDuration: 4_000, stalledInterval: 4_000, maxStalledCount: 3 } as const;

/** On SIGTERM, running jobs get this long to finish; the rest go back to the queue at once. */
export const handBackAfterMs = 2_000;

/**
 * After that, handing the rest back gets this long. A worker still not closed then is waiting for
 * a Redis that has stopped answering (BullMQ's close waits for it forever): it is left, and its
 * jobs are taken again once their locks run out (jobLocks), as after a crash.
 */
export const letGoWithinMs = 1_500;

export interface JobWorkerOptions {
  connection: Redis;
  prefix: string;
  /** Jobs run at once in this process; 1 keeps a queue's order (WeChat's). */
  concurrency: number;
  /** @defaultValue jobRegistry (tests may serve a registry of their own) */
  registry?: readonly Registration[];
}

class HandedBack extends Error {
  override name = "HandedBack";
}

/**
 * The function a Worker calls per job: dispatch by name, parse, handle. When the worker is told to
 * let go (stopping), a job still running is put back in the queue for another worker at once,
 * instead of waiting for its lock to run out.
 */
export function jobProcessor(queue: QueueName, ctx: JobContext, registry: readonly Registration[] = jobRegistry) {
  const types = jobTypesOn(queue, registry);
  return async (job: Job, token?: string, signal?: AbortSignal): Promise<unknown> => {
    const type = types.get(job.name);
    if (!type) throw new UnrecoverableError(`no job type "${job.name}" runs on queue ${queue}`);
    const handled = type.handle(type.parse(job.data), ctx, { job, token });
    if (!signal) return handled;
    try {
      return await Promise.race([handled, letGo(signal)]);
    } catch (error) {
      if (!(error instanceof HandedBack)) throw error;
      // The handler may still finish in the background; whoever takes the job next finds its
      // work done (recording and delivery are idempotent).
      handled.catch(() => {});
      await job.moveToWait(token);
      throw new WaitingError();
    }
  };
}

function letGo(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new HandedBack());
    signal.addEventListener("abort", () => reject(new HandedBack()), { once: true });
  });
}

export function startJobWorker(queue: QueueName, ctx: JobContext, options: JobWorkerOptions): Worker {
  const registry = options.registry ?? jobRegistry;
  const types = jobTypesOn(queue, registry);
  const worker = new Worker(queue, jobProcessor(queue, ctx, registry), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    ...jobLocks,
    settings: { backoffStrategy: cappedRetryWait },
  });
  // Without a listener BullMQ prints every Redis error of the worker raw on the console.
  const logError = outageLog(ctx.log, "bullmq");
  worker.on("error", (error) => logError(error, { queue }));
  worker.on("failed", (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    // The error message may quote the database or the platform; it never contains what people wrote.
    ctx.log[final ? "error" : "warn"]({ component: "bullmq", queue, job: job.name, jobId: job.id, attempts: job.attemptsMade, errorType: error.name, error: error.message }, "job failed");
    const onFinalFailure = types.get(job.name)?.onFinalFailure;
    if (!final || !onFinalFailure) return;
    const jobId = job.id ?? "unknown";
    void onFinalFailure(ctx, { jobId, data: job.data, error, attemptsMade: job.attemptsMade }).catch((finalError: unknown) =>
      ctx.log.error({ component: "bullmq", queue, job: job.name, jobId, error: String(finalError) }, "after the last attempt: could not report the failed job"),
    );
  });
  return worker;
}

/**
 * Stops a worker without leaving its jobs held: it takes no new job, running ones get
 * `graceMs` to finish, and those still running then are handed back to the queue. Bounded: with
 * Redis away nothing can be handed back, and the worker is closed without waiting for it.
 */
export async function stopJobWorker(worker: Worker, graceMs = handBackAfterMs, log?: Log): Promise<void> {
  const connection = worker.opts.connection as Partial<Redis>;
  if (connection.status !== undefined && connection.status !== "ready") {
    await worker.close(true);
    log?.warn({ component: "bullmq", queue: worker.name }, "stopped while Redis was away: running jobs return to the queue once their locks run out");
    return;
  }
  const closing = worker.close().then(() => true);
  let handBack: NodeJS.Timeout | undefined;
  let giveUp: NodeJS.Timeout | undefined;
  try {
    handBack = setTimeout(() => worker.cancelAllJobs("stopping"), graceMs);
    const closed = await Promise.race([closing, new Promise<false>((resolve) => (giveUp = setTimeout(() => resolve(false), graceMs + letGoWithinMs)))]);
    if (!closed) log?.warn({ component: "bullmq", queue: worker.name }, "Redis stopped answering while the worker stopped: left without handing its jobs back (they return once their locks run out)");
  } finally {
    clearTimeout(handBack);
    clearTimeout(giveUp);
  }
}
