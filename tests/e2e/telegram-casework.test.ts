/**
 * A whole case on Telegram, over HTTP: the runtime with its grammY bot long-polling the
 * telegram-test-api emulator, real PostgreSQL and Redis, the sample organisation. A citizen files a
 * petition about 东坡村; 王芳 (who handles it) accepts it from the assignment notice's button, tells
 * the petitioner of progress and answers; 李志强 (head of 青石镇) approves from the approval request's
 * button; 林晓燕 (petition office) records the revisit from the case card's button; 王芳 and 李志强
 * sign off from the sign-off request's button, and 王芳 closes from the button of her sign-off's
 * reply (refused until the head has signed). The petitioner's chat shows the public steps, each
 * exactly once, and every official heard of each step once.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRuntime, type Runtime } from "../../src/app/runtime";
import { parseConfig } from "../../src/config";
import { systemClock } from "../../src/kernel/clock";
import { createLogger } from "../../src/log";
import { createBindCode } from "../../src/store/bind-codes";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { removeRedisKeys, testRedisUrl } from "../support/services";
import { startTelegramEmulator, type BotMessage, type EmulatorClient, type TelegramEmulator } from "../support/telegram-emulator";

let emulator: TelegramEmulator;
let testDb: TestDatabase;
let runtime: Runtime;
let dataDir: string;
const prefix = `e2e-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  testDb = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), "minqing-e2e-case-"));
  const gaps = emulator.gaps();
  const config = {
    ...parseConfig({ QUIET_HOURS: "none", DATABASE_URL: testDb.url, REDIS_URL: testRedisUrl, TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.apiRoot, QUEUE_PREFIX: prefix, MINQING_DATA_DIR: dataDir }),
    DATABASE_URL: testDb.url,
    REDIS_URL: testRedisUrl,
  };
  runtime = await startRuntime(config, { log: createLogger("silent"), telegram: { botInfo: emulator.botInfo("minqing_case_bot"), configureApi: (api) => api.config.use(gaps) } });
});

afterAll(async () => {
  await runtime?.stop();
  await emulator?.stop();
  await testDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
  await removeRedisKeys(prefix);
});

/** Generous: a notice goes through the outbox, the queue and the emulator's polling. */
const waitMs = 15_000;

/** The bot's next message in this chat that satisfies `test`; those before it are passed over (read). */
async function next(client: EmulatorClient, test: (message: BotMessage) => boolean = () => true): Promise<BotMessage> {
  const messages = await emulator.waitForBotMessages(client.chatId, (pending) => pending.some(test), waitMs);
  return messages.find(test)!;
}

async function press(client: EmulatorClient, message: BotMessage, label: string) {
  const button = message.keyboard?.flat().find((b) => b.text === label);
  if (!button?.callback_data) throw new Error(`no button "${label}" under "${message.text}": ${JSON.stringify(message.keyboard?.map((row) => row.map((b) => b.text)))}`);
  await client.pressButton(button.callback_data);
}

const says = (text: string) => (m: BotMessage) => m.text.includes(text);
const hasButtons = (m: BotMessage) => (m.keyboard?.length ?? 0) > 0;
const labels = (m: BotMessage) => (m.keyboard ?? []).flat().map((b) => b.text);

async function bind(officialId: string, client: EmulatorClient, name: string) {
  const code = await createBindCode(testDb.db, officialId, systemClock, 72);
  await client.sendText(`/bind ${code}`);
  expect((await next(client)).text).toContain(`绑定成功：${name}`);
}

