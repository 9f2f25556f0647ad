/**
 * What the terminal channel needs around it in a process that runs terminals (`npm run chat`),
 * apart from the adapter: the presence of each terminal open here, and the worker of this
 * process's own terminal queue. The same idea as WeChat's (./wechat-channel.ts): a notice can only
 * be shown by the process where the terminal is open, so a worker in any process that takes its
 * job looks up that process in Redis and hands the job to its queue; here it is shown at once.
 * A terminal open nowhere has its notices parked in the outbox, and shown when it opens.
 *
 * Once, whoever sends: every hand-over goes through the outbox row's claim and its sent mark
 * (src/queue/delivery.ts), the same as any notice.
 */
import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelSender } from "../channels/sender";
import { userKey, type ChannelUser } from "../kernel/channel";
import { deliver, HeldElsewhereError, NotYetError, type DeliveryDeps } from "../queue/delivery";
import type { JobContext } from "../queue/jobs/context";
import { enqueueNotices } from "../queue/jobs/send-notice";
import type { TerminalPresence } from "../queue/presence";
import { terminalQueueName } from "../queue/queues";
import { startJobWorker, stopJobWorker } from "../queue/workers";
import { pendingFor } from "../store/outbox-repository";
import { timedOut, within } from "./within";

export interface TerminalHostDeps {
  /** This process's id among terminal holders: its queue is `outbound-terminal-<holder>`. */
  holder: string;
  jobs: JobContext;
  redis: Redis;
  prefix: string;
  presence: TerminalPresence;
  /** The terminal channel's sender: it writes to the terminals registered with it in this process. */
  sender: ChannelSender;
}

/** The terminals of one process, as the runtime offers them to the session (src/chat.ts). */
export interface TerminalHost {
  /** A terminal opened here: from now on its notices come here, whichever worker takes them; what waited is shown. */
  opened(user: ChannelUser): Promise<void>;
  /** It closed: its notices wait in the outbox again (bounded: with Redis away its key expires by itself). */
  closed(user: ChannelUser): Promise<void>;
  /** Shows this person's pending notices now (on open, and after a script's last line). */
  deliverPending(user: ChannelUser): Promise<void>;
}

/** A terminal's key lives this long unrefreshed (src/queue/presence.ts); refreshed well within it. */
const presenceRefreshMs = 30_000;
/** A pending notice another worker holds as the terminal opens is looked at again this much later. */
const lookAgainMs = 1_000;
/** What a closing terminal or a stopping process waits for Redis at most. */
const redisWaitMs = 1_000;

export function terminalHost(deps: TerminalHostDeps): TerminalHost & { queue: Queue; stop(): Promise<void> } {
  const { holder, presence, jobs } = deps;
  const { log } = jobs;
  const queue = jobs.queues.terminal(holder);
  // This process's terminals and nothing else: the sender here reaches only them.
  const local: DeliveryDeps = { ...jobs.delivery, senders: new Map([["terminal" as const, deps.sender]]), remote: undefined, only: "terminal" as const };
  // One job at a time, so a person's notices appear in the order they were queued.
  const worker: Worker = startJobWorker(terminalQueueName(holder), { ...jobs, delivery: local }, { connection: deps.redis, prefix: deps.prefix, concurrency: 1 });
  const open = new Map<string, { user: ChannelUser; count: number }>();
  const refresh = setInterval(() => {
    for (const { user } of open.values()) void presence.hold(user, holder).catch(() => {});
  }, presenceRefreshMs);

  const deliverPending = async (user: ChannelUser) => {
    for (const id of await pendingFor(jobs.db, user)) {
      await deliver(local, id).catch(async (error: unknown) => {
        // Not yet (held to the morning): its own queue shows it when the time comes.
        if (error instanceof NotYetError) return enqueueNotices(queue, [{ id, notBefore: new Date(Date.now() + error.retryAfterMs) }]);
        if (!(error instanceof HeldElsewhereError)) throw error;
        // Another worker has it this moment: handing it here, parking it as the terminal opened
        // (it lets go within milliseconds), or sending it on another channel. This process's own
        // queue looks again in a moment, and after that when the claim ends, and shows it if it
        // is still pending then.
        const now = Date.now();
        await enqueueNotices(queue, [{ id, notBefore: new Date(now + lookAgainMs) }], now);
      });
    }
  };

  return {
    async opened(user) {
      const key = userKey(user);
      const entry = open.get(key);
      if (entry) entry.count++;
      else open.set(key, { user, count: 1 });
      // Held before the pending ones are read: a worker that found the terminal open nowhere a
      // moment ago parked its notice, which is then among them (or still claimed: see above).
      await presence.hold(user, holder);
      await deliverPending(user);
    },

    async closed(user) {
      const key = userKey(user);
      const entry = open.get(key);
      if (!entry) return;
      if (--entry.count > 0) return;
      open.delete(key);
      if ((await within(redisWaitMs, presence.release(user, holder).catch(() => {}))) === timedOut) {
        log.warn({ component: "redis", holder }, "terminal closed while Redis did not answer: its notices go here until its presence expires, and are kept for its next opening");
      }
    },

    deliverPending,
    queue,

    async stop() {
      clearInterval(refresh);
      // Released first, so that no other worker hands this process anything more.
      await within(redisWaitMs, Promise.all([...open.values()].map(({ user }) => presence.release(user, holder))).catch(() => {}));
      open.clear();
      await stopJobWorker(worker, undefined, log);
      // Its queue is this process's alone and ends with it; a row still in it is pending in the
      // outbox, and the relay queues it again.
      if (deps.redis.status === "ready") await within(redisWaitMs, queue.obliterate({ force: true }).catch(() => {}));
    },
  };
}
