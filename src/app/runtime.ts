/**
 * The composition root: builds the core from the configuration and starts the channels, the
 * queue workers and the outbox relay in this process. Everything else receives its dependencies.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Channel } from "../channels/channel";
import type { ChannelSender } from "../channels/sender";
import type { ResolvedConfig } from "../config";
import type { CommandDeclaration } from "../conversation/commands";
import { ConversationEngine } from "../conversation/engine";
import { FileStore } from "../files/file-store";
import type { ChannelName } from "../kernel/channel";
import { systemClock, type Clock } from "../kernel/clock";
import { createLogger, type Log } from "../log";
import { cachedOrg } from "../org/org-cache";
import { preparePersonalData } from "./personal-data";
import type { DeliveryDeps } from "../queue/delivery";
import type { RemoteChannel } from "../queue/send-message";
import type { JobContext } from "../queue/jobs/context";
import { enqueueNotices } from "../queue/jobs/send-notice";
import { scheduleSweep } from "../queue/jobs/timers";
import { startOfficeContactsRefresh } from "../queue/office-contacts";
import { ChannelPresence, TerminalPresence } from "../queue/presence";
import { openQueues, queueNames } from "../queue/queues";
import { checkNoEviction, connectRedis, waitForRedis } from "../queue/redis";
import { startRelay } from "../queue/relay";
import { startJobWorker, stopJobWorker } from "../queue/workers";
import { createDb } from "../store/client";
import { loadOrgSnapshot } from "../store/org-repository";
import { RedisActionTokens } from "../redis/action-tokens";
import { IntakeDelayNotes } from "../redis/intake-delay";
import { RedisLastActions } from "../redis/last-actions";
import { LinkCodes } from "../redis/link-codes";
import { ClaimAttempts } from "../redis/claim-attempts";
import { RedisSentLedger } from "../redis/sent-ledger";
import { RedisStateStore } from "../redis/state-store";
import { startChannels, type StartedChannels, type TelegramHooks } from "./channels";
import { conversationPorts } from "./conversation-ports";
import { ensureOrganisation } from "./first-run";
import { officeDayFrom } from "./office-day";
import { terminalHost, type TerminalHost } from "./terminal-channel";
import { timedOut, within } from "./within";

/** What this process runs. Channels and workers can run in separate processes against one store. */
export interface Roles {
  /** Chat front ends (Telegram, WeChat). */
  channels: boolean;
  /** Queue workers (intake, outbound). */
  workers: boolean;
  /** Timers: the outbox relay, deadline timers and their sweep (later: surveys). Safe to run in several processes. */
  timers: boolean;
}

export interface RuntimeOptions {
  roles?: Roles;
  clock?: Clock;
  log?: Log;
  /** Test hooks for the Telegram API (e.g. answering methods an emulator lacks). */
  telegram?: TelegramHooks;
  /** @defaultValue SWEEP_EVERY_SECONDS */
  sweepEveryMs?: number;
  /** @defaultValue RELAY_EVERY_SECONDS */
  relayEveryMs?: number;
  /**
   * The terminal channel, when the caller runs terminal sessions in this process (`npm run chat`):
   * notices for a terminal open here come here, whichever process's worker takes them.
   */
  terminal?: Channel;
  /** Test hooks for WeChat: a puppet instance (wechaty-puppet-mock) instead of WECHATY_PUPPET. */
  wechat?: { puppet: object };
  /**
   * The chat commands besides the engine's own (a test's stand-in for one not written yet).
   * @defaultValue the standard ones (src/conversation/commands.ts)
   */
  commands?: CommandDeclaration[];
}

/**
 * A notice's button stays valid this long: it sits on the notice, which names its case, so a press
 * weeks later is still unambiguous (acceptance alone may take 15 days), and it lets its owner run
 * only a command they could type.
 */
const noticeButtonSeconds = 30 * 24 * 3600;
/** A number typed on WeChat or the terminal picks from a notice's lines this long: a bare "1" means something only while its list is recent. */
const noticeNumbersSeconds = 7 * 24 * 3600;

