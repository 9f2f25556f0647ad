/**
 * What the WeChat channel needs around it in a process, apart from the adapter (built in
 * ./channels.ts): the worker of WeChat's own outbound queue (only this process is logged in, so
 * only it can send), the account's presence for other processes' channel choice, and the petition
 * office's alert when a new login scan is needed.
 */
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChannelSender } from "../channels/sender";
import type { JobContext } from "../queue/jobs/context";
import { enqueueNotices } from "../queue/jobs/send-notice";
import type { ChannelPresence } from "../queue/presence";
import { channelQueueName } from "../queue/queues";
import { startJobWorker, stopJobWorker } from "../queue/workers";
import { alertPetitionOffice } from "../store/office-alerts";

export interface WechatLifecycleDeps {
  account: string;
  jobs: JobContext;
  redis: Redis;
  prefix: string;
  presence: ChannelPresence;
}

export interface WechatLifecycle {
  /** The adapter's login (true) and logout (false). */
  online(isOnline: boolean): Promise<void>;
  /** The adapter's "scan this QR code": the petition office hears of it, once an hour of waiting. */
  loginNeeded(link: string): Promise<void>;
  /** Starts the worker of WeChat's own queue, sending through `sender`; paused while logged out. */
  serve(sender: ChannelSender): Promise<void>;
  stop(): Promise<void>;
}

const presenceRefreshMs = 30_000;

export function wechatLifecycle(deps: WechatLifecycleDeps): WechatLifecycle {
  const { account, presence, jobs } = deps;
  const { log, queues, clock } = jobs;
  let worker: Worker | undefined;
  let loggedIn = false;
  let refresh: NodeJS.Timeout | undefined;

  return {
    async online(isOnline) {
      loggedIn = isOnline;
      clearInterval(refresh);
      try {
        if (isOnline) {
          await presence.markOnline("wechat", account);
          refresh = setInterval(() => void presence.markOnline("wechat", account).catch(() => {}), presenceRefreshMs);
          worker?.resume();
          // A job the worker had already taken when the account went away waits as delayed; it
          // need not wait out its delay now that the account is back.
          await queues.wechat.promoteJobs();
        } else {
          await presence.markOffline("wechat", account);
          // Jobs wait in the queue, in order, instead of each spending a try on a logged-out account.
          await worker?.pause(true);
        }
      } catch (error) {
        log.error({ component: "redis", error: String(error) }, "WeChat presence not updated");
      }
    },

    async loginNeeded(link) {
      // One alert per hour of waiting, not one per QR refresh.
      const hour = clock.now().toISOString().slice(0, 13);
      const rows = await alertPetitionOffice(jobs.db, clock, {
        messageKey: "notice_wechat_login",
        params: { account, link },
        dedupKey: `wechat-login:${account}:${hour}`,
      });
      await enqueueNotices(queues.outbound, rows, clock.now().getTime());
    },

    async serve(sender) {
      // One job at a time, so notices leave in the order they were queued; the sender paces them.
      const delivery = { ...jobs.delivery, senders: new Map([["wechat" as const, sender]]), remote: undefined, only: "wechat" as const };
      worker = startJobWorker(channelQueueName("wechat"), { ...jobs, delivery }, { connection: deps.redis, prefix: deps.prefix, concurrency: 1 });
      if (!loggedIn) await worker.pause(true);
    },

    async stop() {
      clearInterval(refresh);
      if (worker) await stopJobWorker(worker);
      await presence.markOffline("wechat", account).catch(() => {});
    },
  };
}
