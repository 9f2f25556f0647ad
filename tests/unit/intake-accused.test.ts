/**
 * A conduct complaint asks whom it is about (信访工作条例 2022: it must never reach them): the
 * organisation's own name is taken, a guess is confirmed, several are offered, words that match
 * nobody are kept as said, and "不清楚 / 不想说" skips. Run through the engine as a citizen would;
 * then the matcher on its own, and the case card that shows officials what was said.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ConfirmedPetition } from "../../src/cases/submission";
import type { CaseCard } from "../../src/cases/views";
import { formatCard } from "../../src/conversation/casework/present";
import { accusedLabel, findAccused } from "../../src/conversation/accused-match";
import type { ConversationEngine } from "../../src/conversation/engine";
import { MemoryStateStore } from "../../src/conversation/state";
import type { Reply } from "../../src/conversation/types";
import type { ChannelUser } from "../../src/kernel/channel";
import { render, type MessageKey, type MessageParams } from "../../src/kernel/texts";
import type { OrgSnapshot } from "../../src/org/types";
import { orgFixture } from "../support/org-fixture";
import { quietPorts, testEngine } from "../support/test-engine";

const citizen: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: "5000000101" };
const wechat: ChannelUser = { channel: "wechat", botAccount: "wxid_bot", platformId: "wxid_citizen_101" };

let org: OrgSnapshot;
let submitted: ConfirmedPetition[];
let engine: ConversationEngine;

beforeEach(() => {
  org = orgFixture();
  submitted = [];
  engine = testEngine({
    store: new MemoryStateStore(),
    ports: quietPorts({ org: async () => org, submitPetition: async (petition) => void submitted.push(structuredClone(petition)) }),
  });
});

const say = (text: string, user = citizen) => engine.handle({ user, chat: "private", kind: "text", text });
const last = (replies: Reply[]) => replies[replies.length - 1]!;
const all = (replies: Reply[]) => replies.map((r) => r.text).join("\n");
async function press(replies: Reply[], label: string, user = citizen): Promise<Reply[]> {
  const choice = [...replies].reverse().find((r) => r.choices?.length)?.choices?.find((c) => c.label === label);
  if (!choice) throw new Error(`no button "${label}" in ${JSON.stringify(replies)}`);
  return engine.handle({ user, chat: "private", kind: "choice", value: choice.value });
}

/** Starts a conduct complaint: the question after the category. */
async function toAccused(): Promise<Reply[]> {
  return press(await say("/start"), "干部作风");
}

/** From the place question to the summary, anonymously. */
async function toSummary(r: Reply[]): Promise<Reply[]> {
  r = await press(r, "东坡镇");
  r = await press(r, "王家村");
  r = await say("办事要求送礼，不送就拖着不办。");
  r = await press(r, "写完了");
  return press(r, "匿名反映");
}

async function submit(r: Reply[]): Promise<ConfirmedPetition> {
  r = await press(r, "确认提交");
  expect(last(r).text).toContain("已提交");
  return submitted[submitted.length - 1]!;
}

