/**
 * A stand-in Telegram Bot API on loopback for the chaos run: it answers what the product calls
 * (getMe, setMyCommands, sendMessage, the media methods…), records every call it accepted, and
 * can be told to refuse a share of calls with 429 (parameters.retry_after) or 500/502, and to answer
 * slowly. A refused call is not a delivered message; an accepted one is, whatever happens after.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const standInBot = { id: 7_000_000_001, username: "minqing_chaos_bot", token: "7000000001:chaos-stand-in-token-abcdefghij" };

export interface AcceptedCall {
  method: string;
  chatId: string;
  /** The text of a message; "" for files. */
  text: string;
  at: number;
  /**
   * Whether the sender was still connected to hear the answer. A call whose sender died while it
   * was in flight was still carried out (as the real platform would), but nobody learnt it was:
   * the one duplicate no record on the sender's side can prevent.
   */
  answered: boolean;
}

export interface Faults {
  /** Share of send calls answered 429 with parameters.retry_after. */
  tooManyRequests: number;
  retryAfterSeconds: number;
  /** Share of send calls answered 500 or 502. */
  serverErrors: number;
  /** Every call waits this long before it is answered (keeps sends in flight when a process dies). */
  latencyMs: number;
}

const calm: Faults = { tooManyRequests: 0, retryAfterSeconds: 1, serverErrors: 0, latencyMs: 0 };
const sendMethods = new Set(["sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendVideo"]);

export class StandInPlatform {
  readonly accepted: AcceptedCall[] = [];
  refused = { tooManyRequests: 0, serverErrors: 0 };
  /** Every call by method, accepted or not (what the product calls at start: getMe…). */
  readonly methods = new Map<string, number>();
  private faults: Faults = { ...calm };
  private messageId = 1;

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<StandInPlatform> {
    let platform: StandInPlatform | undefined;
    const server = createServer((req, res) => void platform!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    platform = new StandInPlatform(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return platform;
  }

  setFaults(faults: Partial<Faults>): void {
    this.faults = { ...calm, ...faults };
  }

  /** Accepted calls from index `since` on. */
  since(since: number): AcceptedCall[] {
    return this.accepted.slice(since);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
    if (!match || match[1] !== standInBot.token) return answer(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2]!;
    this.methods.set(method, (this.methods.get(method) ?? 0) + 1);
    const payload = parsePayload(req.headers["content-type"] ?? "", Buffer.concat(chunks));
    if (this.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));

    if (sendMethods.has(method)) {
      const roll = Math.random();
      if (roll < this.faults.tooManyRequests) {
        this.refused.tooManyRequests++;
        const retry_after = this.faults.retryAfterSeconds;
        return answer(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retry_after}`, parameters: { retry_after } });
      }
      if (roll < this.faults.tooManyRequests + this.faults.serverErrors) {
        this.refused.serverErrors++;
        const code = roll < this.faults.tooManyRequests + this.faults.serverErrors / 2 ? 500 : 502;
        return answer(res, code, { ok: false, error_code: code, description: code === 500 ? "Internal Server Error" : "Bad Gateway" });
      }
      const chatId = String(payload.chat_id ?? "");
      this.accepted.push({ method, chatId, text: typeof payload.text === "string" ? payload.text : "", at: Date.now(), answered: !req.socket.destroyed });
      return answer(res, 200, { ok: true, result: { message_id: this.messageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: "private" }, text: payload.text } });
    }
    switch (method) {
      case "getMe":
        return answer(res, 200, { ok: true, result: { id: standInBot.id, is_bot: true, first_name: "Minqing chaos", username: standInBot.username, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false } });
      case "getUpdates":
        // Hold the long poll briefly instead of letting a poller spin.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return answer(res, 200, { ok: true, result: [] });
      default:
        // setMyCommands, deleteWebhook, sendChatAction, answerCallbackQuery…
        return answer(res, 200, { ok: true, result: true });
    }
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** JSON for text calls; multipart (files) only needs its chat_id. */
function parsePayload(contentType: string, body: Buffer): Record<string, unknown> {
  if (contentType.includes("application/json")) {
    try {
      return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const chatId = /name="chat_id"\r\n\r\n([^\r]+)/.exec(body.toString("latin1"))?.[1];
  return chatId ? { chat_id: chatId } : {};
}
