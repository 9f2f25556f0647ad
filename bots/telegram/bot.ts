/**
 * The Telegram bot: updates in, the conversation's replies out. It translates and nothing else;
 * every decision (what to say, whether a group may be answered, what a stale button means for the
 * dialogue) is the conversation's, reached through the small ConversationPort below.
 *
 * ```ts
 * const bot = createTelegramBot({ token, apiRoot, conversation, tokens, files, maxAttachmentMb: 20, log });
 * const running = await startTelegram(bot, { mode: "polling", log });
 * ```
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Api, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ActionTokens } from "../../src/conversation/action-tokens";
import type { ConversationPort } from "../../src/conversation/engine";
import { userKey, type ChannelUser } from "../../src/kernel/channel";
import type { InboundMessage, Reply } from "../../src/conversation/types";
import type { FileStore } from "../../src/files/file-store";
import type { Log } from "../../src/log";
import { TelegramFiles } from "./files";
import { channelUser, inboundBase, toInbound } from "./inbound";
import { renderReply } from "./render";
import { errorSummary } from "./safe-error";

export type { ConversationPort, NoticeKey } from "../../src/conversation/engine";

export interface TelegramBotOptions {
  token: string;
  /** https://api.telegram.org, a self-hosted Bot API server, or an emulator in tests. */
  apiRoot: string;
  /** Skips the getMe call at start when given. */
  botInfo?: UserFromGetMe;
  conversation: ConversationPort;
  tokens: Pick<ActionTokens, "issueMany" | "resolve">;
  files: FileStore;
  maxAttachmentMb: number;
  log: Log;
}

export function createTelegramBot(options: TelegramBotOptions): Bot {
  const { conversation, tokens, log } = options;
  const bot = new Bot(options.token, {
    client: { apiRoot: options.apiRoot },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Covers the calls made while answering (replies, callback answers, keyboard edits). Network
  // errors are rethrown rather than retried forever: a hung call would stall the person's chat.
  bot.api.config.use(autoRetry({ maxDelaySeconds: 30, maxRetryAttempts: 3, rethrowHttpErrors: true }));

  const files = new TelegramFiles({ token: options.token, apiRoot: options.apiRoot, store: options.files, maxMb: options.maxAttachmentMb, log });
  /** Callback queries already answered, so an apology after that goes out as a message instead. */
  const answered = new WeakSet<Context>();

  async function answer(ctx: Context, text?: string): Promise<void> {
    await ctx.answerCallbackQuery(text !== undefined ? { text } : undefined);
    answered.add(ctx);
  }

  async function send(api: Api, chatId: number, user: ChannelUser, replies: Reply[]): Promise<void> {
    for (const reply of replies) {
      const messages = await renderReply(reply, userKey(user), tokens);
      if (messages.length === 0) log.warn("telegram: the conversation returned an empty reply; nothing sent");
      for (const message of messages) {
        // No parse_mode, deliberately: the text is plain, whatever characters it contains.
        await api.sendMessage(chatId, message.text, message.replyMarkup ? { reply_markup: message.replyMarkup } : {});
      }
    }
  }

  async function deliver(ctx: Context, inbound: InboundMessage): Promise<void> {
    log.debug({ updateId: ctx.update.update_id, kind: inbound.kind, chat: inbound.chat }, "telegram inbound");
    const replies = await conversation.handle(inbound);
    await send(ctx.api, chatIdOf(ctx), inbound.user, replies);
  }

  async function onPress(ctx: Context, data: string): Promise<void> {
    const base = inboundBase(ctx);
    if (!base) return answer(ctx);
    const resolution = await tokens.resolve(data, userKey(base.user));
    if (!resolution.ok) {
      const text = await conversation.notice(base.user, resolution.reason === "unknown" ? "button_stale" : "button_foreign");
      return answer(ctx, text);
    }
    await answer(ctx);
    await removeKeyboard(ctx);
    await deliver(ctx, { ...base, kind: "choice", value: resolution.value });
  }

  /** Pressed buttons are taken away so the same choice is not made twice by accident. */
  async function removeKeyboard(ctx: Context): Promise<void> {
    // Inline-mode messages and the emulator's callback queries carry no message id: nothing to edit.
    if (ctx.chat === undefined || ctx.msgId === undefined) return;
    try {
      await ctx.api.editMessageReplyMarkup(ctx.chat.id, ctx.msgId, { reply_markup: { inline_keyboard: [] } });
    } catch (error) {
      // The message may be too old to edit, or already edited: harmless.
      log.debug({ updateId: ctx.update.update_id, error: errorSummary(error) }, "telegram keyboard not removed");
    }
  }

  /** The error boundary: a log line with ids, an apology for the person, never a crash. */
  async function failed(ctx: Context, error: unknown): Promise<void> {
    const updateId = ctx.update.update_id;
    log.error({ updateId, error: errorSummary(error) }, "telegram update failed");
    const user = channelUser(ctx);
    if (!user) return;
    try {
      const text = await conversation.notice(user, "error_generic");
      if (ctx.callbackQuery && !answered.has(ctx)) await answer(ctx, text);
      else await ctx.api.sendMessage(chatIdOf(ctx), text);
    } catch (apologyError) {
      log.error({ updateId, error: errorSummary(apologyError) }, "telegram apology failed");
    }
  }

  async function guarded(ctx: Context, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      await failed(ctx, error);
    }
  }

  // One chat's updates run in order; different chats run in parallel (under the runner).
  bot.use(sequentialize<Context>((ctx) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.on("message", (ctx) =>
    guarded(ctx, async () => {
      const inbound = await toInbound(ctx, ctx.message, (ref) => files.download(ctx.api, ref));
      if (inbound) await deliver(ctx, inbound);
    }),
  );
  bot.on("callback_query:data", (ctx) => guarded(ctx, () => onPress(ctx, ctx.callbackQuery.data)));
  // Edited messages, channel posts, membership changes and the rest reach no handler: ignored.
  bot.catch((error) => failed(error.ctx, error.error));
  return bot;
}

/** Replies go where the message came from; a button without a chat was pressed in a private one. */
function chatIdOf(ctx: Context): number {
  const id = ctx.chat?.id ?? ctx.from?.id;
  if (id === undefined) throw new Error("update has neither chat nor sender");
  return id;
}
