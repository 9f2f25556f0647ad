import { beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../src/kernel/clock";
import { ConversationEngine } from "../../src/conversation/engine";
import type { CaseView } from "../../src/cases/views";
import type { ConfirmedPetition } from "../../src/cases/submission";
import type { ConversationPorts } from "../../src/conversation/ports";
import { splitText } from "../../src/conversation/split";
import { MemoryStateStore } from "../../src/conversation/state";
import type { ChannelUser, StoredAttachment } from "../../src/kernel/channel";
import type { Reply } from "../../src/conversation/types";
import { orgFixture } from "../support/org-fixture";
import { distanceKm, nearestVillage } from "../../src/org/nearest-area";
import { quietPorts, testEngine } from "../support/test-engine";

const citizen: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: "5000000001" };
const other: ChannelUser = { ...citizen, platformId: "5000000002" };

function fakePorts() {
  const submitted: ConfirmedPetition[] = [];
  const cases = new Map<string, { owner: string; view: CaseView }>();
  const ports: ConversationPorts = {
    casework: quietPorts().casework,
    submitPetition: async (submission) => {
      submitted.push(structuredClone(submission));
    },
    casesOf: async (user) => [...cases.values()].filter((c) => c.owner === user.platformId).map((c) => c.view),
    awaitingRating: async () => [],
    caseOf: async (user, code) => {
      const found = cases.get(code);
      return found && found.owner === user.platformId ? found.view : null;
    },
    bindOfficial: async (_user, _language, code) => (code === "GOODCODE" ? { ok: true, officialName: "李干事" } : { ok: false, reason: "invalid" }),
    preferAccount: async () => false,
    issueLinkCode: async () => ({ code: "ABCD2345", minutes: 10 }),
    linkAccount: async () => ({ ok: false, reason: "invalid" }),
    speaker: async () => ({ kind: "citizen" }),
    org: async () => orgFixture(),
    claimVisit: quietPorts().claimVisit,
  };
  return { ports, submitted, cases };
}

let clock: ReturnType<typeof manualClock>;
let store: MemoryStateStore;
let fake: ReturnType<typeof fakePorts>;
let engine: ConversationEngine;

function newEngine() {
  return testEngine({ store, ports: fake.ports, clock });
}

beforeEach(() => {
  clock = manualClock("2026-11-23T02:00:00Z");
  store = new MemoryStateStore();
  fake = fakePorts();
  engine = newEngine();
});

const say = (text: string, user = citizen) => engine.handle({ user, chat: "private", kind: "text", text });
const last = (replies: Reply[]) => replies[replies.length - 1]!;
/** Presses the button with this label on the last reply that had buttons. */
async function press(replies: Reply[], label: string, user = citizen): Promise<Reply[]> {
  const withChoices = [...replies].reverse().find((r) => r.choices?.length);
  const choice = withChoices?.choices?.find((c) => c.label === label);
  if (!choice) throw new Error(`no button "${label}" in ${JSON.stringify(replies)}`);
  return engine.handle({ user, chat: "private", kind: "choice", value: choice.value });
}
const photo: StoredAttachment = { kind: "photo", sha256: "a".repeat(64), mimeType: "image/jpeg", size: 1234, storageKey: `aa/${"a".repeat(64)}` };

async function toDescription() {
  let r = await say("/start");
  r = await press(r, "土地房屋");
  r = await press(r, "东坡镇");
  return press(r, "王家村");
}

async function toSummary(contact: "named" | "anonymous" = "named") {
  await toDescription();
  let r = await say("邻居把围墙建到了我家宅基地上，村里调解两次没有结果。");
  r = await press(r, "写完了");
  if (contact === "anonymous") return press(r, "匿名反映");
  r = await press(r, "留下姓名和电话");
  r = await say("王小明");
  return say("138 0013 8000");
}

