/** Which events tell whom, and how a stored notice reads when it is sent. */
import { describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/case";
import type { CaseEvent } from "../../src/cases/events";
import { noticesFor } from "../../src/notices/policy";
import { presentNotice, renderNotice, UnknownNoticeError } from "../../src/notices/render";
import { fixtureDeadlines, orgFixture } from "../support/org-fixture";
import { sealed, testCipher } from "../support/privacy";

const org = orgFixture();
const at = new Date("2026-11-23T02:00:00Z");
const theCase: Case = {
  id: "case-1",
  trackingCode: "MQ23456789",
  seq: 3,
  state: "registered",
  personId: "person-1",
  identityId: "identity-1",
  channel: "telegram",
  language: "zh-CN",
  categoryId: "land",
  areaId: "dp-lj",
  description: "邻居占了我家宅基地。",
  attachments: [{ id: "att-1", kind: "photo", sha256: "a".repeat(64), mimeType: "image/jpeg", size: 10, storageKey: "aa/x" }],
  anonymous: false,
  contactName: sealed("王小明"),
  contactPhone: sealed("+8613800138000"),
  contactPhoneHash: null,
  location: null,
  priority: "normal",
  unitId: "dp-gov",
  officialId: "li",
  ownerOfficialId: null,
  leaderOfficialId: null,
  coHandlingUnitIds: [],
  handling: { signOffs: [] },
  deadlinePolicyId: "ordinary",
  deadlines: fixtureDeadlines,
  nextWakeAt: null,
  acceptBy: "2026-12-08",
  answerBy: null,
  submittedAt: at,
};
const registeredEvent: CaseEvent = { seq: 2, type: "case.registered", at, actor: { kind: "system" }, fromState: "submitted", toState: "registered", visibility: "petitioner", payload: {} };
const assignedEvent: CaseEvent = { seq: 3, type: "case.assigned", at, actor: { kind: "system" }, fromState: "registered", toState: "registered", visibility: "internal", unitId: "dp-gov", officialId: "li", payload: {} };

describe("the notice policy", () => {
  it("acknowledges the petitioner and tells the reachable official, with ids and plain values only", () => {
    const notices = noticesFor([registeredEvent, assignedEvent], theCase, { org, reachableOfficials: new Set(["li"]) });
    expect(notices).toEqual([
      { recipient: { role: "petitioner", personId: "person-1" }, message: { key: "notice_ack", params: { code: "MQ23456789", unitId: "dp-gov", acceptBy: "2026-12-08" } }, purpose: "ack", eventSeq: 2 },
      expect.objectContaining({ recipient: { role: "handling_official", officialId: "li" }, purpose: "assignment", eventSeq: 3, attachmentIds: ["att-1"] }),
    ]);
    expect(notices[1]!.message).toMatchObject({ key: "notice_assignment", params: { categoryId: "land", areaId: "dp-lj", petitioner: { anonymous: false, name: theCase.contactName, phone: theCase.contactPhone } } });
  });

  it("after a delay notice, the acknowledgement says the wait is over and the petition office hears it is recorded", () => {
    const notices = noticesFor([registeredEvent], theCase, { org, reachableOfficials: new Set(), intakeDelayed: true });
    expect(notices.map((n) => [n.recipient, n.message])).toEqual([
      [{ role: "petitioner", personId: "person-1" }, { key: "notice_ack", params: { code: "MQ23456789", unitId: "dp-gov", acceptBy: "2026-12-08", delayed: true } }],
      [{ role: "petition_office", officialId: "zhang" }, { key: "notice_delay_recorded_office", params: { code: "MQ23456789" } }],
    ]);
    const [ack] = notices;
    expect(renderNotice("zh-CN", "notice_ack", ack!.message.params, org)).toMatch(/^让您久等了：.*现在已经登记好了。\n您的诉求已登记，并已转给东坡镇政府。/);
    expect(renderNotice("en", "notice_ack", { code: "MQ23456789", unitId: "dp-gov", acceptBy: "2026-12-08" }, org)).toMatch(/^Your petition is registered/);
  });

  it("tells the unit head and the petition office instead when the official has no chat account", () => {
    // (The head has one: when nobody in the chain has, the office hears so instead, tests/unit/notices-unreached.test.ts.)
    const notices = noticesFor([assignedEvent], theCase, { org, reachableOfficials: new Set(["wang"]) });
    expect(notices.map((n) => [n.recipient, n.message.key])).toEqual([
      [{ role: "petition_office", officialId: "zhang" }, "notice_unbound_official"],
      [{ role: "unit_head", officialId: "wang" }, "notice_unbound_official"],
    ]);
  });

  it("keeps the petitioner's name and phone sealed in the notice, opened only when rendered for the official", () => {
    const [, toOfficial] = noticesFor([registeredEvent, assignedEvent], theCase, { org, reachableOfficials: new Set(["li"]) });
    const stored = JSON.stringify(toOfficial!.message.params);
    expect(stored).not.toContain("王小明");
    expect(stored).not.toContain("13800138000");
    expect(renderNotice("zh-CN", toOfficial!.message.key, toOfficial!.message.params, org, "buttons", testCipher.reveal)).toContain("反映人：王小明 +8613800138000");
    // A rendering not given the capability cannot show them.
    expect(() => renderNotice("zh-CN", toOfficial!.message.key, toOfficial!.message.params, org)).toThrow(/reveal/);
  });

  it("never names an anonymous petitioner to the official", () => {
    const [, toOfficial] = noticesFor([registeredEvent, assignedEvent], { ...theCase, anonymous: true, contactName: null, contactPhone: null }, { org, reachableOfficials: new Set(["li"]) });
    expect(toOfficial!.message).toMatchObject({ params: { petitioner: { anonymous: true } } });
    expect(JSON.stringify(toOfficial)).not.toContain("王小明");
  });
});

describe("rendering a notice when it is sent", () => {
  const assignment = { code: "MQ23456789", categoryId: "land", areaId: "dp-lj", petitioner: { anonymous: true }, description: "", attachments: 2, acceptBy: "2026-12-08" };

  it("looks the names up in the recipient's language", () => {
    expect(renderNotice("zh-CN", "notice_assignment", assignment, org)).toContain("类别：土地房屋\n地点：李家村（东坡镇）\n反映人：匿名");
    expect(renderNotice("en", "notice_assignment", assignment, org)).toContain("Land and housing");
    expect(renderNotice("zh-CN", "notice_ack", { code: "MQ23456789", unitId: "dp-gov", acceptBy: "2026-12-08" }, org)).toContain("东坡镇政府");
  });

  it("promises only what the product does, in each channel's idiom", () => {
    const ack = { code: "MQ23456789", unitId: "dp-gov", acceptBy: "2026-12-08" };
    const telegram = renderNotice("zh-CN", "notice_ack", ack, org, "buttons");
    const wechat = renderNotice("zh-CN", "notice_ack", ack, org, "numbered");
    expect(telegram).toContain("办理单位应在 2026-12-08 前决定是否受理");
    expect(telegram).toContain("/status MQ23456789");
    expect(wechat).toContain("回复“查询 MQ23456789”");
    expect(wechat).not.toContain("/");
  });

  it("gives the handling official the location the petitioner shared", () => {
    const [, toOfficial] = noticesFor([registeredEvent, assignedEvent], { ...theCase, location: { latitude: 30.27, longitude: 120.15 } }, { org, reachableOfficials: new Set(["li"]) });
    const text = renderNotice("zh-CN", toOfficial!.message.key, toOfficial!.message.params, org, "buttons", testCipher.reveal);
    expect(text).toContain("反映人分享的位置：30.27000, 120.15000");
    expect(renderNotice("zh-CN", "notice_assignment", assignment, org)).not.toContain("位置");
  });

  it("says where the story is when a petition was told by attachments alone", () => {
    expect(renderNotice("zh-CN", "notice_assignment", assignment, org)).toContain("情况：（没有文字，内容见附件）");
  });

  it("still renders a row written before parameters became ids", () => {
    expect(renderNotice("zh-CN", "notice_ack", { code: "MQ23456789", unit: "东坡镇政府", date: "2026-12-08" }, org)).toContain("已转给东坡镇政府");
    const assignment = renderNotice("zh-CN", "notice_assignment", { code: "MQ23456789", category: "土地房屋", area: "李家村", petitioner: { key: "petitioner_anonymous" }, description: "围墙", attachments: 0, date: "2026-12-08" }, org);
    expect(assignment).toContain("反映人：匿名");
    expect(assignment).not.toContain("{");
    // Such a row naming the petitioner had that text sealed whole by the start-up migration.
    const named = { code: "MQ23456789", category: "土地房屋", area: "李家村", petitioner: sealed("王小明 +8613800138000"), description: "围墙", attachments: 0, date: "2026-12-08" };
    expect(renderNotice("zh-CN", "notice_assignment", named, org, "buttons", testCipher.reveal)).toContain("反映人：王小明 +8613800138000");
  });

  it("gives the assignment its actions, as commands the official could type: buttons on Telegram, lines naming the case elsewhere", () => {
    const telegram = presentNotice("zh-CN", "notice_assignment", assignment, org, "buttons");
    expect(telegram.choices).toEqual([
      { label: "受理", value: "/accept MQ23456789" },
      { label: "更多操作", value: "/case MQ23456789" },
    ]);
    // The buttons sit under the notice, which names the case; nothing more is said.
    expect(telegram.text).toBe(renderNotice("zh-CN", "notice_assignment", assignment, org, "buttons"));
    expect(telegram.text).toMatch(/受理告知期限：2026-12-08$/);

    const wechat = presentNotice("zh-CN", "notice_assignment", assignment, org, "numbered");
    expect(wechat.choices).toEqual([
      { label: "受理 MQ23456789", value: "/accept MQ23456789" },
      { label: "更多操作 MQ23456789", value: "/case MQ23456789" },
    ]);
    expect(wechat.text).toMatch(/受理告知期限：2026-12-08\n\n回复数字办理，或直接回复“受理 MQ23456789”：$/);
    // What a WeChat or terminal official reads says neither 点, 按钮 nor a slash command (as tests/unit/texts.test.ts checks).
    for (const shown of [wechat.text, ...wechat.choices.map((c) => c.label)]) expect(shown).not.toMatch(/点选|点“|按钮|按“|\/[a-z]+|press/i);

    const english = presentNotice("en", "notice_assignment", assignment, org, "numbered");
    expect(english.choices.map((c) => c.label)).toEqual(["Accept MQ23456789", "More actions MQ23456789"]);
    expect(english.text).toMatch(/Reply with a number, or type “Accept MQ23456789”:$/);
    expect(presentNotice("en", "notice_assignment", assignment, org, "buttons").choices.map((c) => c.label)).toEqual(["Accept", "More actions"]);
  });

  it("offers no actions on a notice that has none, nor on a row in the old flat shape", () => {
    const ack = presentNotice("zh-CN", "notice_ack", { code: "MQ23456789", unitId: "dp-gov", acceptBy: "2026-12-08" }, org, "numbered");
    expect(ack.choices).toEqual([]);
    expect(ack.text).not.toContain("回复数字");
    const legacy = presentNotice("zh-CN", "notice_assignment", { code: "MQ23456789", category: "土地房屋", area: "李家村", petitioner: { key: "petitioner_anonymous" }, description: "围墙", attachments: 0, date: "2026-12-08" }, org, "numbered");
    expect(legacy.choices).toEqual([]);
  });

  it("refuses an unknown key or malformed parameters instead of sending nonsense", () => {
    expect(() => renderNotice("zh-CN", "notice_nope", {}, org)).toThrow(UnknownNoticeError);
    expect(() => renderNotice("zh-CN", "notice_ack", { code: ["x"] }, org)).toThrow(UnknownNoticeError);
  });
});
