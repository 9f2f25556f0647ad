/**
 * One conformance suite for every channel: the same scripted conversations and notices run on
 * Telegram (grammY on the telegram-test-api emulator), WeChat (Wechaty on wechaty-puppet-mock) and
 * the terminal, all three served by one runtime with real PostgreSQL and Redis. Each channel is
 * driven as its people use it: buttons on Telegram, numbers typed on WeChat and the terminal.
 * A channel passes when a person files a petition, the official who prefers that channel is told
 * there, /status finds the case, wrong numbers and cancels behave, and nothing leaks elsewhere.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTerminalChannel, runTerminalSession, terminalUser } from "../../bots/terminal";
import { startRuntime, type Runtime } from "../../src/app/runtime";
import { systemClock } from "../../src/kernel/clock";
import { parseConfig } from "../../src/config";
import { createLogger } from "../../src/log";
import { createBindCode } from "../../src/store/bind-codes";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { removeRedisKeys, testRedisUrl } from "../support/services";
import { startTelegramEmulator, type BotMessage, type TelegramEmulator } from "../support/telegram-emulator";
import { WechatWorld } from "../support/wechat-mock";

/** A person on some channel, as the script sees them. */
interface Person {
  say(text: string): Promise<void>;
  /** Waits for a prompt offering `label` and picks it the channel's way. */
  choose(label: string): Promise<void>;
  /** Waits for a message whose text satisfies `test`; earlier messages are passed over. */
  next(test: (text: string) => boolean): Promise<string>;
  close(): void;
}

interface Channel {
  name: string;
  person(name: string): Person;
}

let emulator: TelegramEmulator;
let testDb: TestDatabase;
let runtime: Runtime;
let dataDir: string;
const world = new WechatWorld();
const terminalChannel = createTerminalChannel();
const prefix = `e2e-conf-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  testDb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "minqing-conf-"));
  const stores = { DATABASE_URL: testDb.url, REDIS_URL: testRedisUrl };
  const gaps = emulator.gaps();
  runtime = await startRuntime(
    { ...parseConfig({ QUIET_HOURS: "none", ...stores, TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.apiRoot, QUEUE_PREFIX: prefix, MINQING_DATA_DIR: dataDir, WECHAT_SEND_GAP_MS: "5", WECHAT_CONTACT_GAP_MS: "5" }), ...stores },
    {
      log: createLogger("silent"),
      telegram: { botInfo: emulator.botInfo("minqing_conf_bot"), configureApi: (api) => api.config.use(gaps) },
      wechat: { puppet: world.puppet },
      terminal: terminalChannel,
    },
  );
  world.login();
});

afterAll(async () => {
  await runtime?.stop();
  await emulator?.stop();
  await testDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
  await removeRedisKeys(prefix);
});

/** Messages as they arrive, so `next` can pass over some without losing the ones after. */
class Buffered<M> {
  readonly items: M[] = [];
  /** The message `take` returned last, until a choice is made from it (see `offer`). */
  private last: M | undefined;

  /**
   * The message offering a choice: the one read last if it does (WeChat puts an answer and the
   * next question in one message, and the script reads the one, then picks from the other), else
   * the next one that does.
   */
  async offer(test: (item: M) => boolean, refill: () => Promise<void>): Promise<M> {
    const last = this.last;
    this.last = undefined;
    return last !== undefined && test(last) ? last : this.take(test, refill);
  }

  async take(test: (item: M) => boolean, refill: () => Promise<void>, timeoutMs = 8000): Promise<M> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.items.findIndex(test);
      if (index >= 0) return (this.last = this.items.splice(0, index + 1)[index]!);
      if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; had ${JSON.stringify(this.items).slice(0, 800)}`);
      await refill();
    }
  }
}

const numberIn = (text: string, label: string) => text.split("\n").find((line) => line.endsWith(`. ${label}`) && /^\d+\. /.test(line))?.split(".")[0];

const telegram: Channel = {
  name: "Telegram",
  person(name) {
    const client = emulator.client(randomBytes(3).readUIntBE(0, 3) + 9_500_000_000, name);
    const inbox = new Buffered<BotMessage>();
    const refill = async () => {
      inbox.items.push(...(await emulator.waitForBotMessages(client.chatId, (m) => m.length > 0, 300).catch(() => [])));
    };
    return {
      say: (text) => client.sendText(text),
      async choose(label) {
        const offer = await inbox.offer((m) => m.keyboard?.flat().some((b) => b.text === label) ?? false, refill);
        await client.pressButton(offer.keyboard!.flat().find((b) => b.text === label)!.callback_data!);
      },
      next: async (test) => (await inbox.take((m) => test(m.text), refill)).text,
      close: () => {},
    };
  },
};