describe("a case on Telegram with two officials and a unit head", () => {
  it("goes from intake to closure in chat, and the petitioner reads each public step once", async () => {
    const wangFang = emulator.client(9_500_000_001, "王芳");
    const liZhiqiang = emulator.client(9_500_000_002, "李志强");
    const linXiaoyan = emulator.client(9_500_000_003, "林晓燕");
    const citizen = emulator.client(9_500_000_010, "小红");
    await bind("wang-fang", wangFang, "王芳");
    await bind("li-zhiqiang", liZhiqiang, "李志强");
    await bind("lin-xiaoyan", linXiaoyan, "林晓燕");

    // The citizen files a petition about a street light in 东坡村, with her name and phone.
    await citizen.sendText("/start");
    let m = await next(citizen, hasButtons);
    await press(citizen, m, "道路水电");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "青石镇");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "东坡村");
    await next(citizen, says("请描述"));
    await citizen.sendText("村口路灯坏了三个月，晚上孩子放学看不见路。");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "写完了");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "留下姓名和电话");
    await next(citizen, says("姓名"));
    await citizen.sendText("李小红");
    await next(citizen, says("手机号"));
    await citizen.sendText("139 1234 5678");
    m = await next(citizen, hasButtons);
    await press(citizen, m, "确认提交");
    const ack = await next(citizen, says("查询码："));
    const code = /查询码：(MQ\w{8})/.exec(ack.text)![1]!;
    expect(ack.text).toContain("青石镇人民政府");

    // 王芳 gets the assignment with its buttons and accepts with one press.
    const assignment = await next(wangFang, says(`【新交办】${code}`));
    expect(assignment.text).toContain("李小红 +8613912345678");
    expect(labels(assignment)).toEqual(["受理", "更多操作"]);
    await press(wangFang, assignment, "受理");
    m = await next(wangFang, says(`已受理 ${code}`));
    expect(m.text).toContain("已告知反映人");
    // A public progress note, from the button under the acceptance.
    await press(wangFang, m, "记进展");
    await next(wangFang, says("请写办理进展"));
    await wangFang.sendText("已联系供电所，本周内更换灯具。");
    m = await next(wangFang, says("要告诉反映人吗"));
    await press(wangFang, m, "告诉反映人");
    m = await next(wangFang, says(`进展已记下（${code}）`));
    // The answer: the outcome by button, then the words the petitioner reads.
    await press(wangFang, m, "答复");
    m = await next(wangFang, says("办理结果是哪一种"));
    await press(wangFang, m, "已解决");
    await next(wangFang, says("请写答复内容"));
    await wangFang.sendText("村口3盏路灯已于12月3日全部更换，今后由村委会负责日常维护。");
    await next(wangFang, says("待单位负责人审核"));

    // 李志强 gets the approval request, and approves it with its button.
    const request = await next(liZhiqiang, says(`【待审核答复】${code}`));
    expect(request.text).toContain("答复内容：村口3盏路灯已于12月3日全部更换");
    expect(labels(request)).toEqual(["审核通过", "退回答复"]);
    await press(liZhiqiang, request, "审核通过");
    await next(liZhiqiang, says(`已审核通过（${code}）`));
    // The handler hears the answer went out, with the revisit one press away.
    expect(labels(await next(wangFang, says(`【答复已送达】${code}`)))).toEqual(["记回访"]);

    // 林晓燕 of the petition office opens the case and records the revisit from its card.
    await linXiaoyan.sendText(`/case ${code}`);
    m = await next(linXiaoyan, says(`【案件】${code}`));
    expect(m.text).toContain("答复（已送达，王芳）");
    await press(linXiaoyan, m, "记回访");
    m = await next(linXiaoyan, says("是怎么回访的"));
    await press(linXiaoyan, m, "电话");
    m = await next(linXiaoyan, says("意见是"));
    await press(linXiaoyan, m, "满意");
    await next(linXiaoyan, says("原话意见"));
    await linXiaoyan.sendText("路灯亮了，孩子晚上回家方便多了，谢谢。");
    await next(linXiaoyan, says(`回访已记下（${code}）`));

    // The two whose signatures closure needs are asked for them.
    const handlerAsked = await next(wangFang, says(`【待签字】${code}`));
    const headAsked = await next(liZhiqiang, says(`【待签字】${code}`));
    expect(headAsked.text).toContain("结果：满意。反映人意见：路灯亮了");
    await press(wangFang, handlerAsked, "签字");
    const signed = await next(wangFang, says(`已签字（${code}）`));
    // Closing from that reply before the head has signed names what is missing.
    await press(wangFang, signed, "结案");
    expect((await next(wangFang, says("还不能结案"))).text).toContain("还缺：单位负责人回访后签字");
    await press(liZhiqiang, headAsked, "签字");
    await next(liZhiqiang, says(`已签字（${code}）`));
    await press(wangFang, signed, "结案");
    await next(wangFang, says(`${code} 已办结`));

    // Everything owed has gone out; then the petitioner's chat after the acknowledgement holds
    // the public steps, each exactly once, and nothing internal.
    await runtime.settle(waitMs);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const told = emulator.pendingBotMessages(citizen.chatId);
    expect(told.map((message) => message.text)).toEqual([
      expect.stringMatching(new RegExp(`^您的诉求 ${code} 已由青石镇人民政府（王芳）受理，将在 \\d{4}-\\d{2}-\\d{2} 前答复您。$`)),
      `您的诉求 ${code} 有新进展（青石镇人民政府）：已联系供电所，本周内更换灯具。`,
      `您的诉求 ${code} 已有答复（青石镇人民政府）。\n结果：已解决\n村口3盏路灯已于12月3日全部更换，今后由村委会负责日常维护。`,
      `您的诉求 ${code} 已办结。感谢您的反映和耐心。`,
    ]);
    // Each official's notices (the texts headed 【…】; the rest are replies), each once.
    const notices = (client: EmulatorClient) =>
      emulator.server.storage.botMessages.filter((stored) => String(stored.message.chat_id) === String(client.chatId)).map((stored) => String(stored.message.text)).filter((text) => text.startsWith("【") && !text.startsWith("【案件】")).map((text) => /^【[^】]+】/.exec(text)![0]);
    expect(notices(wangFang)).toEqual(["【新交办】", "【答复已送达】", "【待签字】"]);
    expect(notices(liZhiqiang)).toEqual(["【待审核答复】", "【待签字】"]);
    // The one who recorded the revisit is not asked to sign for it.
    expect(notices(linXiaoyan)).toEqual([]);
  }, 120_000);
});
