/**
 * WeChat and Telegram side by side, in separate processes: this test process runs the channels
 * role (the Wechaty bot on wechaty-puppet-mock and the grammY bot on the telegram-test-api
 * emulator), and a `--role workers` process started like an operator would start it does the
 * intake and the notices; they share only PostgreSQL, Redis and the data folder. The workers hand
 * WeChat notices to the WeChat queue, which the channels process serves. (The conformance suite
 * runs everything in one process.) A citizen files a petition over WeChat with numbered choices and a photo; the official
 * bound in WeChat receives the notice and the photo there; groups, friend requests, a logout in the
 * middle of a conversation and the petition office's alert on Telegram.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Api } from "grammy";
import { types } from "wechaty";
import type { ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { startRuntime, type Runtime } from "../../src/app/runtime";
import { enqueueNotices } from "../../src/queue/jobs/send-notice";
import { openQueues } from "../../src/queue/queues";
import { systemClock } from "../../src/kernel/clock";
import { parseConfig } from "../../src/config";
import { createLogger } from "../../src/log";
import { createBindCode } from "../../src/store/bind-codes";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startRoleProcess } from "../support/role-process";
import { removeRedisKeys, testRedisUrl } from "../support/services";
import { startTelegramEmulator, type EmulatorClient, type TelegramEmulator } from "../support/telegram-emulator";
import { says, WechatWorld, type WechatPerson, type WechatReceived } from "../support/wechat-mock";
import { withStandInCaseCommands } from "../support/stand-in-commands";

let emulator: TelegramEmulator;
let testDb: TestDatabase;
let runtime: Runtime;
let workers: ChildProcess;
let dataDir: string;
let redis: Redis;
let world: WechatWorld;
const prefix = `e2e-wx-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  testDb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "minqing-e2e-wx-"));
  world = new WechatWorld();
  redis = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const stores = { DATABASE_URL: testDb.url, REDIS_URL: testRedisUrl };
  const config = {
    ...parseConfig({ QUIET_HOURS: "none",
      ...stores,
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      QUEUE_PREFIX: prefix,
      MINQING_DATA_DIR: dataDir,
      // Remarks carry identities here, as with web-protocol puppets whose ids change at login.
      WECHAT_CONTACT_IDS: "alias",
      WECHAT_SEND_GAP_MS: "5",
      WECHAT_CONTACT_GAP_MS: "10",
      MAX_ATTACHMENT_MB: "1",
    }),
    ...stores,
  };
  const gaps = emulator.gaps();
  // The bot asks the emulator who it is (getMe), as the workers process does: both then know the
  // account by the same name.
  const telegram = { configureApi: (api: Api) => api.config.use(gaps) };
  runtime = await startRuntime(config, {
    log: createLogger("silent"),
    roles: { channels: true, workers: false, timers: false },
    telegram,
    wechat: { puppet: world.puppet },
    // Until the real accept and case commands exist, stand-ins show what a typed number reaches.
    commands: withStandInCaseCommands,
  });
  workers = await startRoleProcess("workers", {
    ...stores,
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    QUEUE_PREFIX: prefix,
    MINQING_DATA_DIR: dataDir,
  });
  world.login();
  await until(() => runtime.wechat!.isOnline());
});

afterAll(async () => {
  await runtime?.stop();
  if (workers && workers.exitCode === null) {
    const exited = new Promise((resolve) => workers.once("exit", resolve));
    workers.kill("SIGTERM");
    await exited;
  }
  await emulator?.stop();
  await testDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
  await redis.quit();
  await removeRedisKeys(prefix);
});

async function until(test: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An official binds this Telegram account with a fresh one-time code. */
async function bindOnTelegram(client: EmulatorClient, officialId: string): Promise<void> {
  await client.sendText(`/bind ${await createBindCode(testDb.db, officialId, systemClock, 72)}`);
  await emulator.waitForBotMessages(client.chatId, (m) => m.some((x) => x.text.includes("绑定成功")), 8000);
}

