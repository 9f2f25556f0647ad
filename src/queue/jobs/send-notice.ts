/**
 * Delivering one outbox row. The row holds everything; the job only points at it, with an id
 * derived from the row (`outbox-<id>`), so a row is never queued twice. Runs on the outbound queue
 * and on the own queues of channels that send only from one process (WeChat's, each terminal
 * process's); how a notice is delivered is ../delivery.ts.
 */
import type { Queue } from "bullmq";
import { z } from "zod";
import { markFailed } from "../../store/outbox-repository";
import { deliver, type DeliveryResult } from "../delivery";
import { cappedBackoff, defineJob, waitingOutRetryAfter } from "./define-job";

const schema = z.object({ outboxId: z.uuid() });

export const sendNoticeJob = defineJob({
  name: "send-notice",
  schema,
  options: {
    // About twenty minutes of retrying (waits from 5 s doubling to 30 s) before the row is failed.
    attempts: 40,
    backoff: cappedBackoff(5_000),
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  handle: ({ outboxId }, ctx, taken) =>
    waitingOutRetryAfter(taken, async (): Promise<DeliveryResult> => {
      const result = await deliver(ctx.delivery, outboxId, taken.job.attemptsMade + 1);
      ctx.log.debug({ jobId: taken.job.id, outboxId, result }, "notice delivery");
      return result;
    }),
  async onFinalFailure(ctx, { data, error, attemptsMade }) {
    const parsed = schema.safeParse(data);
    // Out of attempts: the row is failed (visible to operators), and the relay leaves it alone.
    if (parsed.success) await markFailed(ctx.db, parsed.data.outboxId, `gave up after ${attemptsMade} attempts: ${error.message}`);
  },
});

export const sendNoticeJobId = (outboxId: string) => `outbox-${outboxId}`;

/** Queues outbox rows for sending; the job id comes from the row, so a row is never queued twice. */
export async function enqueueNotices(queue: Queue, rows: { id: string; notBefore?: Date }[], now = Date.now()): Promise<void> {
  if (rows.length === 0) return;
  await queue.addBulk(
    rows.map((row) => ({
      name: sendNoticeJob.name,
      data: sendNoticeJob.parse({ outboxId: row.id }),
      opts: { ...sendNoticeJob.options, jobId: sendNoticeJobId(row.id), delay: Math.max(0, (row.notBefore?.getTime() ?? now) - now) },
    })),
  );
}
