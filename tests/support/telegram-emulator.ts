/**
 * A Telegram to test against, offline: telegram-test-api's server (the Bot API over HTTP, and a
 * "client" side for people), plus what it lacks, so a real grammY bot can run on it unchanged.
 *
 * - `startTelegramEmulator()` starts the server on a free port behind a thin front that also
 *   serves downloadable files (`addFile`), since the emulator implements no file downloads.
 * - `emulator.client(userId, firstName)` is a person: send text, any other message, press a button.
 * - `emulator.waitForBotMessages(chatId, count | predicate)` returns what the bot sent to a chat.
 * - `emulator.gaps()` / `emulatorGaps()` is an API transformer for `bot.api.config.use(...)`: it
 *   records every call, answers the methods the emulator lacks (setMyCommands, sendChatAction,
 *   getFile, webhooks…), injects errors such as 429 for the next N calls of a method, and slows
 *   empty getUpdates, which the emulator answers at once instead of holding the long poll.
 *
 * Known emulator limits (telegram-test-api 4.2.1): callback queries lack the message's
 * message_id unless the test passes one; no length checks (4,096 characters, 64-byte callback
 * data); no webhook secret header; no 429s of its own.
 */
import { randomBytes, randomInt } from "node:crypto";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Transformer } from "grammy";
import type { ApiError, ApiSuccess, UserFromGetMe } from "grammy/types";
import { TelegramServer } from "telegram-test-api/lib/telegramServer";
import { freePort } from "../../src/services/free-port";

/** A message the bot sent, as the emulator received it. */
export interface BotMessage {
  botToken: string;
  messageId: number;
  chatId: string;
  text: string;
  /** The inline keyboard's buttons, row by row. */
  keyboard?: Array<Array<{ text: string; callback_data?: string }>>;
  /** Every parameter the bot passed to sendMessage (e.g. to check there is no parse_mode). */
  payload: Record<string, unknown>;
}

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

export type InjectedError = Omit<ApiError, "ok">;

export interface EmulatorClientOptions {
  /** Defaults to the emulator's default bot. */
  token?: string;
  /** Defaults to userId (a private chat); use a negative id with chatType "group" for groups. */
  chatId?: number;
  chatType?: "private" | "group" | "supergroup";
  languageCode?: string;
}

export interface EmulatorClient {
  readonly userId: number;
  readonly chatId: number;
  /** Sends text; a leading /command carries a bot_command entity, as real clients send it. */
  sendText(text: string): Promise<void>;
  /** Sends any message: `{ sticker: {...} }`, `{ photo: [...], caption }`, `{ location: {...} }`. */
  sendMessage(fields: Record<string, unknown>): Promise<void>;
  /** Presses a button. Pass the message id to have it in the update; the emulator omits it. */
  pressButton(callbackData: string, options?: { messageId?: number }): Promise<void>;
}

export interface EmulatorGaps extends Transformer {
  /** Every API call made through the transformer (but getUpdates), oldest first. */
  readonly calls: ApiCall[];
  callsOf(method: string): ApiCall[];
  /** The next `times` calls of `method` fail with `error` (without reaching the emulator). */
  failNext(method: string, times: number, error: InjectedError): void;
  /** The next `times` calls of `method` answer 429 Too Many Requests, retry after N seconds. */
  rateLimitNext(method: string, times: number, retryAfterSeconds: number): void;
  /** Resolves with the first call of `method` at index ≥ `since` matching `where`. */
  waitForCall(method: string, options?: { since?: number; where?: (call: ApiCall) => boolean; timeoutMs?: number }): Promise<ApiCall>;
}

/** Files the emulator pretends to host, by file_id. */
export type FileRegistry = ReadonlyMap<string, Uint8Array>;

/** Pause for an empty getUpdates: keeps a polling bot from spinning thousands of times a second. */
const emptyPollDelayMs = 50;

