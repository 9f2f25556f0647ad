/**
 * Who hears of each handling step (事事有回音), over whole case histories decided step by step, and
 * how those notices read in Chinese when they are sent. The petitioner hears every public step and
 * nothing internal; officials hear what they must act on next; the first-contact owner hears of
 * steps others take.
 */
import { describe, expect, it } from "vitest";
import type { Actor, Case } from "../../src/cases/case";
import type { CaseCommand } from "../../src/cases/commands";
import { noticeDedupKey, type OwedNotice } from "../../src/kernel/notices";
import { noticesFor } from "../../src/notices/policy";
import { presentNotice, renderNotice } from "../../src/notices/render";
import { commands as c, handlingSession, official, petitionerActor, photo, registeredCase } from "../support/handling";

const li = official("li");
const zhao = official("zhao");
const wang = official("wang");
const chen = official("chen");
const qian = official("qian");

/** Runs commands in order, keeping every notice the policy owes for each step. */
function history(start: Case = registeredCase()) {
  const session = handlingSession();
  const notices: OwedNotice[] = [];
  let current = start;
  const step = (command: CaseCommand, actor: Actor) => {
    const { next, events } = session.act(current, command, actor);
    const owed = noticesFor(events, next, { org: session.org, reachableOfficials: new Set() });
    notices.push(...owed);
    current = next;
    return owed;
  };
  const zh = (n: OwedNotice) => renderNotice("zh-CN", n.message.key, n.message.params, session.org);
  const toPetitioner = () => notices.filter((n) => n.recipient.role === "petitioner").map(zh);
  const toOfficial = (id: string) => notices.filter((n) => "officialId" in n.recipient && n.recipient.officialId === id).map(zh);
  return { session, step, notices, zh, toPetitioner, toOfficial, current: () => current };
}

