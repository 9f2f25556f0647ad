/**
 * The Telegram channel as the runtime sees it (src/channels/channel.ts): built from plain options,
 * the grammY Bot and Api kept inside. A process that takes updates builds it with
 * `createTelegramChannel`; a worker process that only sends notices with `createTelegramSenderChannel`.
 */
import { Api } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Channel } from "../../src/channels/channel";
import { createTelegramBot, type TelegramBotOptions } from "./bot";
import { startTelegram, type RunningTelegram, type StartTelegramOptions } from "./run";
import type { TokenIssuer } from "./render";
import { TelegramSender } from "./sender";

/**
 * Test hooks, passed through by the runtime without it naming grammY: `botInfo` skips getMe, and
 * `configureApi` sees every Api the channel makes (the bot's and the sender's), e.g. to install an
 * emulator's transformer with `api.config.use(...)`.
 */
export interface TelegramHooks {
  botInfo?: UserFromGetMe;
  configureApi?: (api: Api) => void;
}

export interface TelegramChannelOptions extends Omit<TelegramBotOptions, "botInfo">, Omit<StartTelegramOptions, "log"> {
  hooks?: TelegramHooks;
  /** The tokens of notices' buttons (TelegramSenderOptions.tokens); the bot resolves them with `tokens`. */
  noticeTokens: TokenIssuer;
}

export interface TelegramSenderChannelOptions {
  token: string;
  apiRoot: string;
  hooks?: TelegramHooks;
  /** The tokens of notices' buttons (TelegramSenderOptions.tokens). */
  noticeTokens: TokenIssuer;
}

/** The bot with its sender. Asks Telegram who the bot is (getMe) unless the hooks say. */
export async function createTelegramChannel(options: TelegramChannelOptions): Promise<Channel> {
  const { hooks, mode } = options;
  const bot = createTelegramBot({ ...options, botInfo: hooks?.botInfo });
  hooks?.configureApi?.(bot.api);
  await bot.init();
  const account = bot.botInfo.username;
  const sender = senderFor(options, account);
  let running: RunningTelegram | undefined;
  return {
    name: "telegram",
    label: `telegram @${account} (${mode})`,
    sender,
    isOnline: () => true,
    start: async () => {
      running = await startTelegram(bot, options);
    },
    stop: async () => {
      await running?.stop();
    },
  };
}

/** A sender for a process that sends notices but takes no updates (the worker role). */
export async function createTelegramSenderChannel(options: TelegramSenderChannelOptions): Promise<Channel> {
  const probe = new Api(options.token, { apiRoot: options.apiRoot });
  options.hooks?.configureApi?.(probe);
  const me = options.hooks?.botInfo ?? (await probe.getMe());
  return {
    name: "telegram",
    label: `telegram @${me.username} (sending only)`,
    sender: senderFor(options, me.username),
    isOnline: () => true,
    start: async () => {},
    stop: async () => {},
  };
}

function senderFor(options: TelegramSenderChannelOptions, account: string): TelegramSender {
  const sender = new TelegramSender({ apiRoot: options.apiRoot, bots: [{ account, token: options.token }], tokens: options.noticeTokens });
  options.hooks?.configureApi?.(sender.api(account));
  return sender;
}
