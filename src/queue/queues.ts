/**
 * The queues. Names are fixed; QUEUE_PREFIX separates deployments and tests. What runs on which
 * queue, and with which options, is each job type's (./jobs/).
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelName } from "../kernel/channel";

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
