/**
 * The queues. Names are fixed; QUEUE_PREFIX separates deployments and tests. What runs on which
 * queue, and with which options, is each job type's (./jobs/).
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelName } from "../kernel/channel";
import { outageLog, type Log } from "../log";

export const queueNames = { intake: "intake", outbound: "outbound" } as const;

/** The queue of a channel that sends only from its own process (WeChat): "outbound-wechat". */
export const channelQueueName = <C extends ChannelName>(channel: C) => `outbound-${channel}` as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames] | ReturnType<typeof channelQueueName<"wechat">>;

export interface Queues {
  intake: Queue;
  outbound: Queue;
  /** WeChat's own outbound queue, served by the process logged in to WeChat. */
  wechat: Queue;
  close(): Promise<void>;
}

/** `log`: where each queue's Redis errors go; without a listener BullMQ prints them raw on the console. */
export function openQueues(connection: Redis, prefix: string, log: Log): Queues {
  const intake = new Queue(queueNames.intake, { connection, prefix });
  const outbound = new Queue(queueNames.outbound, { connection, prefix });
  const wechat = new Queue(channelQueueName("wechat"), { connection, prefix });
  const logError = outageLog(log, "bullmq");
  for (const queue of [intake, outbound, wechat]) queue.on("error", (error) => logError(error, { queue: queue.name }));
  return {
    intake,
    outbound,
    wechat,
    close: async () => {
      await Promise.all([intake.close(), outbound.close(), wechat.close()]);
    },
  };
}