export interface Runtime {
  engine: ConversationEngine;
  /** With the `terminal` option: where the sessions say a terminal opened or closed. */
  terminal?: TerminalHost;
  log: Log;
  /** Channels that are live in this process, e.g. ["telegram (polling)"]. */
  channels: string[];
  /** The WeChat channel when this process runs it. */
  wechat?: Channel;
  /** Resolves once the queues have nothing waiting or running (or after `timeoutMs`, even with Redis away). */
  settle(timeoutMs: number): Promise<void>;
  /** Checks each dependency; a value other than "ok" says what is wrong. */
  readiness(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** A store that is down often does not answer at all (commands wait for the reconnect): bound the wait. */
async function check(probe: () => Promise<unknown>, timeoutMs = 2_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`down: no answer within ${timeoutMs / 1000} s`), timeoutMs)));
  try {
    return await Promise.race([probe().then(() => "ok"), timeout]);
  } catch (error) {
    return `down: ${error instanceof Error ? error.message.split("\n")[0]! : "unreachable"}`;
  } finally {
    clearTimeout(timer);
  }
}

/** Longer than any step takes with its stores there (the workers' grace and hand-back: 3.5 s). */
const stopStepMs = 5_000;

export async function startRuntime(config: ResolvedConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const roles = options.roles ?? { channels: true, workers: true, timers: true };
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL, { log });
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
  const queues = openQueues(redis, prefix, log);
  const privacy = await preparePersonalData(db, { intake: queues.intake, redis }, config, log);
  const office = officeDayFrom(config, log);
  const org = cachedOrg(async () => loadOrgSnapshot(db, await office()));
  const idleSeconds = config.CONVERSATION_IDLE_MINUTES * 60;
  // A draft can be resumed this long; its offer's buttons must work as long.
  const keepSeconds = Math.max(idleSeconds, config.DRAFT_KEEP_HOURS * 3600);
  const lastActions = new RedisLastActions(redis, prefix, noticeNumbersSeconds);
  const engine = new ConversationEngine({
    // Kept a day past the draft's keep time, so a returning person hears that their draft expired.
    store: new RedisStateStore(redis, prefix, keepSeconds + 24 * 3600),
    ports: conversationPorts({ db, queues, clock, timeZone: config.TIME_ZONE, org, linkCodes: new LinkCodes(redis, prefix), claimAttempts: new ClaimAttempts(redis, prefix), log, privacy, maxTransfers: config.MAX_TRANSFERS }),
    clock,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    idleMinutes: config.CONVERSATION_IDLE_MINUTES,
    draftKeepHours: config.DRAFT_KEEP_HOURS,
    maxDescriptionChars: config.MAX_DESCRIPTION_CHARS,
    timeZone: config.TIME_ZONE,
    lastActions,
    ...(options.commands ? { commands: options.commands } : {}),
  });

  const files = new FileStore(path.join(config.MINQING_DATA_DIR, "files"));
  const senders = new Map<ChannelName, ChannelSender>();
  const presence = new ChannelPresence(redis, prefix);
  const terminals = new TerminalPresence(redis, prefix);
  // WeChat sends only from the process logged in to it, a terminal's notice shows only in the
  // process where it is open: workers hand those over to that process's own queue. Even this
  // process's terminal sender is not among `senders`: it reaches only the terminals open here.
  const remote = new Map<ChannelName, RemoteChannel>([
    ["wechat", { isOnline: (to) => presence.isOnline("wechat", to.botAccount), queueFor: async () => queues.wechat }],
    [
      "terminal",
      {
        isOnline: async (to) => (await terminals.holderOf(to)) !== undefined,
        queueFor: async (to) => {
          const holder = await terminals.holderOf(to);
          return holder === undefined ? undefined : queues.terminal(holder);
        },
      },
    ],
  ]);
  const delivery: DeliveryDeps = {
    db,
    ledger: new RedisSentLedger(redis, prefix),
    clock,
    senders,
    remote,
    queueRow: (queue, outboxId) => enqueueNotices(queue, [{ id: outboxId }]),
    files,
    org,
    log,
    reveal: privacy.reveal,
    lastActions,
  };
  const intakeDelay = { noticeAfterMs: config.PETITION_DELAY_NOTICE_SECONDS * 1000, notes: new IntakeDelayNotes(redis, prefix) };
  const jobs: JobContext = { db, clock, timeZone: config.TIME_ZONE, org, queues, delivery, log, intakeDelay, privacy };

  let channels: StartedChannels;
  try {
    channels = await startChannels(
      {
        config,
        engine,
        tokens: new RedisActionTokens(redis, prefix, keepSeconds + 3600),
        noticeTokens: new RedisActionTokens(redis, prefix, noticeButtonSeconds),
        files,
        redis,
        presence,
        jobs,
        telegram: options.telegram,
        wechat: options.wechat,
      },
      roles.channels,
    );
  } catch (error) {
    // A channel that cannot start: undo what started, so the process can exit cleanly with the
    // one message that says why.
    await queues.close().catch(() => {});
    redis.disconnect();
    await db.$disconnect();
    throw error;
  }
  for (const channel of channels.all) senders.set(channel.name, channel.sender);
  for (const channel of channels.live) log.info({ channel: channel.label }, "channel running");

  // Stop in the order that loses nothing: no new messages, then finish jobs, then close stores.
  const stops: (() => Promise<void>)[] = channels.all.map((channel) => () => channel.stop());
  let terminal: ReturnType<typeof terminalHost> | undefined;
  if (options.terminal) {
    // One id per process: `outbound-terminal-<holder>` is the queue only this process serves.
    terminal = terminalHost({ holder: randomBytes(6).toString("hex"), jobs, redis, prefix, presence: terminals, sender: options.terminal.sender });
    stops.unshift(terminal.stop);
  }
  if (roles.timers) {
    const stopRelay = startRelay({ db, queues, clock, log }, options.relayEveryMs ?? config.RELAY_EVERY_SECONDS * 1000);
    stops.push(async () => stopRelay());
    // The petition office's chat identities, kept in Redis for when the database is down.
    const stopOfficeRefresh = startOfficeContactsRefresh({ db, notes: intakeDelay.notes, log });
    stops.push(async () => stopOfficeRefresh());
    // Deadlines: each case's own timer, and the sweep for any timer lost (one schedule in Redis
    // however many processes run timers; a wake is decided again on the case, so two runs take a step once).
    await scheduleSweep(queues.timers, options.sweepEveryMs ?? config.SWEEP_EVERY_SECONDS * 1000);
    const timersWorker = startJobWorker(queueNames.timers, jobs, { connection: redis, prefix, concurrency: 2 });
    stops.push(() => stopJobWorker(timersWorker, undefined, log));
  }
  if (roles.workers) {
    const connection = { connection: redis, prefix };
    const intakeWorker = startJobWorker(queueNames.intake, jobs, { ...connection, concurrency: config.INTAKE_CONCURRENCY });
    const outboundWorker = startJobWorker(queueNames.outbound, jobs, { ...connection, concurrency: config.OUTBOUND_CONCURRENCY });
    // Running jobs get a moment to finish, the rest go back to the queue; none is left held. Both
    // at once: the grace is one wait, not one per worker.
    stops.push(async () => void (await Promise.all([stopJobWorker(intakeWorker, undefined, log), stopJobWorker(outboundWorker, undefined, log)])));
  }
  stops.push(() => queues.close());
  // A Redis that is away would hold QUIT until it is back.
  stops.push(async () => void (redis.status === "ready" ? await redis.quit() : redis.disconnect()));
  stops.push(() => db.$disconnect());

  return {
    engine,
    log,
    channels: channels.live.map((channel) => channel.label),
    wechat: channels.wechat,
    terminal,
    settle: async (timeoutMs) => {
      const deadline = performance.now() + timeoutMs;
      const watched = [queues.intake, queues.outbound, queues.wechat, ...(terminal ? [terminal.queue] : [])];
      while (performance.now() < deadline) {
        const counts = await within(
          Math.max(0, deadline - performance.now()),
          Promise.all(watched.map((queue) => queue.getJobCounts("waiting", "active", "prioritized"))),
        );
        if (counts === timedOut || counts.every((c) => Object.values(c).every((n) => n === 0))) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    readiness: async () => {
      const [database, redisCheck, queueCheck] = await Promise.all([check(() => db.$queryRaw`SELECT 1`), check(() => redis.ping()), check(() => queues.intake.getJobCounts("waiting"))]);
      return {
        database,
        redis: redisCheck,
        queues: queueCheck,
        ...(channels.wechat ? { wechat: channels.wechat.isOnline() ? "ok" : "logged out: scan the login QR code (see the log)" } : {}),
      };
    },
    stop: async () => {
      // Each step bounded: a store that has stopped answering must not hold the process (what is
      // left held returns by itself: job locks run out, presence keys expire).
      for (const stop of stops) {
        if ((await within(stopStepMs, stop())) === timedOut) log.warn({ component: "process" }, `a stopping step did not finish within ${stopStepMs / 1000} s; going on`);
      }
    },
  };
}
