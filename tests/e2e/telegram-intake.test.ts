/**
 * The whole product over HTTP: the runtime (conversation, queues, case store, outbound sender)
 * with its grammY bot long-polling the telegram-test-api emulator, real PostgreSQL and Redis.
 * A citizen files a petition; the bound official receives the notice with the right tracking code,
 * and its buttons (accept, more actions) reach the conversation as the commands they name.
 * Then the bad-input list: each gets a clear reply, nothing crashes, nothing wrong is stored.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRuntime, type Runtime } from "../../src/app/runtime";
import { systemClock } from "../../src/kernel/clock";
import { parseConfig } from "../../src/config";
import { createLogger } from "../../src/log";
import { createBindCode } from "../../src/store/bind-codes";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { removeRedisKeys, testRedisUrl } from "../support/services";
import { startTelegramEmulator, type BotMessage, type EmulatorClient, type EmulatorGaps, type TelegramEmulator } from "../support/telegram-emulator";
import { keyFilePath, loadPersonalDataCipher } from "../../src/privacy/local-keys";
import type { Sealed } from "../../src/kernel/sealed";
import { withStandInCaseCommands } from "../support/stand-in-commands";

let emulator: TelegramEmulator;
let testDb: TestDatabase;
let runtime: Runtime;
let gaps: EmulatorGaps;
let dataDir: string;
const prefix = `e2e-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  testDb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "minqing-e2e-"));
  gaps = emulator.gaps();
  const config = {
    ...parseConfig({ QUIET_HOURS: "none",
    DATABASE_URL: testDb.url,
    REDIS_URL: testRedisUrl,
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    QUEUE_PREFIX: prefix,
    MINQING_DATA_DIR: dataDir,
    }),
    DATABASE_URL: testDb.url,
    REDIS_URL: testRedisUrl,
  };
  runtime = await startRuntime(config, {
    log: createLogger("silent"),
    telegram: { botInfo: emulator.botInfo("minqing_e2e_bot"), configureApi: (api) => api.config.use(gaps) },
    // Until the real accept and case commands exist, stand-ins show what a press reaches.
    commands: withStandInCaseCommands,
  });
});

afterAll(async () => {
  await runtime?.stop();
  await emulator?.stop();
  await testDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
  await removeRedisKeys(prefix);
});

/** Waits for the bot's next message in this chat that satisfies `test`, returning it. */
async function next(client: EmulatorClient, test: (message: BotMessage) => boolean = () => true, timeoutMs = 8000): Promise<BotMessage> {
  const messages = await emulator.waitForBotMessages(client.chatId, (pending) => pending.some(test), timeoutMs);
  return messages.find(test)!;
}

/** The last message's button with this label, pressed. */
async function press(client: EmulatorClient, message: BotMessage, label: string) {
  const button = message.keyboard?.flat().find((b) => b.text === label);
  if (!button?.callback_data) throw new Error(`no button "${label}" in ${JSON.stringify(message.keyboard)}`);
  expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
  await client.pressButton(button.callback_data);
}

const hasButtons = (m: BotMessage) => (m.keyboard?.length ?? 0) > 0;
const stranger = () => emulator.client(9_100_000_003, "路人");
const says = (text: string) => (m: BotMessage) => m.text.includes(text);

