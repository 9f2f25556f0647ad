/**
 * The Telegram adapter's front door. Wiring (src/main.ts) needs only these; the modules behind
 * them (inbound, render, files) are the adapter's own business.
 */
export { createTelegramBot, type ConversationPort, type NoticeKey, type TelegramBotOptions } from "./bot";
export { startTelegram, type RunningTelegram, type StartTelegramOptions } from "./run";
export { TelegramSender, type TelegramSenderOptions } from "./sender";
export { registerCommands } from "./commands";