/** The number in front of `label` in a numbered list, as a person would read it. */
function numberOf(message: WechatReceived, label: string): string {
  const line = message.text?.split("\n").find((l) => new RegExp(`^\\d+\\. ${label}$`).test(l));
  if (!line) throw new Error(`no choice "${label}" in ${JSON.stringify(message.text)}`);
  return line.split(".")[0]!;
}

const numbered = (message: WechatReceived) => /\n1\. /.test(message.text ?? "");

/** Answers a numbered list by typing the number in front of `label`. */
async function pick(person: WechatPerson, label: string): Promise<WechatReceived> {
  const list = await person.next(numbered);
  person.say(numberOf(list, label));
  return list;
}

/** Files an anonymous land petition in 东坡村 (routed to 王芳) by numbers; returns its tracking code. */
async function filePetition(person: WechatPerson, description: string): Promise<string> {
  person.say("/start");
  await pick(person, "土地房屋");
  await pick(person, "青石镇");
  await pick(person, "东坡村");
  await person.next(says("请描述"));
  person.say(description);
  await pick(person, "写完了");
  await pick(person, "匿名反映");
  await pick(person, "确认提交");
  const ack = await person.next((m) => /查询码：MQ/.test(m.text ?? ""));
  return /查询码：(MQ\w{8})/.exec(ack.text!)![1]!;
}

describe("a petition on WeChat, end to end", () => {
  it("reaches the official bound in WeChat, with the photo, and the petitioner can follow it", async () => {
    const official = world.person("王芳");
    official.say(`/bind ${await createBindCode(testDb.db, "wang-fang", systemClock, 72)}`);
    expect((await official.next()).text).toContain("绑定成功：王芳");

    const citizen = world.person("小明");
    citizen.say("你好");
    const first = await citizen.next(numbered);
    expect(first.text).toContain("请选择诉求类别");
    expect(first.text).toContain("（回复数字选择）");
    // A number that is not on the list is refused, and the list stays.
    citizen.say("99");
    await citizen.next(numbered);
    citizen.say(numberOf(first, "土地房屋"));
    await pick(citizen, "青石镇");
    await pick(citizen, "东坡村");
    await citizen.next(says("请描述"));
    citizen.say("邻居把围墙建到我家宅基地上，村里调解两次没有结果。");
    await citizen.next(numbered);
    const photo = new Uint8Array(randomBytes(2048));
    citizen.sendFile(photo, "wall.jpg");
    const progress = await citizen.next(says("1 个附件"));
    citizen.say(numberOf(progress, "写完了"));
    await pick(citizen, "留下姓名和电话");
    await citizen.next(says("姓名"));
    citizen.say("王小明");
    await citizen.next(says("手机号"));
    citizen.say("13800138000");
    const summary = await citizen.next(numbered);
    expect(summary.text).toContain("王小明，+8613800138000");
    citizen.say(numberOf(summary, "确认提交"));
    const ack = await citizen.next((m) => /查询码：MQ/.test(m.text ?? ""));
    const trackingCode = /查询码：(MQ\w{8})/.exec(ack.text!)![1]!;

    const notice = await official.next(says("新交办"));
    expect(notice.text).toContain(`【新交办】${trackingCode}`);
    expect(notice.text).toContain("王小明 +8613800138000");
    // What she can do about it: numbered lines that each name the case, and how to answer them.
    expect(notice.text).toContain(`回复数字办理，或直接回复“受理 ${trackingCode}”：\n1. 受理 ${trackingCode}\n2. 更多操作 ${trackingCode}`);
    const sentPhoto = await official.next((m) => m.file !== undefined);
    expect(createHash("sha256").update(sentPhoto.file!.bytes).digest("hex")).toBe(createHash("sha256").update(photo).digest("hex"));
    const stored = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode }, include: { attachments: true, identity: true } });
    expect(stored).toMatchObject({ channel: "wechat", officialId: "wang-fang", areaId: "dongpo" });
    expect(stored.attachments).toHaveLength(1);
    // The identity is the remark tag the bot wrote, not this login's contact id.
    expect(stored.identity?.platformId).toMatch(/^mq-[a-z0-9]{10}$/);
    // No dialogue is open for her: "1" is the notice's first action, run as its command.
    official.say("1");
    expect((await official.next(says("stand-in"))).text).toBe(`stand-in accept ${trackingCode}`);
    official.say(`更多操作 ${trackingCode}`);
    expect((await official.next(says("stand-in"))).text).toBe(`stand-in case ${trackingCode}`);

    // Plain words work as commands on WeChat.
    citizen.say("查询");
    expect((await citizen.next(says(trackingCode))).text).toContain("土地房屋｜已登记");
    // Another person learns nothing about the case, nor the petitioner's name.
    const stranger = world.person("路人");
    stranger.say(`/status ${trackingCode}`);
    const foreign = await stranger.next();
    expect(foreign.text).not.toContain(trackingCode);
    expect(foreign.text).not.toContain("王小明");
  });

  it("cancels on 取消 and forgets the draft", async () => {
    const citizen = world.person("小红");
    citizen.say("/start");
    await pick(citizen, "劳动工资");
    await citizen.next(numbered);
    citizen.say("取消");
    expect((await citizen.next(says("已取消"))).text).toBeTruthy();
    citizen.say("1");
    // After a cancel a number starts nothing old: a fresh dialogue begins.
    expect((await citizen.next(numbered)).text).toContain("请选择诉求类别");
  });
});