describe("a petition on Telegram, end to end", () => {
  it("reaches the bound official with the tracking code the petitioner was given", async () => {
    // The petition office gives 王芳 (she handles 东坡村) a one-time code; she binds her account.
    const code = await createBindCode(testDb.db, "wang-fang", systemClock, 72);
    const official = emulator.client(9_100_000_001, "王芳");
    await official.sendText(`/bind ${code}`);
    expect((await next(official)).text).toContain("绑定成功：王芳");
    // The code works once.
    await official.sendText(`/bind ${code}`);
    expect((await next(official)).text).toContain("已经用过了");

    const citizen = emulator.client(9_100_000_002, "小明");
    await citizen.sendText("/start");
    let m = await next(citizen, hasButtons);
    expect(m.text).toBe("请选择诉求类别：");
    await press(citizen, m, "土地房屋");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "青石镇");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "东坡村");
    await next(citizen, says("请描述"));
    await citizen.sendText("邻居把围墙建到我家宅基地上，村里调解两次没有结果。");
    await next(citizen, hasButtons);
    // A photo of the wall, kept as an attachment.
    const photoBytes = new Uint8Array(randomBytes(4096));
    const fileId = emulator.addFile(photoBytes);
    await citizen.sendMessage({ photo: [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 800, height: 600, file_size: photoBytes.byteLength }] });
    m = await next(citizen, says("1 个附件"));
    await press(citizen, m, "写完了");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "留下姓名和电话");
    await next(citizen, says("姓名"));
    await citizen.sendText("王小明");
    await next(citizen, says("手机号"));
    await citizen.sendText("138 0013 8000");
    m = await next(citizen, hasButtons);
    expect(m.text).toContain("王小明，+8613800138000");
    await press(citizen, m, "确认提交");
    expect((await next(citizen, says("已提交"))).text).toContain("正在登记");

    const ack = await next(citizen, says("查询码"));
    const trackingCode = /查询码：(MQ\w{8})/.exec(ack.text)![1]!;
    expect(ack.text).toContain("青石镇人民政府");
    const stored = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode } });
    expect(stored).toMatchObject({ areaId: "dongpo", officialId: "wang-fang" });
    // Sealed with the key Minqing generated in its data folder (no key was configured).
    expect(`${stored.contactName} ${stored.contactPhone}`).not.toMatch(/王小明|13800138000/);
    const keys = await loadPersonalDataCipher({ MINQING_DATA_DIR: dataDir });
    expect(keys.open(stored.contactPhone as Sealed)).toBe("+8613800138000");
    expect((await stat(keyFilePath(dataDir))).mode & 0o777).toBe(0o600);

    const notice = await next(official, says("新交办"));
    expect(notice.text).toContain(`【新交办】${trackingCode}`);
    expect(notice.text).toContain("王小明 +8613800138000");
    expect(notice.text).toContain("邻居把围墙建到我家宅基地上");
    expect(notice.text).toContain("附件：1 个");
    // What she can do about it, under the notice: two buttons, only hers to press.
    expect(notice.keyboard?.map((row) => row.map((b) => b.text))).toEqual([["受理", "更多操作"]]);
    const since = gaps.calls.length;
    await stranger().pressButton(notice.keyboard![0]![0]!.callback_data!);
    expect((await gaps.waitForCall("answerCallbackQuery", { since })).payload.text).toContain("不是发给您的");
    await press(official, notice, "受理");
    expect((await next(official, says("stand-in"))).text).toBe(`stand-in accept ${trackingCode}`);
    // The photo itself follows the notice, from the file store (byte for byte what was sent).
    const photoCall = await gaps.waitForCall("sendPhoto", { where: (call) => String(call.payload.chat_id) === String(official.chatId) });
    expect(photoCall).toBeTruthy();
    const attachment = await testDb.db.attachment.findFirstOrThrow({ where: { petition: { trackingCode } } });
    expect(attachment).toMatchObject({ kind: "photo", size: photoBytes.byteLength, sha256: createHash("sha256").update(photoBytes).digest("hex") });

    await citizen.sendText("/status");
    expect((await next(citizen, says(trackingCode))).text).toContain("土地房屋｜已登记");
    // Another person asking for that code learns nothing: the same reply as for a made-up code.
    await stranger().sendText(`/status ${trackingCode}`);
    const foreign = (await next(stranger())).text;
    await stranger().sendText("/status MQ22222222");
    expect((await next(stranger())).text).toBe(foreign);
    expect(foreign).not.toContain(trackingCode);
  });

  it("registers its command menu at start-up", () => {
    const menus = gaps.callsOf("setMyCommands").map((call) => (call.payload.commands as { command: string }[]).map((c) => c.command));
    expect(menus[0]).toEqual(expect.arrayContaining(["start", "status", "cancel", "help", "lang"]));
  });
});

describe("a location shared over Telegram", () => {
  it("suggests the village nearby at the place question; yes files the petition there, with the location", async () => {
    const client = emulator.client(9_400_000_001, "定位");
    await client.sendText("/start");
    let m = await next(client, hasButtons);
    await press(client, m, "道路水电");
    await next(client, hasButtons);
    await client.sendMessage({ location: { latitude: 28.685, longitude: 115.893 } });
    m = await next(client, says("附近"));
    expect(m.text).toBe("您分享的位置在东坡村（青石镇）附近，是这里吗？");
    await press(client, m, "是");
    await next(client, says("请描述"));
    await client.sendText("村口路灯坏了一个月。");
    m = await next(client, hasButtons);
    await press(client, m, "写完了");
    m = await next(client, hasButtons);
    await press(client, m, "匿名反映");
    m = await next(client, hasButtons);
    expect(m.text).toContain("位置：已分享");
    expect(m.text).not.toContain("28.685");
    await press(client, m, "确认提交");
    await next(client, says("已提交"));
    const ack = await next(client, says("查询码"));
    const trackingCode = /查询码：(MQ\w{8})/.exec(ack.text)![1]!;
    const stored = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode } });
    expect(stored).toMatchObject({ areaId: "dongpo", latitude: 28.685, longitude: 115.893 });
  });
});

