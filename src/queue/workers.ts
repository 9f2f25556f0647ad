/**
 * One BullMQ Worker per queue, serving the job types registered for that queue (./jobs): the job's
 * name picks its type, its data is parsed before the handler sees it, and after the last attempt
 * (or at once, when the failure is unrecoverable) the type's onFinalFailure runs. A job of a name
 * nobody registered, or with data that does not parse, fails at once: retrying will not help.
 */
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { JobContext } from "./jobs/context";
import { jobTypesOn, jobRegistry, type Registration } from "./jobs";
import type { QueueName } from "./queues";

export interface JobWorkerOptions {
  connection: Redis;
  prefix: string;
  /** Jobs run at once in this process; 1 keeps a queue's order (WeChat's). */
  concurrency: number;
  /** @defaultValue jobRegistry (tests may serve a registry of their own) */
  registry?: readonly Registration[];
}

/** The function a Worker calls per job: dispatch by name, parse, handle. */
export function jobProcessor(queue: QueueName, ctx: JobContext, registry: readonly Registration[] = jobRegistry) {
  const types = jobTypesOn(queue, registry);
  return async (job: Job, token?: string): Promise<unknown> => {
    const type = types.get(job.name);
    if (!type) throw new UnrecoverableError(`no job type "${job.name}" runs on queue ${queue}`);
    return type.handle(type.parse(job.data), ctx, { job, token });
  };
}

export function startJobWorker(queue: QueueName, ctx: JobContext, options: JobWorkerOptions): Worker {
  const registry = options.registry ?? jobRegistry;
  const types = jobTypesOn(queue, registry);
  const worker = new Worker(queue, jobProcessor(queue, ctx, registry), { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency });
  worker.on("failed", (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    // The error message may quote the database or the platform; it never contains what people wrote.
    ctx.log[final ? "error" : "warn"]({ queue, job: job.name, jobId: job.id, attempts: job.attemptsMade, errorType: error.name, error: error.message }, "job failed");
    const onFinalFailure = types.get(job.name)?.onFinalFailure;
    if (!final || !onFinalFailure) return;
    const jobId = job.id ?? "unknown";
    void onFinalFailure(ctx, { jobId, data: job.data, error, attemptsMade: job.attemptsMade }).catch((finalError: unknown) =>
      ctx.log.error({ queue, job: job.name, jobId, error: String(finalError) }, "after the last attempt: could not report the failed job"),
    );
  });
  return worker;
}