describe("bad input over WeChat", () => {
  it("answers each bad input clearly, keeps working, and stores what was meant", async () => {
    const citizen = world.person("测试");
    citizen.say("/start");
    await pick(citizen, "道路水电");
    await pick(citizen, "云岭镇");
    await pick(citizen, "龙潭村");
    await citizen.next(says("请描述"));

    citizen.say("   ");
    await citizen.next(says("请用文字回复"));
    citizen.say("好".repeat(10_000));
    expect((await citizen.next(says("最多 5000 字"))).text).toContain("10000 字");
    citizen.say("🙂🙂🙂");
    await citizen.next(says("请用几句话说说发生了什么"));
    citizen.sendKind(types.Message.Emoticon);
    await citizen.next(says("无法处理这类消息"));
    // A location is kept (the mock puppet gives every location the same point, in Beijing).
    citizen.sendKind(types.Message.Location);
    await citizen.next(says("已记下您分享的位置"));
    // A system message or a recalled one is not the person speaking: nothing is said.
    citizen.sendKind(types.Message.Recalled);
    expect(await citizen.inbox.quietFor(200)).toEqual([]);

    // Files and voice are kept; a file over MAX_ATTACHMENT_MB (1 here) is refused and nothing breaks.
    citizen.sendFile(Buffer.from("%PDF-1.4 调解记录"), "调解记录.pdf", types.Message.Attachment);
    await citizen.next(says("1 个附件"));
    citizen.sendFile(new Uint8Array(randomBytes(3000)), "语音.silk", types.Message.Audio);
    await citizen.next(says("2 个附件"));
    citizen.sendFile(new Uint8Array(randomBytes(1024 * 1024 + 1)), "big.jpg");
    await citizen.next(says("文件太大了，最大 1 MB"));

    const injection = "<b>急</b> *粗体* [链接](http://evil.example) '); DROP TABLE \"Petition\"; --";
    citizen.say(injection);
    await pick(citizen, "写完了");
    await pick(citizen, "匿名反映");
    const summary = await citizen.next(numbered);
    expect(summary.text).toContain(injection);
    expect(summary.text).toContain("位置：已分享");
    const confirm = citizen.say(numberOf(summary, "确认提交"));
    await citizen.next((m) => /查询码：MQ/.test(m.text ?? ""));
    // The puppet delivering the confirmation again (after a reconnect) changes nothing, says nothing.
    citizen.redeliver(confirm);
    expect(await citizen.inbox.quietFor(300)).toEqual([]);
    // Typing the old number again after confirming files nothing more.
    citizen.say(numberOf(summary, "确认提交"));
    await citizen.next(numbered);
    const petitions = await testDb.db.petition.findMany({ where: { description: injection } });
    expect(petitions).toHaveLength(1);
    expect(petitions[0]).toMatchObject({ channel: "wechat", anonymous: true, areaId: "longtan", latitude: 39.995121, longitude: 116.334154 });
    const kept = await testDb.db.attachment.findMany({ where: { petitionId: petitions[0]!.id }, orderBy: { kind: "asc" } });
    expect(kept.map((a) => [a.kind, a.fileName])).toEqual([
      ["document", "调解记录.pdf"],
      ["voice", "语音.silk"],
    ]);
  });
});