describe("bad input over Telegram", () => {
  const citizen = () => emulator.client(9_200_000_001, "测试");

  async function toDescription(client: EmulatorClient) {
    await client.sendText("/start");
    let m = await next(client, hasButtons);
    await press(client, m, "道路水电");
    m = await next(client, hasButtons);
    await press(client, m, "云岭镇");
    m = await next(client, hasButtons);
    await press(client, m, "龙潭村");
    await next(client, says("请描述"));
  }

  it("answers each bad input clearly, keeps working, and stores nothing wrong", async () => {
    const client = citizen();
    await toDescription(client);

    await client.sendText("   ");
    expect((await next(client, says("请用文字回复"))).text).toBeTruthy();
    await client.sendText("好".repeat(10_000));
    expect((await next(client, says("最多 5000 字"))).text).toContain("10000 字");
    await client.sendText("🙂🙂🙂");
    await next(client, says("请用几句话说说发生了什么"));
    await client.sendMessage({ sticker: { file_id: "s1", file_unique_id: "s1", width: 512, height: 512, is_animated: false, is_video: false, type: "regular" } });
    await next(client, says("无法处理这类消息"));
    await client.sendMessage({ location: { latitude: 30.1, longitude: 120.2 } });
    await next(client, says("已记下您分享的位置"));

    const injection = "<b>急</b> *粗体* [链接](http://evil.example) '); DROP TABLE \"Petition\"; -- \u0007";
    await client.sendText(injection);
    let m = await next(client, hasButtons);
    await press(client, m, "写完了");
    m = await next(client, hasButtons);
    await press(client, m, "匿名反映");
    m = await next(client, hasButtons);
    // Echoed verbatim, as plain text: nothing is parsed as HTML or Markdown.
    expect(m.text).toContain("<b>急</b> *粗体* [链接](http://evil.example) '); DROP TABLE \"Petition\"; --");
    expect(m.payload.parse_mode).toBeUndefined();

    // A forged button and a button pressed by someone else change nothing.
    const since = gaps.calls.length;
    await client.pressButton("forged-data-that-is-not-a-token");
    const forged = await gaps.waitForCall("answerCallbackQuery", { since });
    expect(forged.payload.text).toContain("按钮已过期");
    const confirmButton = m.keyboard!.flat().find((b) => b.text === "确认提交")!;
    const intruder = emulator.client(9_200_000_002, "别人");
    const since2 = gaps.calls.length;
    await intruder.pressButton(confirmButton.callback_data!);
    const foreign = await gaps.waitForCall("answerCallbackQuery", { since: since2 });
    expect(foreign.payload.text).toContain("不是发给您的");
    expect(await testDb.db.petition.count({ where: { identity: { platformId: { in: ["9200000001", "9200000002"] } } } })).toBe(0);

    // The real press goes through; a second press of the same (now stale) button does nothing more.
    await press(client, m, "确认提交");
    await next(client, says("查询码"));
    await press(client, m, "确认提交");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const petitions = await testDb.db.petition.findMany({ where: { identity: { platformId: "9200000001" } } });
    expect(petitions).toHaveLength(1);
    expect(petitions[0]!.description).toBe("<b>急</b> *粗体* [链接](http://evil.example) '); DROP TABLE \"Petition\"; --");
    expect(petitions[0]!.anonymous).toBe(true);
  });

  it("answers a group message with one neutral line and keeps nothing", async () => {
    const member = emulator.client(9_300_000_001, "群友", { chatId: -100_123, chatType: "group" });
    await member.sendText("/start");
    const reply = await next(member);
    expect(reply.text).toBe("为保护隐私，请单独私聊我反映诉求（微信请先加我为好友），不要在群里说具体情况。");
  });
});
