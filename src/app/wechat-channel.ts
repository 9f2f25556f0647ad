/**
 * Composes the WeChat channel into a process: the Wechaty bot with the conversation, the worker of
 * WeChat's own outbound queue (only this process is logged in, so only it can send), the account's
 * presence for other processes' channel choice, and the petition office's alert when a new login
 * scan is needed.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { startWechat, type RunningWechat } from "../../bots/wechat";
import type { Clock } from "../kernel/clock";
import { wechatContactIds, type ResolvedConfig } from "../config";
import type { ConversationEngine } from "../conversation/engine";
import type { FileStore } from "../files/file-store";
import type { Log } from "../log";
import type { OrgSnapshot } from "../org/types";
import { startChannelOutboundWorker } from "../queue/outbound-worker";
import type { ChannelPresence } from "../queue/presence";
import { enqueueNotices, type Queues } from "../queue/queues";
import type { Db } from "../store/client";
import { alertPetitionOffice } from "../store/office-alerts";

export interface WechatChannelDeps {
  config: ResolvedConfig;
  engine: ConversationEngine;
  files: FileStore;
  db: Db;
  redis: Redis;
  queues: Queues;
  presence: ChannelPresence;
  clock: Clock;
  log: Log;
  org: () => Promise<OrgSnapshot>;
  /** Tests pass a puppet instance (wechaty-puppet-mock) instead of a package name. */
  puppet?: object;
  qrOutput?: NodeJS.WritableStream | null;
}

export interface WechatChannel {
  running: RunningWechat;
  label: string;
  stop(): Promise<void>;
}

const presenceRefreshMs = 30_000;

export async function startWechatChannel(deps: WechatChannelDeps): Promise<WechatChannel> {
  const { config, presence, log } = deps;
  const account = config.WECHAT_ACCOUNT;
  let worker: Worker | undefined;
  let loggedIn = false;
  let refresh: NodeJS.Timeout | undefined;

  async function online(isOnline: boolean): Promise<void> {
    loggedIn = isOnline;
    clearInterval(refresh);
    try {
      if (isOnline) {
        await presence.markOnline("wechat", account);
        refresh = setInterval(() => void presence.markOnline("wechat", account).catch(() => {}), presenceRefreshMs);
        worker?.resume();
        // A job the worker had already taken when the account went away waits as delayed; it
        // need not wait out its delay now that the account is back.
        await deps.queues.wechat.promoteJobs();
      } else {
        await presence.markOffline("wechat", account);
        // Jobs wait in the queue, in order, instead of each spending a try on a logged-out account.
        await worker?.pause(true);
      }
    } catch (error) {
      log.error({ error: String(error) }, "WeChat presence not updated");
    }
  }

  async function loginNeeded(link: string): Promise<void> {
    // One alert per hour of waiting, not one per QR refresh.
    const hour = deps.clock.now().toISOString().slice(0, 13);
    const rows = await alertPetitionOffice(deps.db, deps.clock, {
      messageKey: "notice_wechat_login",
      params: { account, link },
      dedupKey: `wechat-login:${account}:${hour}`,
    });
    await enqueueNotices(deps.queues.outbound, rows, deps.clock.now().getTime());
  }

  const sessionPath = path.join(config.MINQING_DATA_DIR, "wechat", account);
  await mkdir(path.dirname(sessionPath), { recursive: true });
  const running = await startWechat({
    puppet: deps.puppet ?? config.WECHATY_PUPPET!,
    sessionPath,
    account,
    contactIds: wechatContactIds(config),
    pacing: { overallGapMs: config.WECHAT_SEND_GAP_MS, contactGapMs: config.WECHAT_CONTACT_GAP_MS, jitter: 0.5 },
    conversation: deps.engine,
    files: { store: deps.files, maxMb: config.MAX_ATTACHMENT_MB, log },
    greeting: config.WECHAT_GREETING,
    firstSeen: async (messageId) => (await deps.redis.set(`${config.QUEUE_PREFIX}:wechat-seen:${account}:${messageId}`, "1", "EX", 24 * 3600, "NX")) === "OK",
    loginNeeded,
    online,
    qrOutput: deps.qrOutput,
    log,
  });
  worker = startChannelOutboundWorker("wechat", { db: deps.db, clock: deps.clock, senders: new Map([["wechat", running.sender]]), files: deps.files, log, org: deps.org }, deps.redis, config.QUEUE_PREFIX);
  if (!loggedIn) await worker.pause(true);

  return {
    running,
    label: `WeChat account "${account}" (${deps.puppet ? "test puppet" : config.WECHATY_PUPPET}, ${wechatContactIds(config)} contact ids)`,
    stop: async () => {
      clearInterval(refresh);
      await running.stop();
      await worker?.close();
      await presence.markOffline("wechat", account).catch(() => {});
    },
  };
}
