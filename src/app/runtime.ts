/**
 * The composition root: builds the core from the configuration and starts the channels, the
 * queue workers and the outbox relay in this process. Everything else receives its dependencies.
 */
import { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createTelegramBot, startTelegram, TelegramSender, type RunningTelegram } from "../../bots/telegram";
import { systemClock, type Clock } from "../kernel/clock";
import type { ResolvedConfig } from "../config";
import { RedisActionTokens } from "../redis/action-tokens";
import { LinkCodes } from "../redis/link-codes";
import { ConversationEngine } from "../conversation/engine";
import { RedisStateStore } from "../redis/state-store";
import type { ChannelName } from "../kernel/channel";
import { FileStore } from "../files/file-store";
import { createLogger, type Log } from "../log";
import { cachedOrg } from "../org/org-cache";
import type { ChannelSender } from "../queue/channel-sender";
import { startIntakeWorker } from "../queue/intake-worker";
import { deliver, startOutboundWorker, type OutboundDeps, type RemoteChannel } from "../queue/outbound-worker";
import { ChannelPresence } from "../queue/presence";
import { enqueueNotices, openQueues } from "../queue/queues";
import { checkNoEviction, connectRedis, waitForRedis } from "../queue/redis";
import { startRelay } from "../queue/relay";
import { createDb } from "../store/client";
import { loadOrgSnapshot } from "../store/org-repository";
import { pendingFor } from "../store/outbox-repository";
import path from "node:path";
import { conversationPorts } from "./conversation-ports";
import { ensureOrganisation } from "./first-run";
import { startWechatChannel, type WechatChannel } from "./wechat-channel";

/** What this process runs. Channels and workers can run in separate processes against one store. */
export interface Roles {
  /** Chat front ends (Telegram, WeChat). */
  channels: boolean;
  /** Queue workers (intake, outbound). */
  workers: boolean;
  /** Timers: the outbox relay (later: reminders, escalations, surveys). Safe to run in several processes. */
  timers: boolean;
}

export interface RuntimeOptions {
  roles?: Roles;
  clock?: Clock;
  log?: Log;
  /** Test hooks for the Telegram API (e.g. answering methods an emulator lacks). */
  telegram?: { botInfo?: UserFromGetMe; configureApi?: (api: Api) => void };
  relayEveryMs?: number;
  /** Senders of channels run by the caller (the terminal), used by this process's outbound worker. */
  extraSenders?: ChannelSender[];
  /** Test hooks for WeChat: a puppet instance (wechaty-puppet-mock) instead of WECHATY_PUPPET. */
  wechat?: { puppet: object };
}

export interface Runtime {
  engine: ConversationEngine;
  /** Sends this person's or official's pending notices now (for channels that pull, like the terminal). */
  deliverPending(identity: { channel: ChannelName; botAccount: string; platformId: string }): Promise<void>;
  log: Log;
  /** Channels that are live in this process, e.g. ["telegram (polling)"]. */
  channels: string[];
  /** The WeChat channel when this process runs it. */
  wechat?: WechatChannel;
  /** Resolves once the queues have nothing waiting or running (or after `timeoutMs`). */
  settle(timeoutMs: number): Promise<void>;
  /** Checks each dependency; a value other than "ok" says what is wrong. */
  readiness(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await probe();
    return "ok";
  } catch (error) {
    return error instanceof Error ? error.message.split("\n")[0]! : "unreachable";
  }
}

/** A sender for a process that sends notices but takes no updates (the worker role). */
async function telegramSenderFor(config: ResolvedConfig, options: RuntimeOptions): Promise<TelegramSender> {
  const token = config.TELEGRAM_BOT_TOKEN!;
  const probe = new Api(token, { apiRoot: config.TELEGRAM_API_ROOT });
  options.telegram?.configureApi?.(probe);
  const me = options.telegram?.botInfo ?? (await probe.getMe());
  const sender = new TelegramSender({ apiRoot: config.TELEGRAM_API_ROOT, bots: [{ account: me.username, token }] });
  options.telegram?.configureApi?.(sender.api(me.username));
  return sender;
}

