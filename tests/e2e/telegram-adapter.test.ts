/**
 * The Telegram adapter against telegram-test-api over HTTP, real Redis for button tokens and a
 * temporary file store. The conversation is a tiny scripted port: the real engine is tested
 * elsewhere; here we check the translation both ways and the adapter's own safeguards.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GrammyError } from "grammy";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelegramBot, startTelegram, TelegramSender, type ConversationPort, type NoticeKey, type RunningTelegram } from "../../bots/telegram";
import { RedisActionTokens } from "../../src/redis/action-tokens";
import { userKey, type ChannelUser } from "../../src/kernel/channel";
import type { InboundMessage, Reply } from "../../src/conversation/types";
import { MinqingError } from "../../src/kernel/errors";
import { FileStore } from "../../src/files/file-store";
import { createLogger, type Log } from "../../src/log";
import { RetryAfterError, UndeliverableError } from "../../src/channels/sender";
import { testRedisUrl } from "../support/services";
import { startTelegramEmulator, type EmulatorGaps, type TelegramEmulator } from "../support/telegram-emulator";

/** Answers by a script the test sets; records what reached it. */
class ScriptedPort implements ConversationPort {
  received: InboundMessage[] = [];
  script: (message: InboundMessage) => Reply[] | Promise<Reply[]> = (message) => [{ text: `got ${message.kind}` }];

  async handle(message: InboundMessage): Promise<Reply[]> {
    this.received.push(message);
    return this.script(message);
  }

  async notice(_user: ChannelUser, key: NoticeKey): Promise<string> {
    return `notice:${key}`;
  }
}

const botUsername = "minqing_test_bot";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let emulator: TelegramEmulator;
let redis: Redis;
let fileRoot: string;
let store: FileStore;
const logLines: string[] = [];
let log: Log;
const port = new ScriptedPort();
let gaps: EmulatorGaps;
const running: RunningTelegram[] = [];

/** Each test gets its own token key prefix; the bot reaches the current one through this. */
let tokens: RedisActionTokens;
let keyPrefix: string;
const currentTokens = {
  issueMany: (owner: string, values: string[]) => tokens.issueMany(owner, values),
  resolve: (token: string, presser: string) => tokens.resolve(token, presser),
};

function lastCallIndex(): number {
  return gaps.calls.length;
}

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  redis = new Redis(testRedisUrl, { lazyConnect: true });
  await redis.connect();
  fileRoot = await mkdtemp(path.join(tmpdir(), "minqing-tg-files-"));
  store = new FileStore(fileRoot);
  log = createLogger("debug", { write: (line: string) => void logLines.push(line) });

  const bot = createTelegramBot({
    token: emulator.token,
    apiRoot: emulator.apiRoot,
    botInfo: emulator.botInfo(botUsername),
    conversation: port,
    tokens: currentTokens,
    files: store,
    maxAttachmentMb: 1,
    log,
  });
  gaps = emulator.gaps();
  bot.api.config.use(gaps);
  running.push(await startTelegram(bot, { mode: "polling", log }));
});

afterAll(async () => {
  for (const bot of running) await bot.stop();
  await emulator?.stop();
  await redis?.quit();
  if (fileRoot) await rm(fileRoot, { recursive: true, force: true });
});

beforeEach(() => {
  keyPrefix = `minqing-test-tg-${randomBytes(6).toString("hex")}`;
  tokens = new RedisActionTokens(redis, keyPrefix, 600);
  port.received = [];
  port.script = (message) => [{ text: `got ${message.kind}` }];
});