describe("one person or official on two platforms", () => {
  it("sends an official's notice once, to the preferred account, and to the other while WeChat is logged out", async () => {
    const onTelegram = emulator.client(9_400_000_010, "王芳");
    await bindOnTelegram(onTelegram, "wang-fang");
    const onWechat = world.person("王芳的微信");
    onWechat.say(`/bind ${await createBindCode(testDb.db, "wang-fang", systemClock, 72)}`);
    await onWechat.next(says("绑定成功"));
    onWechat.say("/prefer");
    await onWechat.next(says("优先发到这个账号"));
    const telegramNotices = async () => (await emulator.waitForBotMessages(onTelegram.chatId, () => true, 300).catch(() => [])).filter((m) => m.text.includes("新交办"));

    const citizen = world.person("老周");
    const first = await filePetition(citizen, "村道旁的排水沟堵了半年。");
    expect((await onWechat.next(says("新交办"))).text).toContain(first);

    await world.logout();
    await until(() => !runtime.wechat!.isOnline());
    // While WeChat is down, a case filed on Telegram reaches her on Telegram.
    const citizenOnTelegram = emulator.client(9_400_000_011, "老吴");
    await citizenOnTelegram.sendText("/start");
    const pressIn = async (label: string) => {
      const [m] = (await emulator.waitForBotMessages(citizenOnTelegram.chatId, (ms) => ms.some((x) => x.keyboard?.flat().some((b) => b.text === label)), 8000)).filter((x) => x.keyboard?.flat().some((b) => b.text === label));
      await citizenOnTelegram.pressButton(m!.keyboard!.flat().find((b) => b.text === label)!.callback_data!);
    };
    await pressIn("土地房屋");
    await pressIn("青石镇");
    await pressIn("东坡村");
    await citizenOnTelegram.sendText("宅基地边界纠纷。");
    await pressIn("写完了");
    await pressIn("匿名反映");
    await pressIn("确认提交");
    const alerts = await emulator.waitForBotMessages(onTelegram.chatId, (m) => m.some((x) => x.text.includes("新交办")), 8000);
    const code = /【新交办】(MQ\w{8})/.exec(alerts.find((x) => x.text.includes("新交办"))!.text)![1]!;
    expect(code).not.toBe(first);

    world.login();
    await until(() => runtime.wechat!.isOnline());
    // Once each: WeChat does not repeat what Telegram carried, Telegram never had the first.
    expect((await onWechat.inbox.quietFor(400)).filter((m) => m.text?.includes("新交办"))).toEqual([]);
    expect((await telegramNotices()).map((m) => m.text)).not.toContain(expect.stringContaining(first));
    const rows = await testDb.db.outbox.findMany({ where: { recipientOfficialId: "wang-fang", messageKey: "notice_assignment", status: "sent" }, select: { sentChannel: true, params: true } });
    const channelOf = (c: string) => rows.filter((r) => JSON.stringify(r.params).includes(c)).map((r) => r.sentChannel);
    expect(channelOf(first)).toEqual(["wechat"]);
    expect(channelOf(code)).toEqual(["telegram"]);
  });

  it("links a petitioner's Telegram and WeChat accounts, so /status on either shows every case", async () => {
    const wechatSide = world.person("小芳");
    const filed = await filePetition(wechatSide, "路灯坏了两个月。");
    const telegramSide = emulator.client(9_400_000_020, "小芳");
    await telegramSide.sendText("/link");
    const shown = await emulator.waitForBotMessages(telegramSide.chatId, (m) => m.some((x) => x.text.includes("/link ")), 8000);
    const linkCode = /\/link ([0-9A-Z]{8})/.exec(shown.find((x) => x.text.includes("/link "))!.text)![1]!;

    wechatSide.say("/link WRONG234");
    await wechatSide.next(says("关联码不对"));
    wechatSide.say(`/link ${linkCode.toLowerCase()}`);
    expect((await wechatSide.next(says("已关联"))).text).toContain("转入 1 件");
    // The code works once.
    wechatSide.say(`/link ${linkCode}`);
    await wechatSide.next(says("关联码不对"));

    await telegramSide.sendText("/status");
    const status = await emulator.waitForBotMessages(telegramSide.chatId, (m) => m.some((x) => x.text.includes(filed)), 8000);
    expect(status.find((x) => x.text.includes(filed))!.text).toContain("土地房屋");
    wechatSide.say("进度");
    expect((await wechatSide.next(says(filed))).text).toBeTruthy();
  });
});

