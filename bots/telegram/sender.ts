/**
 * The outbound queue's way to Telegram. It sends and reports; it never retries, because the queue
 * owns retries (paced, counted, sent once): hence a bare Api per bot, without auto-retry, and
 * Telegram's answers translated into the queue's vocabulary of errors. A notice's actions become
 * an inline keyboard on its last text part, with tokens as the conversation's replies have them
 * (./render.ts): a press arrives as the command, from the recipient only.
 */
import { Api, GrammyError, InputFile } from "grammy";
import { RetryAfterError, UndeliverableError, type ChannelAddress, type ChannelSender, type OutboundFile } from "../../src/channels/sender";
import type { Choice } from "../../src/conversation/types";
import { userKey } from "../../src/kernel/channel";
import { inlineKeyboard, maxMessageLength, type TokenIssuer } from "./render";

export interface TelegramSenderOptions {
  apiRoot: string;
  /** Every bot account this deployment runs, by username (ChannelUser.botAccount). */
  bots: ReadonlyArray<{ account: string; token: string }>;
  /** @defaultValue 30: the queue would rather retry than wait minutes on one call. */
  timeoutSeconds?: number;
  /**
   * Issues the tokens of a notice's buttons. They live as long as the case may wait for them
   * (longer than a dialogue's): a token lets its owner run only a command they could type.
   */
  tokens: TokenIssuer;
}

/** 400s meaning the chat cannot be reached at all; other 400s are our bugs and are rethrown. */
const unreachable = /chat not found|user not found|PEER_ID_INVALID|user is deactivated|bot was blocked/i;

export class TelegramSender implements ChannelSender {
  readonly channel = "telegram" as const;
  private readonly apis = new Map<string, Api>();
  private readonly tokens: TokenIssuer;

  constructor(options: TelegramSenderOptions) {
    this.tokens = options.tokens;
    for (const bot of options.bots) {
      this.apis.set(bot.account, new Api(bot.token, { apiRoot: options.apiRoot, timeoutSeconds: options.timeoutSeconds ?? 30 }));
    }
  }

  /** The raw API of one bot account (tests install transformers on its `config`). */
  api(account: string): Api {
    const api = this.apis.get(account);
    if (!api) throw new UndeliverableError(`no Telegram bot configured for account ${account}`);
    return api;
  }

  readonly maxTextLength = maxMessageLength;

  async send(to: ChannelAddress, text: string, choices: Choice[] = []): Promise<void> {
    const api = this.api(to.botAccount);
    // Issued before the call: a token that Redis did not take fails the part, to be retried whole.
    const replyMarkup = choices.length > 0 ? await inlineKeyboard(choices, userKey({ channel: "telegram", botAccount: to.botAccount, platformId: to.platformId }), this.tokens) : undefined;
    try {
      // No parse_mode, deliberately: the text is plain, whatever characters it contains.
      await api.sendMessage(to.platformId, text, replyMarkup ? { reply_markup: replyMarkup } : {});
    } catch (error) {
      throw translate(error);
    }
  }

  async sendFile(to: ChannelAddress, file: OutboundFile): Promise<void> {
    try {
      await sendByKind(this.api(to.botAccount), to.platformId, file);
    } catch (error) {
      throw translate(error);
    }
  }
}

/** Each kind of file as Telegram shows it: photos inline, voice as a playable message. */
async function sendByKind(api: Api, chatId: string, file: OutboundFile): Promise<void> {
  const input = new InputFile(file.bytes, file.fileName);
  switch (file.kind) {
    case "photo":
      await api.sendPhoto(chatId, input);
      return;
    case "voice":
      await api.sendVoice(chatId, input);
      return;
    case "video":
      await api.sendVideo(chatId, input);
      return;
    case "document":
      await api.sendDocument(chatId, input);
      return;
  }
}

function translate(error: unknown): unknown {
  if (!(error instanceof GrammyError)) return error;
  if (error.error_code === 429) return new RetryAfterError((error.parameters.retry_after ?? 1) * 1000);
  // 403: blocked by the person, or their account is deactivated.
  if (error.error_code === 403 || (error.error_code === 400 && unreachable.test(error.description))) {
    return new UndeliverableError(`Telegram: ${error.description}`);
  }
  return error;
}