describe("what the petitioner hears over a whole case", () => {
  it("acceptance with who and the answer date, the public progress but not the internal, each answer in plain words, the reopening and the closure", () => {
    const h = history();
    h.step(c.accept, li);
    h.step(c.note("已到现场丈量，下周组织双方调解。", "petitioner", [photo("c")]), zhao);
    h.step(c.note("邻居态度强硬，需请司法所参与。", "internal"), li);
    h.step(c.answer("围墙已于12月5日拆除一半。"), li);
    h.step(c.returnAnswer("请写明剩余部分何时拆除。"), wang);
    h.step(c.answer("围墙已于12月5日拆除，剩余部分12月20日前拆完。"), li);
    h.step(c.approve, wang);
    h.step(c.revisit("unsatisfied", "到现在还没拆完。"), li);
    h.step(c.answer("经调解，邻居同意补偿2000元，剩余围墙暂缓拆除。", "explained"), li);
    h.step(c.approve, wang);
    h.step(c.revisit("basically_satisfied", "基本满意。"), li);
    h.step(c.signOff, li);
    h.step(c.signOff, wang);
    h.step(c.close, li);

    expect(h.toPetitioner()).toEqual([
      "您的诉求 MQ23456789 已由东坡镇政府（李干事）受理，将在 2027-01-23 前答复您。",
      "您的诉求 MQ23456789 有新进展（东坡镇政府）：已到现场丈量，下周组织双方调解。",
      "您的诉求 MQ23456789 已有答复（东坡镇政府）。\n结果：已解决\n围墙已于12月5日拆除，剩余部分12月20日前拆完。",
      "您对诉求 MQ23456789 的答复不满意，已交东坡镇政府重新办理，办理后会再答复您。",
      "您的诉求 MQ23456789 已有答复（东坡镇政府）。\n结果：暂时无法解决，已作解释说明和后续安排\n经调解，邻居同意补偿2000元，剩余围墙暂缓拆除。",
      "您的诉求 MQ23456789 已办结。感谢您的反映和耐心。",
    ]);
    // The photo of the public note goes with it.
    const progress = h.notices.find((n) => n.message.key === "notice_case_progress")!;
    expect(progress.attachmentIds).toHaveLength(1);
    // Nothing internal leaks: neither the internal note, nor the returned draft, nor the opinion recorded.
    const all = h.toPetitioner().join("\n");
    for (const internal of ["司法所", "拆除一半", "请写明", "还没拆完", "基本满意"]) expect(all).not.toContain(internal);
    // Every notice of the history is owed once: no two share a de-duplication key.
    const keys = h.notices.map((n) => noticeDedupKey("case-1", n));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("a declined petition: why, and where to go instead (or how to ask, when there is nowhere)", () => {
    const h = history();
    h.step(c.decline("双方系民间借贷纠纷，属于法院受理范围。", "向青山县人民法院起诉。"), wang);
    expect(h.toPetitioner()).toEqual(["您的诉求 MQ23456789 经东坡镇政府审查，不属于受理范围：双方系民间借贷纠纷，属于法院受理范围。\n建议您：向青山县人民法院起诉。"]);
    const nowhere = history();
    nowhere.step(c.decline("所反映事项已于2025年处理终结。", ""), wang);
    expect(nowhere.toPetitioner()).toEqual(["您的诉求 MQ23456789 经东坡镇政府审查，不属于受理范围：所反映事项已于2025年处理终结。\n建议您：如有疑问，可回复本消息咨询。"]);
  });

  it("reads in English for a petitioner who writes in English", () => {
    const h = history();
    const [accepted] = h.step(c.accept, li);
    // The same stored notice, rendered at sending time in the recipient's language; names stay as the organisation gives them.
    expect(renderNotice("en", accepted!.message.key, accepted!.message.params, h.session.org)).toBe("Your petition MQ23456789 has been accepted by 东坡镇政府 (李干事). You will have an answer by 2027-01-23.");
  });
});

describe("what officials hear", () => {
  it("the unit head is asked to approve with the answer's text; the handler hears it came back, and that it went out", () => {
    const h = history();
    h.step(c.accept, li);
    const [request, ...others] = h.step(c.answer("围墙已于12月5日拆除。"), li);
    expect(others).toEqual([]);
    expect(request).toMatchObject({ recipient: { role: "unit_head", officialId: "wang" }, purpose: "approve" });
    expect(h.zh(request!)).toBe("【待审核答复】MQ23456789\n承办人：李干事\n结果：已解决\n答复内容：围墙已于12月5日拆除。\n审核通过后才会发给反映人。");

    const returned = h.step(c.returnAnswer("请写明拆除依据。"), wang);
    expect(returned.map((n) => [n.recipient, n.purpose])).toEqual([[{ role: "handling_official", officialId: "li" }, "returned"]]);
    expect(h.zh(returned[0]!)).toBe("【答复被退回】MQ23456789\n王镇长退回了您的答复：请写明拆除依据。\n请修改后重新提交答复。");

    h.step(c.answer("依据宅基地证，围墙已于12月5日拆除。"), li);
    const approved = h.step(c.approve, wang);
    expect(approved.filter((n) => n.recipient.role !== "petitioner").map(h.zh)).toEqual(["【答复已送达】MQ23456789 的答复已发给反映人。请回访反映人，记录其本人意见。"]);
  });

  it("a case a 包案 leader holds: the head and the leader are both asked to approve", () => {
    const h = history(registeredCase({ leaderOfficialId: "qian" }));
    h.step(c.accept, li);
    const requests = h.step(c.answer("已解决。"), li);
    expect(requests.map((n) => [n.recipient, n.message.key])).toEqual([
      [{ role: "unit_head", officialId: "wang" }, "notice_answer_for_approval"],
      [{ role: "responsible_leader", officialId: "qian" }, "notice_answer_for_approval"],
    ]);
    // The first approval sends nothing out yet.
    expect(h.step(c.approve, qian)).toEqual([]);
    expect(h.step(c.approve, wang).map((n) => n.message.key)).toEqual(["notice_case_answered", "notice_answer_delivered"]);
  });

  it("an unsatisfied revisit tells the head and the handler, with the petitioner's words", () => {
    const h = history();
    h.step(c.accept, li);
    h.step(c.answer("已解决。"), li);
    h.step(c.approve, wang);
    const reopened = h.step(c.revisit("unsatisfied", "根本没人来过。"), zhao);
    const staff = reopened.filter((n) => n.recipient.role !== "petitioner" && n.recipient.role !== "first_contact_owner");
    expect(staff.map((n) => n.recipient)).toEqual([
      { role: "unit_head", officialId: "wang" },
      { role: "handling_official", officialId: "li" },
    ]);
    expect(h.zh(staff[0]!)).toBe("【重新办理】MQ23456789 回访结果：不满意。反映人意见：根本没人来过。\n不满意不销号，请重新办理并答复。");
  });

  it("a head who handles the case himself hears of its reopening once, not once as head and once as handler", () => {
    const h = history();
    h.step(c.accept, wang);
    h.step(c.answer("已解决。"), wang);
    h.step(c.approve, wang);
    const reopened = h.step(c.revisit("unsatisfied", "不满意。"), zhao);
    const toWang = reopened.filter((n) => "officialId" in n.recipient && n.recipient.officialId === "wang");
    expect(toWang.map((n) => n.message.key)).toEqual(["notice_case_reopened_staff"]);
    const keys = reopened.map((n) => noticeDedupKey("case-1", n));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("the handler hears what the petitioner adds and that they withdrew", () => {
    const h = history();
    h.step(c.accept, li);
    const added = h.step(c.add("补充一张照片。", [photo("d")]), petitionerActor);
    expect(added.map((n) => n.recipient)).toEqual([{ role: "handling_official", officialId: "li" }]);
    expect(h.zh(added[0]!)).toBe("【反映人补充材料】MQ23456789：补充一张照片。（附件 1 个）");
    expect(added[0]!.attachmentIds).toHaveLength(1);
    const withdrawn = h.step(c.withdraw(""), petitionerActor);
    expect(withdrawn.map(h.zh)).toEqual(["【已撤回】反映人撤回了诉求 MQ23456789。原因：未说明"]);
  });
});

describe("the first-contact owner (首问负责) follows steps others take, not their own", () => {
  it("hears of steps by others in their unit, but not of their own", () => {
    const h = history();
    expect(h.step(c.accept, li).filter((n) => n.recipient.role === "first_contact_owner")).toEqual([]);
    expect(h.step(c.note("已约双方。"), li)).toEqual([]);
    const byOther = h.step(c.note("已到现场丈量。", "internal"), zhao);
    expect(byOther.map((n) => [n.recipient, n.purpose])).toEqual([[{ role: "first_contact_owner", officialId: "li" }, "owner"]]);
    expect(h.zh(byOther[0]!)).toBe("【首问跟踪】MQ23456789（东坡镇政府）：办理进展");
  });

  it("after the case moves to another unit, hears of its acceptance there and of the steps that unit takes", () => {
    const h = history();
    h.step(c.accept, li);
    // As a transfer will leave it: registered again at 县人社局, the owner kept.
    const moved: Case = { ...h.current(), state: "registered", unitId: "hrss", officialId: "chen" };
    const there = history(moved);
    const accepted = there.step(c.accept, chen);
    expect(accepted.map((n) => n.recipient)).toEqual([
      { role: "petitioner", personId: "person-1" },
      { role: "first_contact_owner", officialId: "li" },
    ]);
    expect(there.zh(accepted[1]!)).toBe("【首问跟踪】MQ23456789（县人社局）：已受理");
    there.step(c.note("已调取工资台账。"), chen);
    there.step(c.note("请尽快办理。"), li);
    there.step(c.answer("欠薪已于12月8日全部发放。"), chen);
    expect(there.toOfficial("li")).toEqual([
      "【首问跟踪】MQ23456789（县人社局）：已受理",
      "【首问跟踪】MQ23456789（县人社局）：办理进展",
      "【首问跟踪】MQ23456789（县人社局）：提交答复待审核",
    ]);
    // The head of the unit holding it now is the one asked to approve.
    expect(there.notices.filter((n) => n.purpose === "approve").map((n) => n.recipient)).toEqual([{ role: "unit_head", officialId: "liu" }]);
  });

  it("is not told twice of a step that already tells them as handler", () => {
    const h = history();
    h.step(c.accept, li);
    h.step(c.answer("已解决。"), li);
    const approved = h.step(c.approve, wang);
    expect(approved.filter((n) => "officialId" in n.recipient && n.recipient.officialId === "li").map((n) => n.purpose)).toEqual(["revisit_next"]);
  });
});

// casework end to end: the sign-off request, and the actions officials' notices carry
describe("after a satisfied revisit, those who must sign are asked to", () => {
  it("the handler and the head, when the petition office recorded it; the one who recorded it is not asked", () => {
    const h = history();
    h.step(c.accept, li);
    h.step(c.answer("已解决。"), li);
    h.step(c.approve, wang);
    const zhangActor = official("zhang");
    const asked = h.step(c.revisit("satisfied", "围墙拆了，满意。"), zhangActor);
    expect(asked.map((n) => [n.recipient, n.purpose])).toEqual([
      [{ role: "handling_official", officialId: "li" }, "sign_off"],
      [{ role: "unit_head", officialId: "wang" }, "sign_off"],
    ]);
    expect(h.zh(asked[1]!)).toBe("【待签字】MQ23456789 已回访，结果：满意。反映人意见：围墙拆了，满意。\n请签字确认；承办人和单位负责人都签字后即可结案。");
    // Recorded by the handler herself: only the head is asked (her reply offers her the sign-off).
    const again = history();
    again.step(c.accept, li);
    again.step(c.answer("已解决。"), li);
    again.step(c.approve, wang);
    expect(again.step(c.revisit("basically_satisfied", "基本满意。"), li).map((n) => n.recipient)).toEqual([{ role: "unit_head", officialId: "wang" }]);
  });

  it("a 包案 leader too, and nobody after an unsatisfied revisit (the reopening speaks instead)", () => {
    const h = history(registeredCase({ leaderOfficialId: "qian" }));
    h.step(c.accept, li);
    h.step(c.answer("已解决。"), li);
    h.step(c.approve, wang);
    h.step(c.approve, qian);
    expect(h.step(c.revisit("satisfied", "满意。"), zhao).filter((n) => n.purpose === "sign_off").map((n) => n.recipient)).toEqual([
      { role: "handling_official", officialId: "li" },
      { role: "unit_head", officialId: "wang" },
      { role: "responsible_leader", officialId: "qian" },
    ]);
    const unsatisfied = history();
    unsatisfied.step(c.accept, li);
    unsatisfied.step(c.answer("已解决。"), li);
    unsatisfied.step(c.approve, wang);
    expect(unsatisfied.step(c.revisit("unsatisfied", "没解决。"), zhao).filter((n) => n.purpose === "sign_off")).toEqual([]);
  });
});

describe("officials' notices carry what they ask for", () => {
  const org = handlingSession().org;
  const params = { code: "MQ23456789", officialId: "li", outcome: "solved", text: "已解决。", comment: "请补充。", satisfaction: "satisfied", opinion: "满意。" };
  const cases: [string, string[], string[]][] = [
    ["notice_answer_for_approval", ["审核通过", "退回答复"], ["/approve MQ23456789", "/return MQ23456789"]],
    ["notice_answer_returned", ["答复"], ["/answer MQ23456789"]],
    ["notice_answer_delivered", ["记回访"], ["/revisit MQ23456789"]],
    ["notice_signoff_due", ["签字"], ["/signoff MQ23456789"]],
  ];
  it.each(cases)("%s: buttons on Telegram; numbered lines naming the case, and the words to type, elsewhere", (key, labels, commands) => {
    const buttons = presentNotice("zh-CN", key, params, org, "buttons");
    expect(buttons.choices.map((choice) => [choice.label, choice.value])).toEqual(labels.map((label, i) => [label, commands[i]]));
    const numbered = presentNotice("zh-CN", key, params, org, "numbered");
    expect(numbered.choices.map((choice) => choice.label)).toEqual(labels.map((label) => `${label} MQ23456789`));
    expect(numbered.text).toMatch(new RegExp(`回复数字办理，或直接回复“${labels[0]} MQ23456789”：$`));
  });
});

describe("a note from outside the holding unit", () => {
  it("reaches the handler as a follow-up (the owner pressing, the office supervising); the unit's own notes do not", () => {
    const { step, toOfficial } = history();
    step({ kind: "accept" }, li);
    step({ kind: "note", input: { text: "已约村委会周三现场查看。", visibility: "internal", newId: () => "n1" } }, zhao);
    expect(toOfficial("li").filter((text) => text.startsWith("【督促】"))).toEqual([]);
    step({ kind: "note", input: { text: "请本周内给反映人回个电话。", visibility: "internal", newId: () => "n2" } }, official("zhang"));
    expect(toOfficial("li").filter((text) => text.startsWith("【督促】"))).toEqual(["【督促】张主任就 MQ23456789 留言：请本周内给反映人回个电话。"]);
  });
});