describe("the intake conversation", () => {
  it("walks a citizen from greeting to a submitted petition", async () => {
    let r = await say("/start");
    expect(r[0]!.text).toContain("隐私说明");
    expect(last(r).text).toBe("请选择诉求类别：");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["土地房屋", "劳动工资", "干部作风", "其他"]);
    r = await press(r, "土地房屋");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["东坡镇", "西河乡"]);
    r = await press(r, "东坡镇");
    expect(last(r).text).toContain("东坡镇的哪个村");
    r = await press(r, "王家村");
    expect(last(r).text).toContain("请描述");
    r = await say("邻居把围墙建到了我家宅基地上。");
    expect(last(r).text).toContain("共 15 字");
    r = await say("村里调解两次没有结果。");
    r = await press(r, "写完了");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["留下姓名和电话", "匿名反映"]);
    r = await press(r, "留下姓名和电话");
    r = await say("王小明");
    r = await say("＋８６ １３８ 0013 8000");
    expect(last(r).text).toContain("王小明，+8613800138000");
    expect(last(r).text).toContain("王家村（东坡镇）");
    r = await press(r, "确认提交");
    expect(last(r).text).toContain("已提交");
    expect(fake.submitted).toHaveLength(1);
    expect(fake.submitted[0]).toMatchObject({
      user: citizen,
      categoryId: "land",
      areaId: "dp-wj",
      description: "邻居把围墙建到了我家宅基地上。\n村里调解两次没有结果。",
      anonymous: false,
      contactName: "王小明",
      contactPhone: "+8613800138000",
      submittedAt: "2026-11-23T02:00:00.000Z",
    });
    // The draft is gone: pressing confirm again submits nothing twice.
    const again = await engine.handle({ user: citizen, chat: "private", kind: "choice", value: "confirm:submit" });
    expect(fake.submitted).toHaveLength(1);
    expect(again.map((x) => x.text).join()).not.toContain("已提交");
    expect(again[0]!.text).toContain("按钮已过期");
  });

  it("keeps a first message that already tells the story as the description", async () => {
    let r = await say("村口的路灯坏了三个月了，晚上很不安全，希望尽快修好");
    expect(r.map((x) => x.text).join("\n")).toContain("您说的情况已记下：“村口的路灯坏了三个月了");
    r = await press(r, "其他");
    r = await press(r, "东坡镇");
    r = await press(r, "李家村");
    expect(last(r).text).toContain("共 25 字");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    r = await press(r, "确认提交");
    expect(fake.submitted[0]!.description).toBe("村口的路灯坏了三个月了，晚上很不安全，希望尽快修好");
  });

  it("finds a typed place with a missing suffix, a typo or an old name, and offers a choice when two match", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await say("王家");
    expect(last(r).text).toContain("请描述");
    await say("/cancel");
    r = await say("/start");
    r = await press(r, "土地房屋");
    r = await say("王佳村");
    expect(last(r).text).toBe("您说的是王家村（东坡镇）吗？");
    r = await press(r, "是");
    expect(last(r).text).toContain("请描述");
    await say("取消");
    r = await say("/start");
    r = await press(r, "土地房屋");
    r = await say("老李庄");
    expect(last(r).text).toContain("请描述");
    await say("算了");
    r = await say("/start");
    r = await press(r, "土地房屋");
    r = await say("李佳村");
    expect(last(r).text).toBe("您说的是下面哪一个？");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["李家村（东坡镇）", "李集村（西河乡）"]);
    r = await press(r, "李集村（西河乡）");
    r = await say("情况如下：工程款一直拖欠。");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("李集村（西河乡）");
  });

  it("confirms a place guessed from a typo: yes uses it, no asks the place again keeping the rest", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await say("王佳村");
    expect(last(r).text).toBe("您说的是王家村（东坡镇）吗？");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["是", "不是"]);
    r = await say("不对");
    expect(r[0]!.text).toContain("请重新选择或输入地点");
    expect(last(r).text).toContain("哪个乡镇");
    r = await say("王佳村");
    r = await say("对");
    expect(last(r).text).toContain("请描述");
    r = await say("情况如下：工程款一直拖欠。");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("土地房屋");
    expect(last(r).text).toContain("王家村（东坡镇）");
  });

  it("takes an exact name or a name without its suffix at once, with no question", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await say(" 王家 村 ");
    expect(last(r).text).toContain("请描述");
  });

  it("re-asks with a specific message when a place is not found", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await say("火星基地");
    expect(r[0]!.text).toContain("没有找到“火星基地”");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["东坡镇", "西河乡"]);
  });

  it("accepts typed numbers for choices and rejects numbers out of range", async () => {
    let r = await say("/start");
    r = await say("2");
    expect(last(r).text).toContain("哪个乡镇");
    r = await say("9");
    expect(r[0]!.text).toContain("请点选");
    expect(last(r).text).toContain("哪个乡镇");
  });

  it("validates the name and the phone number with specific re-prompts", async () => {
    await toDescription();
    let r = await say("事情经过如下，请处理");
    r = await press(r, "写完了");
    r = await press(r, "留下姓名和电话");
    r = await say("王小明123");
    expect(r[0]!.text).toContain("姓名请用");
    r = await say("王小明");
    r = await say("12345");
    expect(r[0]!.text).toContain("“12345”不是有效的手机号");
    r = await press(r, "跳过");
    expect(last(r).text).toContain("王小明，未留电话");
    // Typing the word works as well as the button (numbered channels have no buttons).
    r = await press(r, "修改");
    r = await press(r, "联系方式");
    r = await press(r, "留下姓名和电话");
    await say("王小明");
    r = await say("跳过");
    expect(last(r).text).toContain("王小明，未留电话");
  });

  it("refuses a description over the limit, keeping what was already written", async () => {
    await toDescription();
    await say("第一段情况说明。");
    const r = await say("很".repeat(5000));
    expect(r[0]!.text).toContain("最多 5000 字");
    expect(last(r).text).toContain("共 8 字");
  });

  it("asks for words when a message has none, and strips control characters", async () => {
    await toDescription();
    let r = await say("😡😡😡");
    expect(r[0]!.text).toContain("请用几句话说说发生了什么");
    r = await say("   ");
    expect(r[0]!.text).toContain("请用文字回复");
    // A terminal's colour, screen-clear and title sequences go whole, not only their escape character.
    r = await say("路\u0000灯\u202E坏\u001B[2J\u001B[31m了\u001B[0m\u001B]0;title\u0007");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    r = await press(r, "确认提交");
    expect(fake.submitted[0]!.description).toBe("路灯坏了");
  });

  it("keeps HTML, Markdown and SQL-looking text verbatim as data", async () => {
    await toDescription();
    const text = "<b>急</b> *请处理* [链接](http://x) '); DROP TABLE petitions; --";
    let r = await say(text);
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain(text);
    await press(r, "确认提交");
    expect(fake.submitted[0]!.description).toBe(text);
  });

  it("keeps photos as attachments of the description", async () => {
    await toDescription();
    let r = await engine.handle({ user: citizen, chat: "private", kind: "attachment", attachment: photo, caption: "围墙照片" });
    expect(last(r).text).toContain("1 个附件");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("附件：1 个");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ description: "围墙照片", attachments: [photo] });
  });

  it("submits an anonymous petition without name or number", async () => {
    const r = await toSummary("anonymous");
    expect(last(r).text).toContain("联系人：匿名反映");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ anonymous: true, contactName: undefined, contactPhone: undefined });
  });

  it("edits one field from the summary and comes back to it", async () => {
    let r = await toSummary();
    r = await press(r, "修改");
    r = await press(r, "类别");
    r = await press(r, "其他");
    expect(last(r).text).toContain("类别：其他");
    r = await press(r, "修改");
    r = await press(r, "地点");
    r = await press(r, "西河乡");
    r = await press(r, "河口村");
    expect(last(r).text).toContain("地点：河口村（西河乡）");
    r = await press(r, "修改");
    r = await press(r, "情况描述");
    r = await say("换一种说法重新描述。");
    r = await press(r, "写完了");
    expect(last(r).text).toContain("情况：换一种说法重新描述。");
    r = await press(r, "修改");
    r = await press(r, "联系方式");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("联系人：匿名反映");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ categoryId: "other", areaId: "xh-hs", anonymous: true, description: "换一种说法重新描述。" });
  });

  it("cancels at any step with /cancel, 取消 or 算了, saving nothing", async () => {
    for (const word of ["/cancel", "取消", "算了"]) {
      await toDescription();
      const r = await say(word);
      expect(r[0]!.text).toContain("已取消");
      expect(last(await say("/status")).text).toContain("还没有提交过");
    }
    expect(fake.submitted).toHaveLength(0);
    expect((await say("取消"))[0]!.text).toContain("现在没有进行中的诉求");
  });

  it("answers a button from an earlier question as stale and changes nothing", async () => {
    const start = await say("/start");
    await press(start, "土地房屋");
    const r = await press(start, "劳动工资");
    expect(r[0]!.text).toContain("按钮已过期");
    expect(last(r).text).toContain("哪个乡镇");
  });

  it("drops a draft idle longer than DRAFT_KEEP_HOURS, says so once, and starts afresh", async () => {
    await toDescription();
    await say("邻居把围墙建到了我家宅基地上。");
    clock.advance(25 * 3_600_000);
    const r = await say("还在吗");
    expect(r[0]!.text).toContain("已自动取消");
    expect(r.map((x) => x.text).join()).not.toContain("继续填写吗");
    expect(r.map((x) => x.text).join()).toContain("请选择诉求类别");
    // Nothing of the old draft is kept: the new one reaches its summary without the old story.
    let next = await press(r, "劳动工资");
    next = await press(next, "东坡镇");
    next = await press(next, "王家村");
    next = await say("我的工资被拖欠了三个月。");
    next = await say("写完了");
    const summary = await press(next, "匿名反映");
    expect(summary.map((x) => x.text).join()).toContain("我的工资被拖欠了三个月。");
    expect(summary.map((x) => x.text).join()).not.toContain("围墙");
    // Told once: the next visit hears nothing about an expired draft.
    await say("取消");
    expect((await say("/start")).map((x) => x.text).join()).not.toContain("已自动取消");
  });

  it("offers a paused draft back after 2 hours; continue keeps the step and everything, and submits", async () => {
    await toDescription();
    await say("邻居把围墙建到了我家宅基地上。");
    clock.advance(2 * 3_600_000);
    let r = await say("/start");
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toContain("您上次“反映诉求”还没提交，继续填写吗？");
    expect(r[0]!.choices?.map((c) => c.label)).toEqual(["继续填写", "重新开始"]);
    r = await press(r, "继续填写");
    expect(r[0]!.text).toContain("接着上次");
    // The step it was at, re-prompted with what it already holds.
    expect(last(r).text).toContain("共 15 字");
    r = await say("村里调解两次没有结果。");
    expect(last(r).text).toContain("共 27 字");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    r = await press(r, "确认提交");
    expect(last(r).text).toContain("已提交");
    expect(fake.submitted).toHaveLength(1);
    expect(fake.submitted[0]).toMatchObject({ categoryId: "land", areaId: "dp-wj", description: "邻居把围墙建到了我家宅基地上。\n村里调解两次没有结果。", anonymous: true });
  });

  it("starts afresh from the offer: the old draft is dropped and a new one begins with the held message", async () => {
    await toDescription();
    await say("邻居把围墙建到了我家宅基地上。");
    clock.advance(2 * 3_600_000);
    let r = await say("路灯坏了三个月没人修");
    expect(r[0]!.text).toContain("继续填写吗");
    r = await press(r, "重新开始");
    expect(r[0]!.text).toContain("上次的内容已删除");
    expect(last(r).text).toContain("请选择诉求类别");
    // The new draft kept what was typed; the old story is gone.
    r = await press(r, "土地房屋");
    r = await press(r, "东坡镇");
    r = await press(r, "王家村");
    r = await say("写完了");
    r = await press(r, "匿名反映");
    r = await press(r, "确认提交");
    expect(fake.submitted).toHaveLength(1);
    expect(fake.submitted[0]!.description).toBe("路灯坏了三个月没人修");
  });

  it("reads text sent instead of an answer to the offer as the next answer of the draft", async () => {
    await toDescription();
    clock.advance(2 * 3_600_000);
    await say("/start");
    const r = await say("邻居把围墙建到了我家宅基地上。");
    expect(r[0]!.text).toContain("接着上次");
    expect(last(r).text).toContain("共 15 字");
  });

  it("takes a button of the question the draft is at, pressed after a pause, as going on; an earlier button asks", async () => {
    const start = await say("/start");
    clock.advance(2 * 3_600_000);
    let r = await press(start, "土地房屋");
    expect(r.map((x) => x.text).join()).not.toContain("继续填写吗");
    expect(last(r).text).toContain("哪个乡镇");
    clock.advance(2 * 3_600_000);
    r = await press(start, "劳动工资");
    expect(last(r).text).toContain("继续填写吗");
    r = await say("帮助");
    expect(last(r).text).toContain("继续填写吗");
    r = await press(r, "继续填写");
    expect(last(r).text).toContain("哪个乡镇");
  });

  it("carries on silently within CONVERSATION_IDLE_MINUTES", async () => {
    await toDescription();
    clock.advance(20 * 60_000);
    const r = await say("邻居把围墙建到了我家宅基地上。");
    expect(r.map((x) => x.text).join()).not.toContain("继续填写吗");
    expect(last(r).text).toContain("共 15 字");
  });

  it("takes 继续 or 1 typed on WeChat, and 重新开始 or 2, in answer to the offer", async () => {
    const wechat: ChannelUser = { channel: "wechat", botAccount: "wxid_bot", platformId: "wxid_citizen" };
    await say("路灯坏了三个月", wechat);
    await say("9", wechat);
    clock.advance(3 * 3_600_000);
    let r = await say("在吗", wechat);
    expect(r[0]!.text).toContain("回复 1 或“继续”");
    r = await say("继续", wechat);
    expect(r[0]!.text).toContain("接着上次");
    expect(r.length).toBeGreaterThan(1); // the step it was at, asked again
    clock.advance(3 * 3_600_000);
    r = await say("你好", wechat);
    r = await say("2", wechat);
    expect(r[0]!.text).toContain("上次的内容已删除");
    clock.advance(3 * 3_600_000);
    r = await say("嗯", wechat);
    r = await say("重新开始", wechat);
    expect(r[0]!.text).toContain("上次的内容已删除");
  });

  it("continues after a restart: a new engine on the same store picks up the draft", async () => {
    await toDescription();
    engine = newEngine();
    const r = await say("重启后继续描述情况。");
    expect(last(r).text).toContain("共 10 字");
  });

  it("answers group messages with one neutral line and keeps nothing", async () => {
    const r = await engine.handle({ user: citizen, chat: "group", kind: "text", text: "我要投诉某某干部" });
    expect(r).toEqual([{ text: "为保护隐私，请单独私聊我反映诉求（微信请先加我为好友），不要在群里说具体情况。" }]);
    expect(await store.get("telegram/minqing_bot/5000000001")).toBeUndefined();
  });

  it("explains that stickers and locations cannot be used, and re-asks", async () => {
    await say("/start");
    const r = await engine.handle({ user: citizen, chat: "private", kind: "unsupported", what: "sticker" });
    expect(r[0]!.text).toContain("无法处理这类消息");
    expect(last(r).text).toBe("请选择诉求类别：");
  });

  it("speaks English after /lang en", async () => {
    await say("/start");
    const r = await say("/lang en");
    expect(r[0]!.text).toBe("Language set to English.");
    expect(last(r).choices!.map((c) => c.label)).toContain("Land and housing");
    expect((await say("/help"))[0]!.text).toContain("How it works");
  });

  it("shows a petitioner only their own cases; a foreign code reads like an unknown one", async () => {
    const view: CaseView = { trackingCode: "MQ2345ABCD", categoryId: "land", areaId: "dp-wj", state: "submitted", submittedAt: "2026-11-23T02:00:00Z", unitId: "dp-gov", acceptBy: "2026-12-08", answerBy: null };
    fake.cases.set(view.trackingCode, { owner: citizen.platformId, view });
    expect(last(await say("/status")).text).toContain("MQ2345ABCD｜土地房屋｜已提交，正在登记｜2026-11-23提交");
    expect(last(await say("/status mq2345abcd")).text).toContain("办理单位：东坡镇政府");
    const foreign = last(await say("/status MQ2345ABCD", other)).text;
    const unknown = last(await say("/status MQZZZZZZZZ", other)).text;
    expect(foreign).toBe(unknown);
  });

  it("says in plain words where a case stands and which deadline comes next", async () => {
    const view: CaseView = { trackingCode: "MQ2345ABCD", categoryId: "land", areaId: "dp-wj", state: "registered", submittedAt: "2026-11-23T02:00:00Z", unitId: "dp-gov", acceptBy: "2026-12-08", answerBy: null };
    fake.cases.set(view.trackingCode, { owner: citizen.platformId, view });
    const waiting = last(await say("/status MQ2345ABCD")).text;
    expect(waiting).toContain("状态：已登记，待受理");
    expect(waiting).toContain("受理告知期限：2026-12-08");
    expect(waiting).not.toContain("答复期限");
    // Once accepted, the acceptance date has passed its use; the answer date is the one to watch.
    fake.cases.set(view.trackingCode, { owner: citizen.platformId, view: { ...view, state: "accepted", answerBy: "2026-12-15" } });
    const accepted = last(await say("/status MQ2345ABCD")).text;
    expect(accepted).toContain("状态：已受理，正在办理");
    expect(accepted).toContain("答复期限：2026-12-15");
    expect(accepted).not.toContain("受理告知期限");
  });

  it("keeps a foreign code indistinguishable from an unknown one in detail too", async () => {
    const view: CaseView = { trackingCode: "MQ2345ABCD", categoryId: "land", areaId: "dp-wj", state: "registered", submittedAt: "2026-11-23T02:00:00Z", unitId: "dp-gov", acceptBy: "2026-12-08", answerBy: null };
    fake.cases.set(view.trackingCode, { owner: citizen.platformId, view });
    const foreign = last(await say("/status MQ2345ABCD", other)).text;
    const unknown = last(await say("/status MQZZZZZZZZ", other)).text;
    expect(foreign).toBe(unknown);
  });

  it("binds an official with /bind CODE and explains a bad code", async () => {
    expect(last(await say("/bind GOODCODE")).text).toContain("绑定成功：李干事");
    expect(last(await say("/bind WRONG")).text).toContain("绑定码无效");
    expect(last(await say("/bind")).text).toContain("/bind 绑定码");
  });
});

