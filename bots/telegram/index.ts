/**
 * The Telegram adapter's front door. The composition root (src/app/channels.ts) needs only the
 * channel factories; the bot, its runner and its sender are exported for the adapter's own tests
 * and the benchmark. The modules behind them (inbound, render, files) are the adapter's business.
 */
export { createTelegramChannel, createTelegramSenderChannel, type TelegramChannelOptions, type TelegramHooks, type TelegramSenderChannelOptions } from "./channel";
export { createTelegramBot, type ConversationPort, type NoticeKey, type TelegramBotOptions } from "./bot";
export { startTelegram, type RunningTelegram, type StartTelegramOptions } from "./run";
export { TelegramSender, type TelegramSenderOptions } from "./sender";
export { registerCommands } from "./commands";
