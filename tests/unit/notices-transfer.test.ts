/**
 * Who hears of a transfer (转办), and how it reads when sent: the petitioner hears where the case
 * went and by when that unit decides; the receiving official gets the assignment with its actions
 * and where the case came from; the old handler hears it is gone; the first-contact owner follows
 * it; the petition office is asked to approve a transfer across townships (one press to approve,
 * a reason to reject) and is told of a case passed on too often.
 */
import { describe, expect, it } from "vitest";
import type { Actor, Case } from "../../src/cases/case";
import type { CaseCommand } from "../../src/cases/commands";
import type { OwedNotice } from "../../src/kernel/notices";
import { noticesFor } from "../../src/notices/policy";
import { presentNotice } from "../../src/notices/render";
import { commands as c, handlingSession, official, registeredCase } from "../support/handling";
import { approveTransfer, rejectTransfer, transfer, transferOrg } from "../support/transfers";

const li = official("li");
const wang = official("wang");
const zhang = official("zhang");

/** Decides commands in order; every official can be reached in chat, so assignments go to the person. */
function history(start: Case) {
  const session = handlingSession(transferOrg());
  const reachable = new Set(session.org.officials.map((o) => o.id));
  let current = start;
  const step = (command: CaseCommand, actor: Actor): OwedNotice[] => {
    const { next, events } = session.act(current, command, actor);
    current = next;
    return noticesFor(events, next, { org: session.org, reachableOfficials: reachable });
  };
  const who = (n: OwedNotice) => ("officialId" in n.recipient ? n.recipient.officialId : "petitioner");
  const zh = (n: OwedNotice, idiom: "buttons" | "numbered" = "buttons") => presentNotice("zh-CN", n.message.key, n.message.params, session.org, idiom);
  return { step, who, zh, current: () => current };
}

describe("a transfer within a township, by the unit head", () => {
  it("tells the petitioner, the receiving official (with the accept action), the old handler and the owner, each once", () => {
    // 赵干事 accepted it first and owns it; 李干事 holds it now.
    const h = history(registeredCase({ state: "accepted", officialId: "li", ownerOfficialId: "zhao", answerBy: "2027-01-23" }));
    const owed = h.step(transfer("lj-cw", "宅基地在李家村，由村委会调解。"), wang);
    expect(owed.map((n) => [h.who(n), n.message.key, n.purpose])).toEqual([
      ["petitioner", "notice_case_transferred", "told"],
      ["li", "notice_transferred_away", "transferred_away"],
      ["zhao", "notice_owner_update", "owner"],
      ["yang", "notice_assignment", "assignment"],
    ]);
    const [told, away, owner, assignment] = owed.map((n) => h.zh(n));
    expect(told!.text).toBe("您的诉求 MQ23456789 已转交李家村委会办理。该单位将在 2026-12-09 前决定是否受理，并告诉您。");
    expect(away!.text).toBe("【已转出】MQ23456789 已转给李家村委会办理，您不用再承办。");
    expect(owner!.text).toBe("【首问跟踪】MQ23456789（李家村委会）：已转办");
    expect(assignment!.text).toContain("受理告知期限：2026-12-09\n由东坡镇政府转来，理由：宅基地在李家村，由村委会调解。");
    expect(assignment!.choices.map((ch) => ch.value)).toEqual(["/accept MQ23456789", "/case MQ23456789"]);
    // The petitioner is not shown the officials' reason.
    expect(told!.text).not.toContain("调解");
  });

  it("the owner transferring it himself is told nothing more of his own step", () => {
    const h = history(registeredCase());
    h.step(c.accept, li);
    const owed = h.step(transfer("lj-cw", "村里的事。"), li);
    expect(owed.map((n) => [h.who(n), n.message.key])).toEqual([
      ["petitioner", "notice_case_transferred"],
      ["yang", "notice_assignment"],
    ]);
  });
});

