/**
 * The one place under src/ that knows the chat platforms: it builds the configured channels from
 * the adapters (bots/) and hands the runtime plain Channels (src/channels/channel.ts).
 *
 * - Telegram, with TELEGRAM_BOT_TOKEN: in polling or webhook mode in a process that takes messages;
 *   sending only in a worker process.
 * - WeChat, with WECHATY_PUPPET (or a test puppet): in a process that takes messages, with its own
 *   outbound queue's worker, presence and login alert around it (./wechat-channel.ts).
 * - The terminal, for `npm run chat` (src/chat.ts), which runs the session itself; the runtime
 *   puts its presence and its own queue's worker around it (./terminal-channel.ts).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Redis } from "ioredis";
import { createTelegramChannel, createTelegramSenderChannel, type TelegramHooks } from "../../bots/telegram";
import { createWechatChannel } from "../../bots/wechat";
import type { Channel } from "../channels/channel";
import { wechatContactIds, type ResolvedConfig } from "../config";
import type { ActionTokens } from "../conversation/action-tokens";
import type { ConversationEngine } from "../conversation/engine";
import type { FileStore } from "../files/file-store";
import type { JobContext } from "../queue/jobs/context";
import type { ChannelPresence } from "../queue/presence";
import { wechatLifecycle } from "./wechat-channel";

export type { TelegramHooks } from "../../bots/telegram";
export { createTerminalChannel, runTerminalSession, terminalUser, type TerminalChannel } from "../../bots/terminal";

export interface ChannelsDeps {
  config: ResolvedConfig;
  engine: ConversationEngine;
  tokens: ActionTokens;
  /** Issues the tokens of notices' buttons, which outlive a dialogue's (same store, longer life). */
  noticeTokens: Pick<ActionTokens, "issueMany">;
  files: FileStore;
  redis: Redis;
  presence: ChannelPresence;
  /** What WeChat's own queue worker works with (its senders are replaced by WeChat's). */
  jobs: JobContext;
  /** Test hooks for the Telegram API (an emulator's botInfo and transformers). */
  telegram?: TelegramHooks;
  /** Test hooks for WeChat: a puppet instance (wechaty-puppet-mock) instead of WECHATY_PUPPET. */
  wechat?: { puppet: object };
}

export interface StartedChannels {
  /** Every channel built, in the order they started; stop them in this order. */
  all: Channel[];
  /** The channels that take messages (for the start-up line); a sending-only one is not listed. */
  live: Channel[];
  wechat?: Channel;
}

/**
 * `takeMessages`: false in a worker process, which only needs to send (Telegram's sender; WeChat
 * sends only from the process logged in to it). A channel that cannot start (a wrong token, a
 * puppet that is missing or refuses) stops those already started and throws.
 */
export async function startChannels(deps: ChannelsDeps, takeMessages: boolean): Promise<StartedChannels> {
  const { config, jobs } = deps;
  const { log } = jobs;
  const started: StartedChannels = { all: [], live: [] };
  try {
    if (!takeMessages) {
      // Workers still send notices: they need the senders, not the bots' update handling.
      if (config.TELEGRAM_BOT_TOKEN) started.all.push(await createTelegramSenderChannel({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, hooks: deps.telegram, noticeTokens: deps.noticeTokens }));
      return started;
    }
    if (config.TELEGRAM_BOT_TOKEN) {
      const telegram = await createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        conversation: deps.engine,
        tokens: deps.tokens,
        noticeTokens: deps.noticeTokens,
        files: deps.files,
        maxAttachmentMb: config.MAX_ATTACHMENT_MB,
        mode: config.TELEGRAM_MODE,
        webhookUrl: config.TELEGRAM_WEBHOOK_URL,
        webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
        port: config.HTTP_PORT,
        log,
        hooks: deps.telegram,
      });
      await telegram.start();
      started.all.push(telegram);
      started.live.push(telegram);
    } else {
      log.info("Telegram channel skipped: TELEGRAM_BOT_TOKEN is not set");
    }
    if (config.WECHATY_PUPPET || deps.wechat) {
      const wechat = await startWechat(deps);
      started.all.push(wechat);
      started.live.push(wechat);
      started.wechat = wechat;
    }
    return started;
  } catch (error) {
    for (const channel of started.all) await channel.stop().catch(() => {});
    throw error;
  }
}

async function startWechat(deps: ChannelsDeps): Promise<Channel> {
  const { config } = deps;
  const account = config.WECHAT_ACCOUNT;
  const lifecycle = wechatLifecycle({ account, jobs: deps.jobs, redis: deps.redis, prefix: config.QUEUE_PREFIX, presence: deps.presence });
  const sessionPath = path.join(config.MINQING_DATA_DIR, "wechat", account);
  await mkdir(path.dirname(sessionPath), { recursive: true });
  const channel = createWechatChannel({
    puppet: deps.wechat?.puppet ?? config.WECHATY_PUPPET!,
    sessionPath,
    account,
    contactIds: wechatContactIds(config),
    pacing: { overallGapMs: config.WECHAT_SEND_GAP_MS, contactGapMs: config.WECHAT_CONTACT_GAP_MS, jitter: 0.5 },
    conversation: deps.engine,
    files: { store: deps.files, maxMb: config.MAX_ATTACHMENT_MB, log: deps.jobs.log },
    greeting: config.WECHAT_GREETING,
    firstSeen: async (messageId) => (await deps.redis.set(`${config.QUEUE_PREFIX}:wechat-seen:${account}:${messageId}`, "1", "EX", 24 * 3600, "NX")) === "OK",
    loginNeeded: lifecycle.loginNeeded,
    online: lifecycle.online,
    qrOutput: deps.wechat ? null : undefined,
    log: deps.jobs.log,
  });
  await channel.start();
  await lifecycle.serve(channel.sender);
  return {
    ...channel,
    stop: async () => {
      await channel.stop();
      await lifecycle.stop();
    },
  };
}
