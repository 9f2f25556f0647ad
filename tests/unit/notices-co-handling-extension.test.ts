/**
 * Who hears of co-handling (协办) and extension (延期) steps, and how those notices read: the invited
 * unit's officials with what is asked and what they can do; the holding unit's handler of each
 * co-handling part; the head of a request for more time, with approve and reject; the petitioner
 * of a granted extension only, with its reason and new date.
 */
import { describe, expect, it } from "vitest";
import type { Actor, Case } from "../../src/cases/case";
import type { CaseCommand } from "../../src/cases/commands";
import type { OwedNotice } from "../../src/kernel/notices";
import { noticesFor } from "../../src/notices/policy";
import { presentNotice, renderNotice } from "../../src/notices/render";
import { co } from "../support/co-handling";
import { commands as c, handlingSession, official, photo, registeredCase } from "../support/handling";

const li = official("li");
const wang = official("wang");
const chen = official("chen");

function history(start: Case = registeredCase()) {
  const session = handlingSession();
  let current = start;
  const step = (command: CaseCommand, actor: Actor): OwedNotice[] => {
    const { next, events } = session.act(current, command, actor);
    current = next;
    return noticesFor(events, next, { org: session.org, reachableOfficials: new Set() });
  };
  const zh = (n: OwedNotice) => renderNotice("zh-CN", n.message.key, n.message.params, session.org);
  const to = (notices: OwedNotice[]) => notices.map((n) => [n.recipient.role, "officialId" in n.recipient ? n.recipient.officialId : "petitioner", n.message.key]);
  return { session, step, zh, to };
}

describe("co-handling notices", () => {
  it("every official of the invited unit is told what is asked, by whom, with the actions to add their part or open the case", () => {
    const h = history();
    h.step(c.accept, li);
    const told = h.step(co.invite("hrss", "请核实申请人的社保缴纳记录。"), li);
    expect(h.to(told)).toEqual([
      ["co_handler", "liu", "notice_co_handling_invited"],
      ["co_handler", "chen", "notice_co_handling_invited"],
    ]);
    expect(h.zh(told[1]!)).toBe("【协办邀请】MQ23456789（土地房屋，李家村（东坡镇））\n主办单位：东坡镇政府（李干事）\n请协办：请核实申请人的社保缴纳记录。\n情况：邻居占了我家宅基地。\n请把协办意见交主办单位，答复由主办单位作出。");
    const onTelegram = presentNotice("zh-CN", told[1]!.message.key, told[1]!.message.params, h.session.org, "buttons");
    expect(onTelegram.choices).toEqual([
      { label: "写协办意见", value: "/contribute MQ23456789" },
      { label: "更多操作", value: "/case MQ23456789" },
    ]);
    const onWechat = presentNotice("zh-CN", told[1]!.message.key, told[1]!.message.params, h.session.org, "numbered");
    expect(onWechat.choices.map((choice) => choice.label)).toEqual(["协办意见 MQ23456789", "更多操作 MQ23456789"]);
    expect(onWechat.text).toContain("或直接回复“协办意见 MQ23456789”");
    // Nothing of it reaches the petitioner.
    expect(told.some((n) => n.recipient.role === "petitioner")).toBe(false);
  });

  it("the holding unit's handler hears of each co-handling part, with its files; the petitioner only of a part made public", () => {
    const h = history();
    h.step(c.accept, li);
    h.step(co.invite("hrss"), li);
    const internal = h.step(co.contribute("经核实，申请人2025年社保已足额缴纳。", undefined, [photo("e")]), chen);
    expect(h.to(internal)).toEqual([["handling_official", "li", "notice_co_handling_part"]]);
    expect(h.zh(internal[0]!)).toBe("【协办意见】MQ23456789\n县人社局（陈干事）：经核实，申请人2025年社保已足额缴纳。（附件 1 个）");
    expect(internal[0]!.attachmentIds).toHaveLength(1);
    const shared = h.step(co.contribute("县人社局已受理您的社保补缴申请。", "petitioner"), chen);
    expect(h.to(shared)).toEqual([
      ["handling_official", "li", "notice_co_handling_part"],
      ["petitioner", "petitioner", "notice_case_progress"],
    ]);
    expect(h.zh(shared[1]!)).toBe("您的诉求 MQ23456789 有新进展（县人社局）：县人社局已受理您的社保补缴申请。");
  });
});

describe("extension notices", () => {
  it("the head is asked with the reason and both days, and can approve or reject right there", () => {
    const h = history();
    h.step(c.accept, li);
    const asked = h.step(co.extendBy(10), li);
    expect(h.to(asked)).toEqual([["unit_head", "wang", "notice_extension_for_approval"]]);
    expect(h.zh(asked[0]!)).toBe("【延期申请待审核】MQ23456789\n承办人：李干事\n答复期限：2027-01-23 → 2027-02-02\n理由：需等待司法鉴定结果。");
    const numbered = presentNotice("zh-CN", asked[0]!.message.key, asked[0]!.message.params, h.session.org, "numbered");
    expect(numbered.choices).toEqual([
      { label: "同意延期 MQ23456789", value: "/approveextension MQ23456789" },
      { label: "不同意延期 MQ23456789", value: "/rejectextension MQ23456789" },
    ]);
  });

  it("once approved the petitioner is told the reason and the new day, and the handler that it was granted", () => {
    const h = history();
    h.step(c.accept, li);
    h.step(co.extendBy(10), li);
    const approved = h.step(co.approveExtension, wang);
    expect(h.to(approved)).toEqual([
      ["petitioner", "petitioner", "notice_case_extended"],
      ["handling_official", "li", "notice_extension_approved"],
    ]);
    expect(h.zh(approved[0]!)).toBe("您的诉求 MQ23456789 需要更多时间办理（东坡镇政府）：需等待司法鉴定结果。\n答复期限延至 2027-02-02，届时会答复您。");
    expect(h.zh(approved[1]!)).toBe("【延期已同意】MQ23456789 的答复期限延至 2027-02-02。");
    expect(renderNotice("en", approved[0]!.message.key, approved[0]!.message.params, h.session.org)).toBe("Your petition MQ23456789 needs more time (东坡镇政府): 需等待司法鉴定结果。\nYou will have the answer by 2027-02-02.");
  });

  it("a rejection tells the handler why and that the day stays; the petitioner hears nothing of it", () => {
    const h = history();
    h.step(c.accept, li);
    h.step(co.extendBy(30), li);
    const rejected = h.step(co.rejectExtension("鉴定两周可出结果，不必延长30天。"), wang);
    expect(h.to(rejected)).toEqual([["handling_official", "li", "notice_extension_rejected"]]);
    expect(h.zh(rejected[0]!)).toBe("【延期未同意】MQ23456789：王镇长没有同意延期：鉴定两周可出结果，不必延长30天。\n答复期限仍为 2027-01-23。");
  });
});