describe("a transfer across townships", () => {
  it("asks every petition office admin to approve, with one-press approve and a reject that asks why", () => {
    const h = history(registeredCase());
    h.step(c.accept, li);
    const owed = h.step(transfer("xh-gov", "地块在西河乡境内。"), li);
    expect(owed.map((n) => [h.who(n), n.message.key, n.purpose])).toEqual([["zhang", "notice_transfer_for_approval", "transfer_approval"]]);
    const asked = h.zh(owed[0]!);
    expect(asked.text).toBe("【转办待批准】MQ23456789\n李干事申请把案件从东坡镇政府转给西河乡政府（跨乡镇，需信访局批准）。\n理由：地块在西河乡境内。");
    expect(asked.choices).toEqual([
      { label: "批准转办", value: "/approvetransfer MQ23456789" },
      { label: "不批准转办", value: "/rejecttransfer MQ23456789" },
      { label: "更多操作", value: "/case MQ23456789" },
    ]);
    // On WeChat and the terminal each line names the case, and nothing asks for a slash command.
    const numbered = h.zh(owed[0]!, "numbered");
    expect(numbered.choices.map((ch) => ch.label)).toEqual(["批准转办 MQ23456789", "不批准转办 MQ23456789", "更多操作 MQ23456789"]);
    expect(numbered.text).toContain("回复数字办理，或直接回复“批准转办 MQ23456789”");
  });

  it("approved: the official who asked hears it, the petitioner hears where it went, the receiving official is assigned", () => {
    const h = history(registeredCase());
    h.step(c.accept, li);
    h.step(transfer("xh-gov", "地块在西河乡境内。"), li);
    const owed = h.step(approveTransfer(), zhang);
    expect(owed.map((n) => [h.who(n), n.message.key])).toEqual([
      ["petitioner", "notice_case_transferred"],
      // 李干事 asked, held it and owns it: one notice says it all.
      ["li", "notice_transfer_approved"],
      ["hu", "notice_assignment"],
    ]);
    expect(h.zh(owed[1]!).text).toBe("【转办已批准】MQ23456789 经张主任批准，已转给西河乡政府办理。");
  });

  it("not approved: the official who asked hears why, and the owner follows", () => {
    const h = history(registeredCase({ state: "accepted", ownerOfficialId: "zhao" }));
    h.step(transfer("xh-gov", "地块在西河乡境内。"), li);
    const owed = h.step(rejectTransfer("经核实地块属东坡镇。"), zhang);
    expect(owed.map((n) => [h.who(n), n.message.key])).toEqual([
      ["li", "notice_transfer_rejected"],
      ["zhao", "notice_owner_update"],
    ]);
    expect(h.zh(owed[0]!).text).toBe("【转办未批准】MQ23456789 转给西河乡政府的申请没有批准（张主任）：经核实地块属东坡镇。\n案件仍由本单位办理。");
    expect(h.zh(owed[1]!).text).toBe("【首问跟踪】MQ23456789（西河乡政府）：转办未获批准");
  });
});

describe("a case passed on too often", () => {
  it("is flagged to the petition office when a transfer goes past the limit, and not before", () => {
    const h = history(registeredCase());
    const first = h.step(transfer("lj-cw", "村里的事。", 1), li);
    expect(first.some((n) => n.message.key === "notice_transfer_flag")).toBe(false);
    const second = h.step(transfer("dp-gov", "村委会调解不了。", 1), official("yang"));
    const flags = second.filter((n) => n.message.key === "notice_transfer_flag");
    expect(flags.map((n) => [h.who(n), n.purpose])).toEqual([["zhang", "transfer_flag"]]);
    expect(h.zh(flags[0]!).text).toBe("【多次转办】MQ23456789 已转办 2 次（超过 1 次），现在在东坡镇政府。请关注，必要时协调确定办理单位。");
    expect(h.zh(flags[0]!).choices.map((ch) => ch.value)).toEqual(["/case MQ23456789"]);
  });
});