describe("intake as citizens really write", () => {
  it("takes a name, or a name and a phone, typed at the contact question", async () => {
    await toDescription();
    let r = await say("邻居把围墙建到了我家宅基地上。");
    r = await press(r, "写完了");
    r = await say("王小明 138 0013 8000");
    expect(last(r).text).toContain("联系人：王小明，+8613800138000");
    r = await press(r, "修改");
    r = await press(r, "联系方式");
    r = await say("我叫李芳");
    expect(last(r).text).toContain("请输入手机号");
    r = await say("跳过");
    expect(last(r).text).toContain("联系人：李芳，未留电话");
  });

  it("submits on 确认, 好的, 对, 没问题, 提交 or ok typed at the summary", async () => {
    for (const word of ["确认", "好的", "对", "没问题", "提交", "ok", "OK"]) {
      await toSummary();
      const r = await say(word);
      expect(last(r).text).toContain("已提交");
    }
    expect(fake.submitted).toHaveLength(7);
  });

  it("keeps a story told in several messages before and during the first questions, and says so", async () => {
    let r = await say("你好");
    expect(r.map((x) => x.text).join()).not.toContain("已记下");
    r = await say("村口的路灯坏了");
    expect(r[0]!.text).toBe("您说的情况已记下：“村口的路灯坏了”。稍后描述情况时还可以补充。");
    expect(last(r).text).toBe("请选择诉求类别：");
    r = await press(r, "其他");
    r = await say("已经坏了三个月了，晚上出门很不安全，老人摔倒过两次");
    expect(r[0]!.text).toContain("您说的情况已记下：“已经坏了三个月了，晚上出门很不安全，老人摔倒过两…”");
    expect(last(r).text).toContain("哪个乡镇");
    r = await press(r, "东坡镇");
    r = await press(r, "李家村");
    expect(last(r).text).toContain("共 33 字");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    await press(r, "确认提交");
    expect(fake.submitted[0]!.description).toBe("村口的路灯坏了\n已经坏了三个月了，晚上出门很不安全，老人摔倒过两次");
  });

  it("tells the citizen when a first message is over the limit instead of dropping it in silence", async () => {
    const r = await say("很".repeat(5001));
    expect(r.map((x) => x.text).join("\n")).toContain("您发来的这段有 5001 字，超过了情况描述最多 5000 字的限制，这一段没有记下");
    expect(last(r).text).toBe("请选择诉求类别：");
  });

  it("shows a case's status for 查询 MQ…, 进度 MQ… or a pasted tracking code instead of starting a petition", async () => {
    const view: CaseView = { trackingCode: "MQ2345ABCD", categoryId: "land", areaId: "dp-wj", state: "registered", submittedAt: "2026-11-23T02:00:00Z", unitId: "dp-gov", acceptBy: "2026-12-08", answerBy: null };
    fake.cases.set(view.trackingCode, { owner: citizen.platformId, view });
    for (const text of ["查询 MQ2345ABCD", "进度：mq2345abcd", "MQ2345ABCD", " mq 2345 abcd "]) {
      const r = await say(text);
      expect(r).toHaveLength(1);
      expect(r[0]!.text).toContain("查询码：MQ2345ABCD");
    }
    expect(await store.get("telegram/minqing_bot/5000000001")).toMatchObject({ runs: [] });
    // While a petition is being written, the query answers and the draft stays.
    await toDescription();
    expect((await say("查询 MQ2345ABCD"))[0]!.text).toContain("办理单位：东坡镇政府");
    expect(last(await say("继续写情况。")).text).toContain("共 6 字");
  });

  it("takes a petition told only by a voice message, or only by photos", async () => {
    const voice: StoredAttachment = { kind: "voice", sha256: "b".repeat(64), mimeType: "audio/ogg", size: 4321, storageKey: `bb/${"b".repeat(64)}` };
    await toDescription();
    let r = await say("写完了");
    expect(r.map((x) => x.text).join()).toContain("也可以发语音或图片");
    r = await engine.handle({ user: citizen, chat: "private", kind: "attachment", attachment: voice });
    expect(last(r).text).toContain("0 字，1 个附件");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("附件：1 个（语音 1）");
    expect(last(r).text).toContain("情况：（没有文字，请看附件）");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ description: "", attachments: [voice] });

    await say("/start");
    r = await engine.handle({ user: citizen, chat: "private", kind: "attachment", attachment: photo });
    r = await engine.handle({ user: citizen, chat: "private", kind: "attachment", attachment: { ...photo, sha256: "c".repeat(64) } });
    r = await press(r, "其他");
    r = await press(r, "东坡镇");
    r = await press(r, "李家村");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("附件：2 个（图片 2）");
    await press(r, "确认提交");
    expect(fake.submitted[1]).toMatchObject({ description: "", categoryId: "other", areaId: "dp-lj" });
    expect(fake.submitted[1]!.attachments).toHaveLength(2);
  });

  it("refuses a description of only digits, one character or punctuation, and takes a real sentence", async () => {
    await toDescription();
    for (const thin of ["99", "1", "。。。", "？", "  8 ", "👍👍"]) {
      const r = await say(thin);
      expect(r.map((x) => x.text).join("\n")).toContain("请用几句话说说发生了什么");
    }
    // Nothing thin was kept: the step still asks for the description.
    let r = await say("路灯坏了");
    expect(r.map((x) => x.text).join()).toContain("共 4 字，0 个附件");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    await press(r, "确认提交");
    expect(fake.submitted[0]!.description).toBe("路灯坏了");
  });

  it("takes a thin description when a photo tells the rest", async () => {
    await toDescription();
    let r = await say("99");
    expect(r[0]!.text).toContain("请用几句话说说发生了什么");
    r = await engine.handle({ user: citizen, chat: "private", kind: "attachment", attachment: photo });
    r = await say("灯");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ description: "灯", attachments: [photo] });
  });

  it("does not keep a stray number sent before anything else as the story", async () => {
    let r = await say("99");
    expect(r.map((x) => x.text).join()).not.toContain("已记下");
    r = await press(r, "土地房屋");
    r = await press(r, "东坡镇");
    r = await press(r, "王家村");
    expect(last(r).text).toContain("请描述您遇到的情况");
    r = await say("写完了");
    expect(last(r).text).toContain("请描述您遇到的情况");
  });

  it("speaks each channel's idiom: buttons and commands on Telegram, numbers and words on WeChat and the terminal", async () => {
    const wechat: ChannelUser = { channel: "wechat", botAccount: "wxid_bot", platformId: "wxid_citizen" };
    const texts: string[] = [];
    const run = async (text: string) => {
      const r = await say(text, wechat);
      texts.push(...r.map((x) => x.text));
      return r;
    };
    await run("路灯坏了三个月");
    await run("9");
    await run("1");
    await run("火星基地");
    await run("1");
    await run("1");
    await run("写完了");
    await run("1");
    await run("王小明");
    await run("12345");
    await run("跳过");
    await run("帮助");
    await run("取消");
    await run("取消");
    await run("查询");
    await run("/nonsense");
    await run("关联账号");
    await run("English");
    await run("status");
    for (const text of texts) expect(text).not.toMatch(/点选|点“|按钮|按“|\/[a-z]+|press/i);
    expect(texts.join("\n")).toContain("回复“写完了”");
    expect(texts.join("\n")).toContain("关联账号 ABCD2345");
    expect(texts.join("\n")).toContain("You have not filed any petition yet. Just write to begin.");
    // Telegram keeps its buttons and commands.
    const r = await say("/start");
    expect(r[0]!.text).toContain("/cancel");
    expect(last(await say("9")).text).not.toContain("请点选");
    expect((await say("9"))[0]!.text).toContain("请点选");
  });

  it("reads 1. 一 第一个 ① as numbers wherever numbers are accepted", async () => {
    for (const [typed, category] of [["1.", "land"], ["一", "land"], ["第二个", "labour"], ["③", "conduct"], ["（4）", "other"]] as const) {
      await say("/start");
      let r = await say(typed);
      // A conduct complaint asks whom it is about first: "1" there skips it (不清楚 / 不想说).
      if (category === "conduct") r = await say("1");
      expect(last(r).text).toContain("哪个乡镇");
      r = await say("第一个");
      r = await say("①");
      r = await say("事情的经过是这样的。");
      r = await say("1、");
      r = await say("2");
      r = await say("一");
      expect(last(r).text).toContain("已提交");
    }
    expect(fake.submitted.map((s) => s.categoryId)).toEqual(["land", "land", "labour", "conduct", "other"]);
    expect(fake.submitted[0]).toMatchObject({ areaId: "dp-lj", anonymous: true });
  });
});

