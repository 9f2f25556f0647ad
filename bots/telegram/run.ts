/**
 * Starting and stopping the bot: long polling with @grammyjs/runner (updates of different chats
 * handled at once), or a webhook on a plain node:http server guarded by Telegram's secret header.
 * Either way stop() lets the updates in flight finish.
 */
import { createServer, type Server } from "node:http";
import { run } from "@grammyjs/runner";
import { BotError, webhookCallback, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Log } from "../../src/log";
import { registerCommands } from "./commands";
import { errorSummary } from "./safe-error";

export interface StartTelegramOptions {
  mode: "polling" | "webhook";
  /** The public https URL Telegram posts to; its path is the one the server answers on. */
  webhookUrl?: string;
  /** Sent by Telegram in X-Telegram-Bot-Api-Secret-Token; required in webhook mode. */
  webhookSecret?: string;
  /** Where the webhook server listens (0: any free port, see `port` on the result). */
  port?: number;
  host?: string;
  log: Log;
}

export interface RunningTelegram {
  /** The webhook server's port, once listening (webhook mode only). */
  port?: number;
  stop(): Promise<void>;
}

/** The only updates the adapter handles; others (edits, member changes) are not even fetched. */
const allowedUpdates = ["message", "callback_query"] as const;

export async function startTelegram(bot: Bot, options: StartTelegramOptions): Promise<RunningTelegram> {
  await bot.init();
  await registerCommands(bot.api, options.log);
  return options.mode === "polling" ? startPolling(bot, options.log) : startWebhook(bot, options);
}

async function startPolling(bot: Bot, log: Log): Promise<RunningTelegram> {
  // Telegram refuses getUpdates while a webhook is set.
  await bot.api.deleteWebhook();
  // The runner's stop() ends fetching but does not wait for middleware still running, so the
  // updates in flight are tracked here and awaited on stop.
  const inFlight = new Set<Promise<void>>();
  const handle = run(
    {
      init: () => bot.init(),
      handleUpdate: (update: Update) => {
        const task = bot.handleUpdate(update);
        inFlight.add(task);
        const forget = () => inFlight.delete(task);
        task.then(forget, forget);
        return task;
      },
      errorHandler: (error: unknown) => escaped(bot, log, error),
      api: bot.api,
    },
    { runner: { fetch: { allowed_updates: allowedUpdates } } },
  );
  // Only fatal problems end the runner (token revoked: 401, another instance polling: 409).
  handle.task()?.catch((error: unknown) => log.error({ error: errorSummary(error) }, "telegram polling stopped"));
  log.info({ bot: bot.botInfo.username, mode: "polling" }, "telegram bot started");
  return {
    stop: async () => {
      await handle.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function startWebhook(bot: Bot, options: StartTelegramOptions): Promise<RunningTelegram> {
  const { webhookUrl, webhookSecret, log } = options;
  // An open webhook would let anyone post forged updates as any citizen.
  if (!webhookUrl || !webhookSecret) throw new Error("webhook mode needs a webhook URL and a secret");
  const path = new URL(webhookUrl).pathname;
  const callback = webhookCallback(bot, "http", {
    secretToken: webhookSecret,
    // Answer Telegram before its own timeout so it does not deliver the update again; the
    // update keeps running and its replies still go out.
    onTimeout: "return",
    timeoutMilliseconds: 25_000,
  });

  const server: Server = createServer((req, res) => {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    callback(req, res).catch(async (error: unknown) => {
      // handleUpdate rethrows what escaped the middleware instead of calling bot.catch itself.
      if (error instanceof BotError) {
        await escaped(bot, log, error);
        if (!res.headersSent) res.writeHead(200);
      } else {
        // A body that is not JSON: nothing Telegram would send, nothing to handle.
        log.warn({ error: errorSummary(error) }, "telegram webhook request rejected");
        if (!res.headersSent) res.writeHead(400);
      }
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : undefined;

  try {
    await bot.api.setWebhook(webhookUrl, { secret_token: webhookSecret, allowed_updates: allowedUpdates });
  } catch (error) {
    server.close();
    throw error;
  }
  log.info({ bot: bot.botInfo.username, mode: "webhook", port }, "telegram bot started");
  return {
    ...(port !== undefined ? { port } : {}),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // close() waits for requests in flight (each answers after its update is handled) and
        // drops idle keep-alive connections. The webhook stays set: Telegram keeps the updates
        // that arrive meanwhile and delivers them when the server is back.
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** Errors that escaped the middleware go to the bot's error boundary (bot.catch); anything else is logged. */
async function escaped(bot: Bot, log: Log, error: unknown): Promise<void> {
  try {
    if (error instanceof BotError) await bot.errorHandler(error);
    else log.error({ error: errorSummary(error) }, "telegram update could not be handled");
  } catch (handlerError) {
    log.error({ error: errorSummary(handlerError) }, "telegram error handler failed");
  }
}
