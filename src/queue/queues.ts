/** The queues and their job defaults. Names are fixed; QUEUE_PREFIX separates deployments and tests. */
import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { PetitionSubmission } from "../cases/submission";
import type { ChannelName } from "../kernel/channel";
import { recordPetitionJob, recordPetitionJobId } from "./jobs/record-petition";
import { sendNoticeJob, sendNoticeJobId } from "./jobs/send-notice";

export const queueNames = { intake: "intake", outbound: "outbound" } as const;

/** The queue of a channel that sends only from its own process (WeChat): "outbound-wechat". */
export const channelQueueName = (channel: ChannelName) => `outbound-${channel}`;

const intakeJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  // Kept for a month so an operator can see and retry a petition that could not be stored.
  removeOnFail: { age: 30 * 24 * 3600 },
};

export const outboundJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export interface Queues {
  intake: Queue;
  outbound: Queue;
  /** WeChat's own outbound queue, served by the process logged in to WeChat. */
  wechat: Queue;
  close(): Promise<void>;
}

export function openQueues(connection: Redis, prefix: string): Queues {
  const intake = new Queue(queueNames.intake, { connection, prefix });
  const outbound = new Queue(queueNames.outbound, { connection, prefix });
  const wechat = new Queue(channelQueueName("wechat"), { connection, prefix });
  return {
    intake,
    outbound,
    wechat,
    close: async () => {
      await Promise.all([intake.close(), outbound.close(), wechat.close()]);
    },
  };
}

/** Adds a confirmed petition; a second add of the same confirmation is a no-op while the job exists. */
export async function enqueuePetition(intake: Queue, submission: PetitionSubmission): Promise<void> {
  const data = recordPetitionJob.parse(submission);
  await intake.add(recordPetitionJob.name, data, { ...intakeJobOptions, jobId: recordPetitionJobId(data.idempotencyKey) });
}

/** Queues outbox rows for sending; the job id comes from the row, so a row is never queued twice. */
export async function enqueueNotices(outbound: Queue, rows: { id: string; notBefore?: Date }[], now = Date.now()): Promise<void> {
  if (rows.length === 0) return;
  await outbound.addBulk(
    rows.map((row) => ({
      name: sendNoticeJob.name,
      data: sendNoticeJob.parse({ outboxId: row.id }),
      opts: { ...outboundJobOptions, jobId: sendNoticeJobId(row.id), delay: Math.max(0, (row.notBefore?.getTime() ?? now) - now) },
    })),
  );
}