const wechat: Channel = {
  name: "WeChat",
  person(name) {
    const person = world.person(name);
    const texts = new Buffered<string>();
    const refill = async () => {
      texts.items.push(...(await person.inbox.quietFor(20)).map((m) => m.text ?? `[file ${m.file?.name}]`));
    };
    const next = (test: (text: string) => boolean) => texts.take(test, refill);
    return {
      say: async (text) => void person.say(text),
      async choose(label) {
        person.say(numberIn(await texts.offer((text) => numberIn(text, label) !== undefined, refill), label)!);
      },
      next,
      close: () => {},
    };
  },
};

const terminal: Channel = {
  name: "terminal",
  person(name) {
    const input = new PassThrough();
    const output = new PassThrough();
    const blocks = new Buffered<string>();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
      // A reply is a block ended by an empty line.
      let end: number;
      while ((end = printed.indexOf("\n\n")) >= 0) {
        blocks.items.push(printed.slice(0, end));
        printed = printed.slice(end + 2);
      }
    });
    const user = terminalUser(name);
    const host = runtime.terminal!;
    void runTerminalSession({ conversation: runtime.engine, user, input, output, sender: terminalChannel.sender, opened: () => host.opened(user), closed: () => host.closed(user), interactive: false });
    const refill = () => new Promise<void>((resolve) => setTimeout(resolve, 20));
    const next = (test: (text: string) => boolean) => blocks.take(test, refill);
    return {
      say: async (text) => void input.write(`${text}\n`),
      async choose(label) {
        input.write(`${numberIn(await blocks.offer((text) => numberIn(text, label) !== undefined, refill), label)}\n`);
      },
      next,
      close: () => input.end(),
    };
  },
};

const includes = (part: string) => (text: string) => text.includes(part);

describe.each([telegram, wechat, terminal])("conformance: $name", (channel) => {
  it("files a petition; the official who prefers this channel is told here; /status finds it", async () => {
    const official = channel.person(`wangfang-${channel.name.toLowerCase()}`);
    await official.say(`/bind ${await createBindCode(testDb.db, "wang-fang", systemClock, 72)}`);
    await official.next(includes("绑定成功：王芳"));
    await official.say("/prefer");
    await official.next(includes("优先发到这个账号"));

    const citizen = channel.person(`citizen-${channel.name.toLowerCase()}`);
    await citizen.say("/start");
    await citizen.next(includes("请选择诉求类别"));
    // A number that is not on the list: told so, and the step stays.
    await citizen.say("99");
    await citizen.next(includes("选项前的数字"));
    await citizen.choose("土地房屋");
    await citizen.choose("青石镇");
    await citizen.choose("东坡村");
    await citizen.next(includes("请描述"));
    await citizen.say(`${channel.name} 上的测试：邻居占了我家宅基地。`);
    await citizen.choose("写完了");
    await citizen.choose("匿名反映");
    await citizen.choose("确认提交");
    const ack = await citizen.next(includes("查询码：MQ"));
    const code = /查询码：(MQ\w{8})/.exec(ack)![1]!;

    const notice = await official.next(includes("【新交办】"));
    expect(notice).toContain(code);
    expect(notice).toContain(`${channel.name} 上的测试`);
    // Marked sent just after the message left: wait for the mark, then check it went out once, here.
    const sentRows = () => testDb.db.outbox.findMany({ where: { recipientOfficialId: "wang-fang", status: "sent", params: { path: ["code"], equals: code } } });
    for (let tries = 0; (await sentRows()).length === 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await sentRows()).map((row) => row.sentChannel)).toEqual([channel.name === "Telegram" ? "telegram" : channel.name === "WeChat" ? "wechat" : "terminal"]);

    await citizen.say("/status");
    expect(await citizen.next(includes(code))).toContain("土地房屋");
    official.close();
    citizen.close();
  });

  it("cancels a draft with 取消 and starts afresh", async () => {
    const citizen = channel.person(`canceller-${channel.name.toLowerCase()}`);
    await citizen.say("/start");
    await citizen.choose("劳动工资");
    await citizen.next(includes("哪个乡镇"));
    await citizen.say("取消");
    await citizen.next(includes("已取消"));
    await citizen.say("/start");
    await citizen.next(includes("请选择诉求类别"));
    citizen.close();
  });
});