/** Methods the emulator does not implement, answered here as Telegram would. */
const answered: Record<string, (payload: Record<string, unknown>, files: FileRegistry) => ApiSuccess<never> | ApiError> = {
  setMyCommands: () => ok(true),
  deleteMyCommands: () => ok(true),
  getMyCommands: () => ok([]),
  sendChatAction: () => ok(true),
  // Answered here so the emulator never pushes updates to a webhook (it would send no secret).
  setWebhook: () => ok(true),
  // Files the bot sends (the emulator has no media methods): answered as sent, recorded by gaps().
  sendPhoto: sentMedia,
  sendDocument: sentMedia,
  sendVoice: sentMedia,
  sendVideo: sentMedia,
  deleteWebhook: () => ok(true),
  getFile: (payload, files) => {
    const fileId = String(payload.file_id);
    const bytes = files.get(fileId);
    if (!bytes) return { ok: false, error_code: 400, description: "Bad Request: invalid file_id" };
    return ok({ file_id: fileId, file_unique_id: `u-${fileId}`, file_size: bytes.byteLength, file_path: `emulated/${fileId}` });
  },
};

let mediaMessageId = 1_000_000;
function sentMedia(payload: Record<string, unknown>): ApiSuccess<never> {
  return ok({ message_id: mediaMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(payload.chat_id), type: "private" } });
}

function ok(result: unknown): ApiSuccess<never> {
  return { ok: true, result: result as never };
}