describe("WeChat groups and friends", () => {
  it("ignores group talk unless mentioned, then posts one neutral line", async () => {
    const member = world.person("群友");
    const group = world.group("东坡村民群", [member]);
    group.say(member, "村口的路坏了谁管？");
    expect(await group.inbox.quietFor(300)).toEqual([]);
    group.say(member, "@民情直通车 我要反映问题", true);
    const line = await group.inbox.next();
    expect(line.text).toBe("为保护隐私，请单独私聊我反映诉求（微信请先加我为好友），不要在群里说具体情况。");
    expect(await group.inbox.quietFor(200)).toEqual([]);
    // Nothing was started for the member in private either.
    expect(await member.inbox.quietFor(50)).toEqual([]);
  });

  it("accepts a friend request and greets the new friend", async () => {
    const stranger = world.person("新朋友");
    const id = world.puppet.requestFriendship(stranger.contact.id, "我想反映问题");
    expect((await stranger.next()).text).toContain("民情直通车");
    expect(world.puppet.acceptedFriendships).toContain(id);
  });
});

describe("WeChat login and logout", () => {
  it("loses nothing when the account logs out mid-conversation and a contact's id changes at the next login", async () => {
    const admin = emulator.client(9_400_000_001, "林晓燕");
    await bindOnTelegram(admin, "lin-xiaoyan");

    // Someone with a case, to be told something while the account is logged out.
    const waiting = world.person("老孙");
    const code = await filePetition(waiting, "桥栏杆断了。");
    const citizen = world.person("老李");
    citizen.say("/start");
    await pick(citizen, "道路水电");
    await pick(citizen, "云岭镇");
    await citizen.next(numbered);

    await world.logout();
    await until(() => !runtime.wechat!.isOnline());
    const petition = await testDb.db.petition.findUniqueOrThrow({ where: { trackingCode: code } });
    const held = await testDb.db.outbox.create({
      data: { recipientPersonId: petition.personId, messageKey: "notice_ack", params: { code, unit: "青石镇人民政府", date: "2026-12-15" }, dedupKey: `test-held-${code}`, notBefore: new Date(), createdAt: new Date() },
    });
    const queues = openQueues(redis, prefix, createLogger("silent"));
    await enqueueNotices(queues.outbound, [held]);
    await queues.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Held while logged out: still pending, no attempt spent.
    expect(await testDb.db.outbox.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "pending", attempts: 0 });
    world.scan("wechat-login-qr-value");
    // The petition office hears of it on Telegram, where somebody reads.
    const alert = await emulator.waitForBotMessages(admin.chatId, (m) => m.some((x) => x.text.includes("需要重新扫码")), 8000);
    expect(alert.find((x) => x.text.includes("需要重新扫码"))!.text).toContain("wechaty.js.org/qrcode/");

    // At the next login WeChat shows both people under new contact ids.
    waiting.reappearWithNewId();
    citizen.reappearWithNewId();
    world.login();
    await until(() => runtime.wechat!.isOnline());
    // The held notice goes out after the login, once, to the person under their new contact id.
    expect((await waiting.next(says(`查询码：${code}`))).text).toContain("2026-12-15");
    expect(await waiting.inbox.quietFor(300)).toEqual([]);
    citizen.say("龙潭村");
    // The draft continues: the village was taken and the next step asked.
    expect((await citizen.next(says("请描述"))).text).toBeTruthy();
  });
});