describe("a shared location", () => {
  const share = (latitude: number, longitude: number) => engine.handle({ user: citizen, chat: "private", kind: "location", latitude, longitude });
  /** A few hundred metres from 王家村 in the fixture. */
  const nearWangjia = { latitude: 30.4995, longitude: 114.3235 };

  it("finds the nearest village with coordinates, and nothing beyond 5 km", () => {
    const areas = orgFixture().areas;
    expect(nearestVillage(nearWangjia, areas)?.name).toBe("王家村");
    expect(nearestVillage({ latitude: 30.511, longitude: 114.302 }, areas)?.name).toBe("李家村");
    expect(distanceKm({ latitude: 30.498, longitude: 114.326 }, { latitude: 30.512, longitude: 114.301 })).toBeCloseTo(2.9, 1);
    expect(nearestVillage({ latitude: 30.6, longitude: 114.326 }, areas)).toBeUndefined();
  });

  it("at the township question suggests the village nearby; yes uses it and the petition carries the location", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await share(nearWangjia.latitude, nearWangjia.longitude);
    expect(last(r).text).toBe("您分享的位置在王家村（东坡镇）附近，是这里吗？");
    r = await press(r, "是");
    expect(last(r).text).toContain("请描述");
    r = await say("邻居把围墙建到了我家宅基地上。");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("王家村（东坡镇）");
    expect(last(r).text).toContain("位置：已分享");
    expect(last(r).text).not.toContain("30.4995");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ areaId: "dp-wj", location: nearWangjia });
  });

  it("with no village nearby asks the place as usual and still submits the location; one sent later is kept too", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await share(31.2, 121.4);
    expect(r[0]!.text).toContain("附近没有找到登记的村");
    expect(last(r).text).toContain("哪个乡镇");
    r = await press(r, "东坡镇");
    r = await press(r, "李家村");
    r = await share(31.3, 121.5);
    expect(r[0]!.text).toContain("已记下您分享的位置");
    expect(last(r).text).toContain("请描述");
    r = await say("邻居把围墙建到了我家宅基地上。");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ areaId: "dp-lj", location: { latitude: 31.3, longitude: 121.5 } });
  });

  it("a suggestion declined asks the place again and keeps the location", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await share(nearWangjia.latitude, nearWangjia.longitude);
    r = await say("不是");
    expect(last(r).text).toContain("哪个乡镇");
    r = await press(r, "西河乡");
    r = await press(r, "河口村");
    r = await say("情况如下：工程款一直拖欠。");
    r = await press(r, "写完了");
    r = await press(r, "匿名反映");
    expect(last(r).text).toContain("位置：已分享");
    await press(r, "确认提交");
    expect(fake.submitted[0]).toMatchObject({ areaId: "xh-hs", location: nearWangjia });
  });
});

describe("splitting long messages", () => {
  it("splits a summary over 4,096 characters without losing a character", () => {
    const text = Array.from({ length: 400 }, (_, i) => `第${i}行：${"情况".repeat(8)}`).join("\n");
    const parts = splitText(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join("")).toBe(text);
  });

  it("never splits an emoji in half", () => {
    const text = "😀".repeat(3000);
    const parts = splitText(text, 4095);
    expect(parts.join("")).toBe(text);
    expect(parts.every((p) => !/^[\uDC00-\uDFFF]/.test(p))).toBe(true);
  });
});

