/**
 * The queues. Names are fixed; QUEUE_PREFIX separates deployments and tests. What runs on which
 * queue, and with which options, is each job type's (./jobs/).
 *
 * Besides the shared queues, a channel that sends only from one process has its own: WeChat's
 * (`outbound-wechat`, served by the process logged in to the account), and one per process holding
 * open terminals (`outbound-terminal-<holder>`, served by that process).
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelName } from "../kernel/channel";
import { outageLog, type Log } from "../log";

export const queueNames = { intake: "intake", outbound: "outbound", timers: "timers" } as const;

/** The queue of a channel that sends only from its own process (WeChat): "outbound-wechat". */
export const channelQueueName = <C extends ChannelName>(channel: C) => `outbound-${channel}` as const;

/** The own queue of one process holding open terminals ("outbound-terminal-3f9a…"). */
export const terminalQueueName = (holder: string) => `${channelQueueName("terminal")}-${holder}` as const;

/** The kinds of queue a job type can be registered for (./jobs/index.ts). */
export type QueueKind = (typeof queueNames)[keyof typeof queueNames] | ReturnType<typeof channelQueueName<"wechat" | "terminal">>;

export type QueueName = Exclude<QueueKind, "outbound-terminal"> | ReturnType<typeof terminalQueueName>;

/** A process's terminal queue is of the kind "outbound-terminal"; every other queue is its own kind. */
export function queueKind(queue: QueueName): QueueKind {
  return queue.startsWith(`${channelQueueName("terminal")}-`) ? "outbound-terminal" : (queue as QueueKind);
}

export interface Queues {
  intake: Queue;
  outbound: Queue;
  /** Deadline timers: cases' wake-ups and the sweep (./jobs/timers.ts). */
  timers: Queue;
  /** WeChat's own outbound queue, served by the process logged in to WeChat. */
  wechat: Queue;
  /** The own queue of the process `holder` (opened on first use, closed with the rest). */
  terminal(holder: string): Queue;
  close(): Promise<void>;
}

/** How many other processes' terminal queues one process keeps open (a reopened one costs nothing but a new object). */
const terminalQueuesKept = 64;

/** `log`: where each queue's Redis errors go; without a listener BullMQ prints them raw on the console. */
export function openQueues(connection: Redis, prefix: string, log: Log): Queues {
  const logError = outageLog(log, "bullmq");
  const open = (name: string) => {
    const queue = new Queue(name, { connection, prefix });
    queue.on("error", (error) => logError(error, { queue: queue.name }));
    return queue;
  };
  const intake = open(queueNames.intake);
  const outbound = open(queueNames.outbound);
  const timers = open(queueNames.timers);
  const wechat = open(channelQueueName("wechat"));
  const terminals = new Map<string, Queue>();
  return {
    intake,
    outbound,
    timers,
    wechat,
    terminal(holder) {
      let queue = terminals.get(holder);
      if (queue) return queue;
      // Every `npm run chat` is a new holder: a long-running process keeps only the latest ones open.
      if (terminals.size >= terminalQueuesKept) {
        const [oldest, stale] = terminals.entries().next().value!;
        terminals.delete(oldest);
        void stale.close().catch(() => {});
      }
      terminals.set(holder, (queue = open(terminalQueueName(holder))));
      return queue;
    },
    close: async () => {
      await Promise.all([intake, outbound, timers, wechat, ...terminals.values()].map((queue) => queue.close()));
    },
  };
}