describe("whom a conduct complaint is about", () => {
  it("is asked only for a conduct category, with a way to skip it", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    expect(last(r).text).toContain("哪个乡镇");
    await say("/cancel");

    r = await toAccused();
    expect(last(r).text).toContain("您反映的是哪个单位或哪位工作人员");
    expect(last(r).text).toContain("不会交给被反映的单位或人员办理");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["不清楚 / 不想说"]);
  });

  it("takes the organisation's own name of a unit, or of a unit and its official, at once", async () => {
    let r = await toAccused();
    r = await say("东坡镇政府");
    expect(last(r).text).toContain("哪个乡镇");
    r = await toSummary(r);
    expect(last(r).text).toContain("反映对象：东坡镇政府");
    expect(await submit(r)).toMatchObject({ categoryId: "conduct", accused: "东坡镇政府", accusedUnitId: "dp-gov" });
    expect(submitted[0]!.accusedOfficialId).toBeUndefined();

    r = await toAccused();
    r = await say("东坡镇政府的李干事");
    expect(last(r).text).toContain("哪个乡镇");
    expect(await submit(await toSummary(r))).toMatchObject({ accused: "东坡镇政府的李干事", accusedUnitId: "dp-gov", accusedOfficialId: "li" });
  });

  it("confirms a name found another way before using it: yes takes it", async () => {
    let r = await toAccused();
    r = await say("李干事");
    expect(last(r).text).toBe("您说的是东坡镇政府的李干事吗？");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["是", "不是"]);
    r = await press(r, "是");
    expect(last(r).text).toContain("哪个乡镇");
    r = await toSummary(r);
    expect(last(r).text).toContain("反映对象：东坡镇政府的李干事");
    expect(await submit(r)).toMatchObject({ accused: "李干事", accusedUnitId: "dp-gov", accusedOfficialId: "li" });

    // A township's name is its government; typed yes works like the button.
    r = await toAccused();
    r = await say("东坡镇那个窗口");
    expect(last(r).text).toBe("您说的是东坡镇政府吗？");
    r = await say("对");
    expect(await submit(await toSummary(r))).toMatchObject({ accused: "东坡镇那个窗口", accusedUnitId: "dp-gov" });
  });

  it("keeps the words as said, matched to nobody, when the guess is wrong or nothing matches", async () => {
    let r = await toAccused();
    r = await say("李干事");
    r = await press(r, "不是");
    expect(all(r)).toContain("就按您说的“李干事”记下");
    expect(last(r).text).toContain("哪个乡镇");
    const denied = await submit(await toSummary(r));
    expect(denied).toMatchObject({ accused: "李干事" });
    expect(denied.accusedUnitId).toBeUndefined();
    expect(denied.accusedOfficialId).toBeUndefined();

    r = await toAccused();
    r = await say("村里的会计");
    expect(all(r)).toContain("就按您说的“村里的会计”记下");
    r = await toSummary(r);
    expect(last(r).text).toContain("反映对象：村里的会计");
    const unknown = await submit(r);
    expect(unknown.accused).toBe("村里的会计");
    expect(unknown.accusedUnitId).toBeUndefined();
  });

  it("offers a choice when a name matches officials of two units", async () => {
    org.officials.push({ id: "li-2", name: "李干事", unitId: "hrss", roles: ["handling_official"], active: true, villageIds: [], absences: [] });
    let r = await toAccused();
    r = await say("李干事");
    expect(last(r).text).toBe("您说的是下面哪一个？");
    expect(last(r).choices!.map((c) => c.label)).toEqual(["东坡镇政府的李干事", "县人社局的李干事", "都不是，按我说的记下"]);
    r = await press(r, "县人社局的李干事");
    expect(await submit(await toSummary(r))).toMatchObject({ accusedUnitId: "hrss", accusedOfficialId: "li-2" });

    // Naming the unit as well, by its full name, leaves no doubt: no question.
    r = await toAccused();
    r = await say("县人社局李干事");
    expect(last(r).text).toContain("哪个乡镇");
    expect(await submit(await toSummary(r))).toMatchObject({ accusedUnitId: "hrss", accusedOfficialId: "li-2" });
  });

  it("skips: by the button or in words, and the summary says it was not said", async () => {
    let r = await toAccused();
    r = await press(r, "不清楚 / 不想说");
    expect(last(r).text).toContain("哪个乡镇");
    r = await toSummary(r);
    expect(last(r).text).toContain("反映对象：未说明");
    const skipped = await submit(r);
    expect(skipped.categoryId).toBe("conduct");
    expect(skipped.accused).toBeUndefined();

    // On WeChat the question names the word to reply, and the word works.
    r = await say("你好", wechat);
    expect(last(r).choices![2]!.label).toBe("干部作风");
    r = await say("3", wechat);
    expect(last(r).text).toContain("请回复“不清楚”");
    expect(last(r).text).not.toMatch(/点|按钮/);
    r = await say("不清楚", wechat);
    expect(last(r).text).toContain("哪个乡镇");
  });

  it("follows a category changed from the summary: asked when it becomes conduct, dropped when it stops being one", async () => {
    let r = await say("/start");
    r = await press(r, "土地房屋");
    r = await toSummary(r);
    expect(last(r).text).not.toContain("反映对象");
    r = await press(r, "修改");
    r = await press(r, "类别");
    r = await press(r, "干部作风");
    expect(last(r).text).toContain("您反映的是哪个单位或哪位工作人员");
    r = await say("东坡镇政府");
    // Back at the summary, with everything else kept.
    expect(last(r).text).toContain("反映对象：东坡镇政府");
    expect(last(r).text).toContain("王家村（东坡镇）");

    r = await press(r, "修改");
    expect(last(r).choices!.map((c) => c.label)).toContain("反映对象");
    r = await press(r, "类别");
    r = await press(r, "其他");
    expect(last(r).text).not.toContain("反映对象");
    const other = await submit(r);
    expect(other.categoryId).toBe("other");
    expect(other.accused).toBeUndefined();
  });
});

