/**
 * Delivers outbox rows. The channel is chosen now (the recipient's preferred identity whose channel
 * is running), the text rendered now in that identity's language, then any files the notice carries. A row marked sent is never sent
 * again; a platform's "retry after" delays the job without spending an attempt; a message that can
 * never be delivered is marked failed instead of retried.
 */
import { DelayedError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Clock } from "../clock";
import type { ChannelName } from "../conversation/types";
import type { Log } from "../log";
import type { FileStore } from "../files/file-store";
import type { Db } from "../store/client";
import { loadDelivery, markFailed, markSent, recordAttemptError } from "../store/outbox-repository";
import { RecipientAwayError, RetryAfterError, UndeliverableError, type ChannelSender } from "./channel-sender";
import { sendNoticeJob } from "./jobs/send-notice";
import { renderNotice, UnknownNoticeError } from "./notice";
import { queueNames } from "./queues";

export interface OutboundDeps {
  db: Db;
  /** Where attachments are read from when a notice carries them. */
  files: Pick<FileStore, "read">;
  clock: Clock;
  senders: ReadonlyMap<ChannelName, ChannelSender>;
  log: Log;
}

export type DeliveryResult = "sent" | "already_done" | "missing" | "undeliverable" | "parked";

export class NoLiveChannelError extends Error {
  override name = "NoLiveChannelError";
}

export async function deliver(deps: OutboundDeps, outboxId: string): Promise<DeliveryResult> {
  const delivery = await loadDelivery(deps.db, outboxId);
  if (!delivery) return "missing";
  if (delivery.status !== "pending") return "already_done";
  if (delivery.identities.length === 0) {
    await markFailed(deps.db, outboxId, "recipient has no chat account");
    return "undeliverable";
  }
  const target = delivery.identities.find((identity) => deps.senders.has(identity.channel));
  // The recipient's channels are not running in this process now; try again later.
  if (!target) throw new NoLiveChannelError(`no running channel among ${delivery.identities.map((i) => i.channel).join(", ")}`);
  let text: string;
  try {
    text = renderNotice(target.language, delivery.messageKey, delivery.params);
  } catch (error) {
    if (!(error instanceof UnknownNoticeError)) throw error;
    await markFailed(deps.db, outboxId, error.message);
    return "undeliverable";
  }
  const sender = deps.senders.get(target.channel)!;
  try {
    await sender.send(target, text);
    for (const attachment of delivery.attachments) {
      const bytes = await deps.files.read(attachment.storageKey);
      await sender.sendFile(target, { kind: attachment.kind, bytes, mimeType: attachment.mimeType, fileName: attachment.fileName ?? undefined });
    }
  } catch (error) {
    if (error instanceof UndeliverableError) {
      await markFailed(deps.db, outboxId, error.message);
      return "undeliverable";
    }
    // Left pending for the channel to deliver when the recipient is back.
    if (error instanceof RecipientAwayError) return "parked";
    if (!(error instanceof RetryAfterError)) await recordAttemptError(deps.db, outboxId, error instanceof Error ? error.message : String(error));
    throw error;
  }
  // Marked at once: from here on a retry of this job finds the row sent and sends nothing.
  await markSent(deps.db, outboxId, target.channel, deps.clock);
  return "sent";
}

export function outboundProcessor(deps: OutboundDeps) {
  return async (job: Job, token?: string): Promise<DeliveryResult> => {
    const { outboxId } = sendNoticeJob.parse(job.data);
    try {
      const result = await deliver(deps, outboxId);
      deps.log.debug({ jobId: job.id, outboxId, result }, "notice delivery");
      return result;
    } catch (error) {
      if (error instanceof RetryAfterError) {
        // Queue time (BullMQ's own clock), not the domain clock.
        await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
        throw new DelayedError();
      }
      throw error;
    }
  };
}

export function startOutboundWorker(deps: OutboundDeps, connection: Redis, prefix: string, concurrency: number): Worker {
  const worker = new Worker(queueNames.outbound, outboundProcessor(deps), { connection, prefix, concurrency });
  worker.on("failed", (job, error) => {
    if (!job) return;
    deps.log.warn({ jobId: job.id, attempts: job.attemptsMade, errorType: error.name, error: error.message }, "notice delivery failed");
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
      const { outboxId } = sendNoticeJob.parse(job.data);
      // Out of attempts: the row is failed (visible to operators), and the relay leaves it alone.
      void markFailed(deps.db, outboxId, `gave up after ${job.attemptsMade} attempts: ${error.message}`).catch(() => {});
    }
  });
  return worker;
}