export function emulatorGaps(files: FileRegistry = new Map()): EmulatorGaps {
  const calls: ApiCall[] = [];
  const injected = new Map<string, InjectedError[]>();

  const transformer: Transformer = async (prev, method, payload, signal) => {
    const call: ApiCall = { method, payload: { ...(payload as Record<string, unknown>) } };
    // Polls are not recorded: a polling bot makes twenty a second, and no test asks about them.
    if (method !== "getUpdates") calls.push(call);
    const error = injected.get(method)?.shift();
    if (error) return { ok: false, ...error };
    const answer = answered[method];
    if (answer) return answer(call.payload, files);
    const result = await prev(method, payload, signal);
    if (method === "getUpdates" && result.ok && Array.isArray(result.result) && result.result.length === 0) {
      await pause(emptyPollDelayMs, signal);
    }
    return result;
  };

  const gaps = {
    calls,
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    failNext(method: string, times: number, error: InjectedError) {
      const queue = injected.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(error);
      injected.set(method, queue);
    },
    rateLimitNext(method: string, times: number, retryAfterSeconds: number) {
      gaps.failNext(method, times, {
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfterSeconds}`,
        parameters: { retry_after: retryAfterSeconds },
      });
    },
    waitForCall(method: string, options: { since?: number; where?: (call: ApiCall) => boolean; timeoutMs?: number } = {}) {
      const { since = 0, where = () => true, timeoutMs = 5000 } = options;
      return waitFor(
        () => calls.slice(since).find((call) => call.method === method && where(call)),
        timeoutMs,
        () => `no matching ${method} call within ${timeoutMs} ms (${calls.length - since} calls since)`,
      );
    },
  };
  return Object.assign(transformer, gaps);
}

export class TelegramEmulator {
  /** What the bot uses as `apiRoot`: the front, which serves files and forwards the rest. */
  readonly apiRoot: string;
  /** A bot token registered for tests that need just one bot. */
  readonly token: string;
  private readonly taken = new Set<string>();

  private constructor(
    readonly server: TelegramServer,
    private readonly front: Server,
    /** Shared by the front (downloads) and gaps() (getFile). */
    private readonly files: Map<string, Uint8Array>,
  ) {
    this.apiRoot = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    this.token = this.newToken();
  }

  static async start(): Promise<TelegramEmulator> {
    // The emulator takes a fixed port (0 would mean its default, 9000), so find a free one first.
    const port = await freePort();
    // storeTimeout: keep messages for the whole run instead of clearing them after a minute.
    const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 3600 });
    await server.start();
    const files = new Map<string, Uint8Array>();
    const front = createServer((req, res) => {
      const file = /^\/file\/bot[^/]+\/emulated\/([^/?]+)$/.exec(req.url ?? "");
      if (file) {
        const bytes = files.get(decodeURIComponent(file[1]!));
        if (!bytes) res.writeHead(404).end();
        else res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.byteLength }).end(bytes);
        return;
      }
      const upstream = request({ host: "127.0.0.1", port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
    return new TelegramEmulator(server, front, files);
  }

  /** A fresh bot token, so each bot under test has its own updates. */
  newToken(): string {
    return `${randomInt(100_000, 999_999_999)}:${randomBytes(27).toString("base64url")}`;
  }

  /** What getMe would say; pass it as `botInfo` so a bot starts without asking. */
  botInfo(username = "minqing_test_bot", id = randomInt(1, 1_000_000)): UserFromGetMe {
    return fakeBotInfo(username, id);
  }

  /** An API transformer that fills the emulator's gaps and serves this emulator's files. */
  gaps(): EmulatorGaps {
    return emulatorGaps(this.files);
  }

  /** Registers a file the bot can getFile and download; returns its file_id. */
  addFile(bytes: Uint8Array): string {
    const fileId = `file-${randomBytes(8).toString("hex")}`;
    this.files.set(fileId, bytes);
    return fileId;
  }

  client(userId: number, firstName: string, options: EmulatorClientOptions = {}): EmulatorClient {
    const chatId = options.chatId ?? userId;
    const client = this.server.getClient(options.token ?? this.token, {
      userId,
      chatId,
      firstName,
      userName: `user${userId}`,
      type: options.chatType ?? "private",
      chatTitle: options.chatType && options.chatType !== "private" ? `Group ${chatId}` : firstName,
    });
    const language = options.languageCode ? { from: { language_code: options.languageCode } } : {};
    return {
      userId,
      chatId,
      sendText: async (text) => {
        if (text.startsWith("/")) await client.sendCommand(client.makeCommand(text, language));
        else await client.sendMessage(client.makeMessage(text, language));
      },
      sendMessage: async (fields) => {
        const { text: _text, ...message } = client.makeMessage("", language);
        await client.sendMessage({ ...message, ...fields } as Parameters<typeof client.sendMessage>[0]);
      },
      pressButton: async (callbackData, pressOptions = {}) => {
        const extra = pressOptions.messageId !== undefined ? { message: { message_id: pressOptions.messageId } } : {};
        await client.sendCallback(client.makeCallbackQuery(callbackData, { ...extra, ...language }));
      },
    };
  }

  /** Messages the bot sent to a chat (all bots, or one token's), not yet returned by a wait. */
  pendingBotMessages(chatId: number | string, token?: string): BotMessage[] {
    return this.server.storage.botMessages
      .filter((stored) => String(stored.message.chat_id) === String(chatId) && (token === undefined || stored.botToken === token))
      .filter((stored) => !this.taken.has(`${stored.botToken}/${stored.messageId}`))
      .map((stored) => {
        const payload = { ...(stored.message as unknown as Record<string, unknown>) };
        const markup = payload.reply_markup as { inline_keyboard?: BotMessage["keyboard"] } | undefined;
        return {
          botToken: stored.botToken,
          messageId: stored.messageId,
          chatId: String(payload.chat_id),
          text: String(payload.text),
          ...(markup?.inline_keyboard ? { keyboard: markup.inline_keyboard } : {}),
          payload,
        };
      });
  }

  /**
   * Waits until `until` messages (a count) have arrived in the chat, or `until(messages)` holds,
   * and returns them; each message is returned once, so consecutive waits read a conversation.
   */
  async waitForBotMessages(
    chatId: number | string,
    until: number | ((messages: BotMessage[]) => boolean),
    timeoutMs = 5000,
    token?: string,
  ): Promise<BotMessage[]> {
    const done = typeof until === "number" ? (messages: BotMessage[]) => messages.length >= until : until;
    const messages = await waitFor(
      () => {
        const pending = this.pendingBotMessages(chatId, token);
        if (!done(pending)) return undefined;
        return typeof until === "number" ? pending.slice(0, until) : pending;
      },
      timeoutMs,
      () => `chat ${chatId}: expected ${typeof until === "number" ? until : "matching"} bot messages within ${timeoutMs} ms, got ${this.pendingBotMessages(chatId, token).length}`,
    );
    for (const message of messages) this.taken.add(`${message.botToken}/${message.messageId}`);
    return messages;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.front.close(() => resolve());
      this.front.closeAllConnections();
    });
    await this.server.stop();
  }
}

export function startTelegramEmulator(): Promise<TelegramEmulator> {
  return TelegramEmulator.start();
}

/** Polls `probe` until it returns a value; fails with `describe()` after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** grammY on Node passes abort-controller's AbortSignal, a subset of the global one. */
interface Abortable {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

function pause(ms: number, signal?: Abortable): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** What getMe would say for a bot with this name and id (also used by the benchmark). */
export function fakeBotInfo(username: string, id: number): UserFromGetMe {
  return {
    id,
    is_bot: true,
    first_name: "Minqing",
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}
