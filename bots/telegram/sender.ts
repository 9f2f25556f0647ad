/**
 * The outbound queue's way to Telegram. It sends and reports; it never retries, because the queue
 * owns retries (paced, counted, sent once): hence a bare Api per bot, without auto-retry, and
 * Telegram's answers translated into the queue's vocabulary of errors.
 */
import { Api, GrammyError, InputFile } from "grammy";
import { RetryAfterError, UndeliverableError, type ChannelAddress, type ChannelSender, type OutboundFile } from "../../src/channels/sender";
import { maxMessageLength } from "./render";

export interface TelegramSenderOptions {
  apiRoot: string;
  /** Every bot account this deployment runs, by username (ChannelUser.botAccount). */
  bots: ReadonlyArray<{ account: string; token: string }>;
  /** @defaultValue 30: the queue would rather retry than wait minutes on one call. */
  timeoutSeconds?: number;
}

/** 400s meaning the chat cannot be reached at all; other 400s are our bugs and are rethrown. */
const unreachable = /chat not found|user not found|PEER_ID_INVALID|user is deactivated|bot was blocked/i;

export class TelegramSender implements ChannelSender {
  readonly channel = "telegram" as const;
  private readonly apis = new Map<string, Api>();

  constructor(options: TelegramSenderOptions) {
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

  async send(to: ChannelAddress, text: string): Promise<void> {
    try {
      await this.api(to.botAccount).sendMessage(to.platformId, text);
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