export async function startRuntime(config: ResolvedConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const roles = options.roles ?? { channels: true, workers: true, timers: true };
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL);
  const redis = connectRedis(config.REDIS_URL, log);
  try {
    await waitForRedis(redis);
  } catch (error) {
    redis.disconnect();
    await db.$disconnect();
    throw error;
  }
  await checkNoEviction(redis, log);
  await ensureOrganisation(db, config, clock, log);

  const prefix = config.QUEUE_PREFIX;
  const queues = openQueues(redis, prefix);
  const org = cachedOrg(() => loadOrgSnapshot(db));
  const idleSeconds = config.CONVERSATION_IDLE_MINUTES * 60;
  const engine = new ConversationEngine({
    // Kept a day past the idle limit, so a returning person hears that their draft expired.
    store: new RedisStateStore(redis, prefix, idleSeconds + 24 * 3600),
    ports: conversationPorts({ db, queues, clock, org, linkCodes: new LinkCodes(redis, prefix) }),
    clock,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    idleMinutes: config.CONVERSATION_IDLE_MINUTES,
    maxDescriptionChars: config.MAX_DESCRIPTION_CHARS,
    timeZone: config.TIME_ZONE,
  });

  const files = new FileStore(path.join(config.MINQING_DATA_DIR, "files"));
  const senders = new Map<ChannelName, ChannelSender>((options.extraSenders ?? []).map((sender) => [sender.channel, sender]));
  const stops: (() => Promise<void>)[] = [];
  const channels: string[] = [];
  const presence = new ChannelPresence(redis, prefix);
  // WeChat sends only from the process logged in to it: other processes hand its notices over.
  const remote = new Map<ChannelName, RemoteChannel>([
    ["wechat", { isOnline: (account) => presence.isOnline("wechat", account), handOff: (outboxId) => enqueueNotices(queues.wechat, [{ id: outboxId }]) }],
  ]);
  const outboundDeps: OutboundDeps = { db, clock, senders, remote, files, log, org };

  let telegram: RunningTelegram | undefined;
  let wechat: WechatChannel | undefined;
  try {
    if (!roles.channels) {
      // Workers still send notices: they need the senders, not the bots' update handling.
      if (config.TELEGRAM_BOT_TOKEN) senders.set("telegram", await telegramSenderFor(config, options));
    } else if (config.TELEGRAM_BOT_TOKEN) {
      const bot = createTelegramBot({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        botInfo: options.telegram?.botInfo,
        conversation: engine,
        tokens: new RedisActionTokens(redis, prefix, idleSeconds),
        files,
        maxAttachmentMb: config.MAX_ATTACHMENT_MB,
        log,
      });
      options.telegram?.configureApi?.(bot.api);
      await bot.init();
      const sender = new TelegramSender({ apiRoot: config.TELEGRAM_API_ROOT, bots: [{ account: bot.botInfo.username, token: config.TELEGRAM_BOT_TOKEN }] });
      const senderApi = sender.api(bot.botInfo.username);
      if (senderApi) options.telegram?.configureApi?.(senderApi);
      senders.set("telegram", sender);
      telegram = await startTelegram(bot, {
        mode: config.TELEGRAM_MODE,
        webhookUrl: config.TELEGRAM_WEBHOOK_URL,
        webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
        port: config.HTTP_PORT,
        log,
      });
      channels.push(`telegram @${bot.botInfo.username} (${config.TELEGRAM_MODE})`);
      log.info({ bot: bot.botInfo.username, mode: config.TELEGRAM_MODE }, "Telegram channel running");
    } else {
      log.info("Telegram channel skipped: TELEGRAM_BOT_TOKEN is not set");
    }

    if (roles.channels && (config.WECHATY_PUPPET || options.wechat)) {
      wechat = await startWechatChannel({ config, engine, files, db, redis, queues, presence, clock, log, org, ...(options.wechat ? { puppet: options.wechat.puppet, qrOutput: null } : {}) });
      channels.push(wechat.label);
    }
  } catch (error) {
    // A channel that cannot start (a wrong token, a puppet that is missing or refuses): undo what
    // started, so the process can exit cleanly with the one message that says why.
    await telegram?.stop().catch(() => {});
    await queues.close().catch(() => {});
    redis.disconnect();
    await db.$disconnect();
    throw error;
  }

  // Stop in the order that loses nothing: no new messages, then finish jobs, then close stores.
  if (telegram) stops.push(() => telegram.stop());
  if (wechat) stops.push(() => wechat.stop());
  if (roles.workers) {
    const intakeWorker = startIntakeWorker({ db, clock, timeZone: config.TIME_ZONE, org, queues, log }, redis, prefix, config.INTAKE_CONCURRENCY);
    const outboundWorker = startOutboundWorker(outboundDeps, redis, prefix, config.OUTBOUND_CONCURRENCY);
    // close() lets running jobs finish; jobs not started stay queued for another worker.
    stops.push(() => intakeWorker.close());
    stops.push(() => outboundWorker.close());
  }
  if (roles.timers) {
    const stopRelay = startRelay({ db, queues, clock, log }, options.relayEveryMs);
    stops.splice([telegram, wechat].filter(Boolean).length, 0, async () => stopRelay());
  }
  stops.push(() => queues.close());
  stops.push(async () => {
    await redis.quit();
  });
  stops.push(() => db.$disconnect());

  return {
    engine,
    log,
    channels,
    wechat,
    settle: async (timeoutMs) => {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        const counts = await Promise.all([queues.intake, queues.outbound, queues.wechat].map((queue) => queue.getJobCounts("waiting", "active", "prioritized")));
        if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    deliverPending: async (identity) => {
      for (const id of await pendingFor(db, identity)) await deliver(outboundDeps, id);
    },
    readiness: async () => ({
      database: await check(() => db.$queryRaw`SELECT 1`),
      redis: await check(() => redis.ping()),
      queues: await check(() => queues.intake.getJobCounts("waiting")),
      ...(wechat ? { wechat: wechat.running.isLoggedIn() ? "ok" : "logged out: scan the login QR code (see the log)" } : {}),
    }),
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}