describe("matching the words against the organisation", () => {
  /** The fixture named as a real county names its units: the county's name first, 人民政府 for governments. */
  function countyNamed(): OrgSnapshot {
    const named = orgFixture();
    const rename: Record<string, string> = { office: "青山县信访局", hrss: "青山县人力资源和社会保障局", "dp-gov": "东坡镇人民政府" };
    named.units = named.units.map((u) => ({ ...u, name: rename[u.id] ?? u.name }));
    named.units.push({ id: "county-gov", name: "青山县人民政府", level: "county", parentId: null, isPetitionOffice: false, isDisciplineBody: false, active: true });
    return named;
  }

  it("reads short forms: without the county's name, 政府 for 人民政府, a township for its government", () => {
    const named = countyNamed();
    expect(findAccused("青山县信访局", named)).toEqual({ hits: [{ unitId: "office" }], how: "exact" });
    expect(findAccused("县信访局", named)).toEqual({ hits: [{ unitId: "office" }], how: "guess" });
    expect(findAccused("县政府", named)).toEqual({ hits: [{ unitId: "county-gov" }], how: "guess" });
    expect(findAccused("东坡镇政府", named)).toEqual({ hits: [{ unitId: "dp-gov" }], how: "guess" });
    expect(findAccused("东坡", named).hits).toEqual([]);
    expect(findAccused("东坡镇", named)).toEqual({ hits: [{ unitId: "dp-gov" }], how: "guess" });
  });

  it("never takes a longer name's inside for another unit: 东坡镇人民政府 is not the county's 人民政府", () => {
    expect(findAccused("东坡镇人民政府", countyNamed())).toEqual({ hits: [{ unitId: "dp-gov" }], how: "exact" });
  });

  it("takes an official named with their own unit, and an official named with another unit only as a guess", () => {
    const named = countyNamed();
    expect(findAccused("东坡镇人民政府的李干事", named)).toEqual({ hits: [{ unitId: "dp-gov", officialId: "li" }], how: "exact" });
    expect(findAccused("信访局的张主任", named)).toEqual({ hits: [{ unitId: "office", officialId: "zhang" }], how: "guess" });
    expect(findAccused("县人社局的李干事", named)).toEqual({ hits: [{ unitId: "dp-gov", officialId: "li" }], how: "guess" });
    expect(accusedLabel(named, { unitId: "dp-gov", officialId: "li" }, "zh-CN")).toBe("东坡镇人民政府的李干事");
    expect(accusedLabel(named, { unitId: "dp-gov", officialId: "li" }, "en")).toBe("李干事 of 东坡镇人民政府");
  });
});

describe("where officials read it", () => {
  const card = (accused?: CaseCard["accused"]): CaseCard => ({
    trackingCode: "MQ23456789",
    categoryId: "conduct",
    areaId: "dp-wj",
    state: "registered",
    unitId: "office",
    officialId: "zhang",
    coHandlingUnitIds: [],
    dueBy: "2026-12-08",
    description: "办事要求送礼。",
    attachments: 0,
    petitioner: null,
    submittedAt: "2026-11-23T02:00:00.000Z",
    acceptBy: "2026-12-08",
    answerBy: null,
    ownerOfficialId: null,
    leaderOfficialId: null,
    signedAs: [],
    gaps: [],
    actions: [],
    timeline: [],
    ...(accused ? { accused } : {}),
  });
  const t = (key: MessageKey, params?: MessageParams) => render("zh-CN", key, params);

  it("shows the case card the petitioner's words, with whom they were matched to", () => {
    const fixture = orgFixture();
    expect(formatCard(card({ text: "那个姓李的", unitId: "dp-gov", officialId: "li" }), fixture, "zh-CN", t)).toContain("反映对象：那个姓李的（东坡镇政府的李干事）");
    expect(formatCard(card({ text: "村里的会计" }), fixture, "zh-CN", t)).toContain("反映对象：村里的会计");
    expect(formatCard(card(), fixture, "zh-CN", t)).not.toContain("反映对象");
  });
});