afterEach(async () => {
  const keys = await redis.keys(`${keyPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
});

const menu: Reply = {
  text: "Pick one",
  choices: [
    { label: "Yes", value: "answer:yes" },
    { label: "No", value: "answer:no" },
  ],
};

describe("Telegram adapter on the emulator", () => {
  it("turns a text into an InboundMessage and sends every reply, in order", async () => {
    port.script = () => [{ text: "first" }, { text: "second" }];
    const person = emulator.client(1001, "Li", { languageCode: "zh-hans" });
    await person.sendText("路灯坏了");

    const replies = await emulator.waitForBotMessages(person.chatId, 2);
    expect(replies.map((reply) => reply.text)).toEqual(["first", "second"]);
    expect(port.received).toEqual([
      {
        kind: "text",
        text: "路灯坏了",
        chat: "private",
        languageHint: "zh-hans",
        user: { channel: "telegram", botAccount: botUsername, platformId: "1001" },
      },
    ]);
  });

  it("keeps one chat's messages in order even when earlier ones take longer", async () => {
    const delays: Record<string, number> = { one: 150, two: 50, three: 0 };
    port.script = async (message) => {
      const text = message.kind === "text" ? message.text : "";
      await sleep(delays[text] ?? 0);
      return [{ text: `re ${text}` }];
    };
    const person = emulator.client(1002, "Wang");
    for (const text of ["one", "two", "three"]) await person.sendText(text);

    const replies = await emulator.waitForBotMessages(person.chatId, 3);
    expect(replies.map((reply) => reply.text)).toEqual(["re one", "re two", "re three"]);
  });

  it("renders choices as buttons with short tokens, and a press delivers the choice", async () => {
    port.script = (message) => {
      if (message.kind === "choice") return [{ text: `chose ${message.value}` }];
      return [menu, { text: "Or a longer one", choices: [{ label: "Leave name and phone", value: "contact:named" }] }];
    };
    const person = emulator.client(1003, "Zhao");
    await person.sendText("start");
    const [pick, longer] = await emulator.waitForBotMessages(person.chatId, 2);

    // Short labels share a row; a long one gets its own.
    expect(pick!.keyboard?.map((row) => row.map((button) => button.text))).toEqual([["Yes", "No"]]);
    expect(longer!.keyboard?.map((row) => row.map((button) => button.text))).toEqual([["Leave name and phone"]]);
    const data = pick!.keyboard!.flat().map((button) => button.callback_data!);
    for (const token of data) {
      expect(Buffer.byteLength(token, "utf8")).toBeLessThanOrEqual(64);
      expect(token).not.toContain("answer");
    }

    const since = lastCallIndex();
    await person.pressButton(data[1]!, { messageId: pick!.messageId });
    const [chosen] = await emulator.waitForBotMessages(person.chatId, 1);
    expect(chosen!.text).toBe("chose answer:no");
    expect(port.received.at(-1)).toMatchObject({ kind: "choice", value: "answer:no", chat: "private" });

    const answer = await gaps.waitForCall("answerCallbackQuery", { since });
    expect(answer.payload.text).toBeUndefined();
    // The pressed message's keyboard is taken away.
    const edit = await gaps.waitForCall("editMessageReplyMarkup", { since });
    expect(edit.payload).toMatchObject({ message_id: pick!.messageId, reply_markup: { inline_keyboard: [] } });
  });

  it("answers a press without a message id (as the emulator sends it) all the same", async () => {
    port.script = (message) => (message.kind === "choice" ? [{ text: `chose ${message.value}` }] : [menu]);
    const person = emulator.client(1004, "Sun");
    await person.sendText("start");
    const [pick] = await emulator.waitForBotMessages(person.chatId, 1);
    await person.pressButton(pick!.keyboard![0]![0]!.callback_data!);
    const [chosen] = await emulator.waitForBotMessages(person.chatId, 1);
    expect(chosen!.text).toBe("chose answer:yes");
  });

  it("turns away forged, foreign and expired buttons politely, without reaching the conversation", async () => {
    const owner = emulator.client(1005, "Zhou");
    const stranger = emulator.client(1006, "Wu");
    port.script = () => [menu];
    await owner.sendText("start");
    const [pick] = await emulator.waitForBotMessages(owner.chatId, 1);
    const ownersToken = pick!.keyboard![0]![0]!.callback_data!;
    port.received = [];

    const answers = async (press: () => Promise<void>) => {
      const since = lastCallIndex();
      await press();
      return (await gaps.waitForCall("answerCallbackQuery", { since })).payload.text;
    };
    expect(await answers(() => owner.pressButton("forged-callback-data"))).toBe("notice:button_stale");
    expect(await answers(() => owner.pressButton("AAAAAAAAAAAAAAAA"))).toBe("notice:button_stale");
    expect(await answers(() => stranger.pressButton(ownersToken))).toBe("notice:button_foreign");

    // Tokens issued with a one-second life are gone after it.
    tokens = new RedisActionTokens(redis, keyPrefix, 1);
    await owner.sendText("again");
    const [fresh] = await emulator.waitForBotMessages(owner.chatId, 1);
    port.received = [];
    await sleep(1500);
    expect(await answers(() => owner.pressButton(fresh!.keyboard![0]![0]!.callback_data!))).toBe("notice:button_stale");

    await sleep(100);
    expect(port.received).toEqual([]);
    expect(emulator.pendingBotMessages(owner.chatId)).toEqual([]);
    expect(emulator.pendingBotMessages(stranger.chatId)).toEqual([]);
  });

  it("splits a long reply into parts of at most 4,096 characters that add up to the original", async () => {
    const sentence = "这条路上的路灯已经坏了三个月，晚上行人很不安全。";
    const long = sentence.repeat(Math.ceil(10_000 / sentence.length)).slice(0, 10_000);
    port.script = () => [{ text: long, choices: [{ label: "OK", value: "ok" }] }];
    const person = emulator.client(1007, "Qian");
    await person.sendText("long please");

    const parts = await emulator.waitForBotMessages(person.chatId, 3);
    expect(parts.every((part) => part.text.length <= 4096)).toBe(true);
    expect(parts.map((part) => part.text).join("")).toBe(long);
    // The buttons ride on the last part only.
    expect(parts.map((part) => part.keyboard !== undefined)).toEqual([false, false, true]);
  });

  it("sends markup-like text verbatim, without parse_mode", async () => {
    port.script = (message) => [{ text: message.kind === "text" ? `You wrote: ${message.text}` : "?" }];
    const person = emulator.client(1008, "Feng");
    const typed = "<b>x</b> *x* [a](b) _y_ `z` &amp;";
    await person.sendText(typed);

    const [reply] = await emulator.waitForBotMessages(person.chatId, 1);
    expect(reply!.text).toBe(`You wrote: ${typed}`);
    expect(reply!.payload).not.toHaveProperty("parse_mode");
    expect(reply!.payload).not.toHaveProperty("entities");
  });

  it("marks group messages as such and drops the bot's name from commands", async () => {
    const member = emulator.client(1009, "Chen", { chatId: -4001, chatType: "group" });
    await member.sendText(`/status@${botUsername}`);
    await emulator.waitForBotMessages(-4001, 1);
    expect(port.received).toEqual([
      expect.objectContaining({ kind: "text", text: "/status", chat: "group", user: expect.objectContaining({ platformId: "1009" }) }),
    ]);

    // A command for another bot in the same group is none of ours.
    await member.sendText("/status@some_other_bot");
    await sleep(300);
    expect(port.received).toHaveLength(1);
  });

  it("passes stickers on as unsupported, and a location or a venue as its point", async () => {
    const person = emulator.client(1010, "Chu");
    await person.sendMessage({
      sticker: { file_id: "sticker-1", file_unique_id: "s1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false },
    });
    await person.sendMessage({ location: { latitude: 31.2, longitude: 121.5 } });
    await person.sendMessage({ venue: { location: { latitude: 28.6842, longitude: 115.8921 }, title: "东坡村村委会", address: "青石镇" } });
    await emulator.waitForBotMessages(person.chatId, 3);
    expect(port.received.map((message) => (message.kind === "location" ? [message.latitude, message.longitude] : message.kind === "unsupported" && message.what))).toEqual([
      "sticker",
      [31.2, 121.5],
      [28.6842, 115.8921],
    ]);
  });

  it("downloads the largest size of a photo into the file store, and reports files it cannot keep", async () => {
    const bytes = randomBytes(4000);
    const large = emulator.addFile(bytes);
    const small = emulator.addFile(randomBytes(100));
    const person = emulator.client(1011, "Wei");
    await person.sendMessage({
      photo: [
        { file_id: small, file_unique_id: "p-small", width: 90, height: 60, file_size: 100 },
        { file_id: large, file_unique_id: "p-large", width: 1280, height: 960, file_size: 4000 },
      ],
      caption: "the broken lamp",
    });
    await emulator.waitForBotMessages(person.chatId, 1);
    const received = port.received[0];
    expect(received).toMatchObject({ kind: "attachment", caption: "the broken lamp", chat: "private" });
    if (received?.kind !== "attachment") throw new Error("no attachment");
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(received.attachment).toMatchObject({ kind: "photo", mimeType: "image/jpeg", size: 4000, sha256, sourceFileId: large });
    expect(await readFile(path.join(fileRoot, received.attachment.storageKey))).toEqual(bytes);

    // Over the limit (1 MB here): refused before downloading. Unknown to Telegram: a failed download.
    await person.sendMessage({ voice: { file_id: large, file_unique_id: "v1", duration: 9, file_size: 3 * 1024 * 1024 } });
    await person.sendMessage({ document: { file_id: "no-such-file", file_unique_id: "d1", file_name: "report.pdf", mime_type: "application/pdf" } });
    await emulator.waitForBotMessages(person.chatId, 2);
    expect(port.received.slice(1)).toEqual([
      expect.objectContaining({ kind: "attachment_failed", reason: "too_large", maxMb: 1 }),
      expect.objectContaining({ kind: "attachment_failed", reason: "download_failed" }),
    ]);
  });

  it("registers the command menus in Chinese and English, without /bind", () => {
    const menus = gaps.callsOf("setMyCommands").map((call) => call.payload);
    expect(menus).toHaveLength(2);
    expect(menus[0]).not.toHaveProperty("language_code");
    expect(menus[1]).toMatchObject({ language_code: "en" });
    for (const payload of menus) {
      const commands = (payload.commands as Array<{ command: string }>).map((entry) => entry.command);
      expect(commands).toEqual(["start", "status", "cancel", "help", "link", "lang"]);
    }
  });

  it("starts even when Telegram refuses the command menu", async () => {
    const token = emulator.newToken();
    const otherPort = new ScriptedPort();
    const bot = createTelegramBot({
      token,
      apiRoot: emulator.apiRoot,
      botInfo: emulator.botInfo("minqing_menu_bot"),
      conversation: otherPort,
      tokens: currentTokens,
      files: store,
      maxAttachmentMb: 1,
      log,
    });
    const menuGaps = emulator.gaps();
    menuGaps.failNext("setMyCommands", 2, { error_code: 400, description: "Bad Request: injected failure" });
    bot.api.config.use(menuGaps);
    running.push(await startTelegram(bot, { mode: "polling", log }));

    const person = emulator.client(1012, "Jiang", { token });
    await person.sendText("hello");
    const [reply] = await emulator.waitForBotMessages(person.chatId, 1, 5000, token);
    expect(reply!.text).toBe("got text");
    expect(logLines.some((line) => line.includes("command menu not registered"))).toBe(true);
  });

  it("apologises when the conversation fails, logs without the text, and keeps working", async () => {
    port.script = (message) => {
      if (message.kind === "text" && message.text.startsWith("explode")) throw new Error(`engine broke on: ${message.text}`);
      if (message.kind === "text" && message.text.startsWith("refuse")) throw new MinqingError("petition.too_long", { max: 2000 });
      if (message.kind === "choice") throw new Error("choice broke");
      if (message.kind === "text" && message.text === "menu") return [menu];
      return [{ text: "fine" }];
    };
    const person = emulator.client(1013, "Shen");
    await person.sendText("explode private-words-7f3a");
    await person.sendText("refuse this");
    await person.sendText("hello");
    const replies = await emulator.waitForBotMessages(person.chatId, 3);
    expect(replies.map((reply) => reply.text)).toEqual(["notice:error_generic", "notice:error_generic", "fine"]);

    // A failure after the button was answered is apologised for with a message.
    await person.sendText("menu");
    const [pick] = await emulator.waitForBotMessages(person.chatId, 1);
    await person.pressButton(pick!.keyboard![0]![0]!.callback_data!);
    const [apology] = await emulator.waitForBotMessages(person.chatId, 1);
    expect(apology!.text).toBe("notice:error_generic");

    const failures = logLines.filter((line) => line.includes("telegram update failed"));
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures.some((line) => line.includes("petition.too_long"))).toBe(true);
    expect(failures.every((line) => /"updateId":\d+/.test(line))).toBe(true);
    expect(logLines.join("\n")).not.toContain("private-words-7f3a");
  });

  it("sends outbound notices through TelegramSender and translates Telegram's refusals", async () => {
    const sender = new TelegramSender({ apiRoot: emulator.apiRoot, bots: [{ account: botUsername, token: emulator.token }], tokens });
    const senderGaps = emulator.gaps();
    sender.api(botUsername).config.use(senderGaps);
    const to = { botAccount: botUsername, platformId: "1014" };

    // The queue splits long notices at this length and hands over one part per call.
    expect(sender.maxTextLength).toBe(4096);
    const notice = "您的诉求已受理。*不是粗体*";
    await sender.send(to, notice);
    const parts = await emulator.waitForBotMessages(1014, 1);
    expect(parts[0]!.text).toBe(notice);
    expect("parse_mode" in parts[0]!.payload).toBe(false);

    senderGaps.rateLimitNext("sendMessage", 1, 7);
    const limited = await sender.send(to, "later").catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RetryAfterError);
    expect((limited as RetryAfterError).retryAfterMs).toBe(7000);

    senderGaps.failNext("sendMessage", 1, { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await expect(sender.send(to, "blocked")).rejects.toBeInstanceOf(UndeliverableError);
    senderGaps.failNext("sendMessage", 1, { error_code: 400, description: "Bad Request: chat not found" });
    await expect(sender.send(to, "gone")).rejects.toBeInstanceOf(UndeliverableError);
    senderGaps.failNext("sendMessage", 1, { error_code: 400, description: "Bad Request: message text is empty" });
    await expect(sender.send(to, "bug")).rejects.toBeInstanceOf(GrammyError);
    await expect(sender.send({ botAccount: "unknown_bot", platformId: "1014" }, "x")).rejects.toBeInstanceOf(UndeliverableError);
    // Nothing was retried behind the queue's back: one call per attempt.
    expect(senderGaps.callsOf("sendMessage").length).toBe(parts.length + 4);
  });

  it("puts a notice's actions on it as buttons that only its recipient can press, each meaning its command", async () => {
    const sender = new TelegramSender({ apiRoot: emulator.apiRoot, bots: [{ account: botUsername, token: emulator.token }], tokens: currentTokens });
    const official = emulator.client(1015, "Wang");
    const to = { botAccount: botUsername, platformId: String(official.userId) };
    const actions = [
      { label: "受理", value: "/accept MQ2345ABCD" },
      { label: "更多操作", value: "/case MQ2345ABCD" },
    ];
    await sender.send(to, "【新交办】MQ2345ABCD", actions);
    const [notice] = await emulator.waitForBotMessages(official.chatId, 1);
    expect(notice!.text).toBe("【新交办】MQ2345ABCD");
    expect(notice!.keyboard?.map((row) => row.map((button) => button.text))).toEqual([["受理", "更多操作"]]);
    const data = notice!.keyboard!.flat().map((button) => button.callback_data!);
    for (const token of data) {
      expect(Buffer.byteLength(token, "utf8")).toBeLessThanOrEqual(64);
      expect(token).not.toContain("MQ2345ABCD");
    }
    // The tokens mean the commands for the recipient, and nothing for anyone else.
    const recipient = userKey({ channel: "telegram", botAccount: botUsername, platformId: "1015" });
    expect(await tokens.resolve(data[0]!, recipient)).toEqual({ ok: true, value: "/accept MQ2345ABCD" });
    expect(await tokens.resolve(data[1]!, recipient)).toEqual({ ok: true, value: "/case MQ2345ABCD" });
    expect(await tokens.resolve(data[0]!, userKey({ channel: "telegram", botAccount: botUsername, platformId: "1016" }))).toEqual({ ok: false, reason: "foreign" });

    // Pressed, the button reaches the conversation as its command.
    await official.pressButton(data[0]!, { messageId: notice!.messageId });
    await emulator.waitForBotMessages(official.chatId, 1);
    expect(port.received.at(-1)).toMatchObject({ kind: "choice", value: "/accept MQ2345ABCD", user: { platformId: "1015" } });
    // Someone else pressing it reaches nothing.
    const received = port.received.length;
    const since = lastCallIndex();
    await emulator.client(1016, "Other").pressButton(data[1]!);
    expect((await gaps.waitForCall("answerCallbackQuery", { since })).payload.text).toBe("notice:button_foreign");
    expect(port.received).toHaveLength(received);
  });

  it("runs on a webhook that accepts only requests carrying the secret", async () => {
    const token = emulator.newToken();
    const hookPort = new ScriptedPort();
    const bot = createTelegramBot({
      token,
      apiRoot: emulator.apiRoot,
      botInfo: emulator.botInfo("minqing_hook_bot"),
      conversation: hookPort,
      tokens: currentTokens,
      files: store,
      maxAttachmentMb: 1,
      log,
    });
    const hookGaps = emulator.gaps();
    bot.api.config.use(hookGaps);
    const secret = `hook-${randomBytes(16).toString("hex")}`;
    const webhookUrl = "https://minqing.example.org/telegram/webhook";
    const hook = await startTelegram(bot, { mode: "webhook", webhookUrl, webhookSecret: secret, port: 0, host: "127.0.0.1", log });
    running.push(hook);
    expect(hookGaps.callsOf("setWebhook")[0]?.payload).toMatchObject({ url: webhookUrl, secret_token: secret });

    const url = `http://127.0.0.1:${hook.port}/telegram/webhook`;
    const update = (updateId: number, text: string) => ({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 1015, type: "private", first_name: "Han" },
        from: { id: 1015, is_bot: false, first_name: "Han", language_code: "en" },
        text,
      },
    });
    const post = (body: unknown, headers: Record<string, string> = {}, at = url) =>
      fetch(at, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

    expect((await post(update(1, "no secret"))).status).toBe(401);
    expect((await post(update(2, "wrong secret"), { "X-Telegram-Bot-Api-Secret-Token": "nope" })).status).toBe(401);
    expect((await post(update(3, "wrong path"), { "X-Telegram-Bot-Api-Secret-Token": secret }, `${url}/x`)).status).toBe(404);
    expect(hookPort.received).toEqual([]);

    expect((await post(update(4, "with secret"), { "X-Telegram-Bot-Api-Secret-Token": secret })).status).toBe(200);
    expect(hookPort.received).toEqual([expect.objectContaining({ kind: "text", text: "with secret", languageHint: "en" })]);
    const [reply] = await emulator.waitForBotMessages(1015, 1, 5000, token);
    expect(reply!.text).toBe("got text");

    // Edits and membership changes are ignored quietly.
    const edited = { update_id: 5, edited_message: { ...update(5, "edited").message, edit_date: 1 } };
    const member = { update_id: 6, my_chat_member: { chat: { id: 1015, type: "private" }, from: { id: 1015, is_bot: false, first_name: "Han" }, date: 1 } };
    expect((await post(edited, { "X-Telegram-Bot-Api-Secret-Token": secret })).status).toBe(200);
    expect((await post(member, { "X-Telegram-Bot-Api-Secret-Token": secret })).status).toBe(200);
    expect(hookPort.received).toHaveLength(1);
    expect(emulator.pendingBotMessages(1015, token)).toEqual([]);
  });
});
