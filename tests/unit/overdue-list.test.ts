/**
 * The overdue list as officials read it (issue 13 item 6), on fake ports: capped at twenty cases
 * with how many more, in English too, and typed words working as the command.
 */
import { describe, expect, it } from "vitest";
import type { OverdueEntry } from "../../src/cases/views";
import { formatOverdue } from "../../src/conversation/casework/overdue";
import type { OverdueList } from "../../src/conversation/ports";
import type { ChannelUser } from "../../src/kernel/channel";
import { render, type MessageKey, type MessageParams } from "../../src/kernel/texts";
import { orgFixture } from "../support/org-fixture";
import { quietPorts, testEngine } from "../support/test-engine";

const entry = (i: number, daysLate: number): OverdueEntry => ({
  trackingCode: `MQ${String(i).padStart(8, "0")}`,
  state: "in_progress",
  unitId: i % 2 ? "dp-gov" : "hrss",
  officialId: i % 2 ? "li" : "chen",
  date: "answerBy",
  dueBy: "2026-12-01",
  daysLate,
  priority: "normal",
});
const list = (entries: OverdueEntry[]): OverdueList => ({ scope: "all", unitId: "office", today: "2026-12-02", soonDays: 3, entries });

describe("the overdue list", () => {
  it("shows twenty cases and says how many more, after a count per unit", () => {
    const entries = Array.from({ length: 25 }, (_, i) => entry(i, 30 - i));
    const t = (key: MessageKey, params?: MessageParams) => render("zh-CN", key, params);
    const text = formatOverdue(list(entries), orgFixture(), t);
    expect(text).toContain("各单位：\n县人社局：超期 13 件，即将到期 0 件\n东坡镇政府：超期 12 件，即将到期 0 件");
    expect(text).toContain(entries[19]!.trackingCode);
    expect(text).not.toContain(entries[20]!.trackingCode);
    expect(text).toContain("……还有 5 件没有列出。");
  });

  it("reads in English", () => {
    const t = (key: MessageKey, params?: MessageParams) => render("en", key, params);
    const text = formatOverdue(list([entry(1, 2), entry(2, -1)]), orgFixture(), t);
    expect(text).toContain("All cases overdue or due soon (today is 2026-12-02): 1 overdue, 1 due within 3 days.");
    expect(text).toContain("MQ00000001 | 东坡镇政府 | official 李干事 | ");
    expect(text).toContain("answer by 2026-12-01 | 2 days late | ");
    expect(text).toContain("due in 1 day |");
    expect(formatOverdue(list([]), orgFixture(), t)).toBe("No case is overdue or due within 3 days.");
  });

  it("answers the typed words on a channel without a command menu", async () => {
    const cadre: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_li" };
    const engine = testEngine({
      ports: quietPorts({
        speaker: async () => ({ kind: "official", officialId: "li", roles: ["handling_official"] }),
        casework: { ...quietPorts().casework, overdue: async () => ({ ...list([entry(1, 4)]), scope: "own" }) },
      }),
    });
    for (const word of ["超期", "逾期", "超期件", "overdue"]) {
      const replies = await engine.handle({ user: cadre, chat: "private", kind: "text", text: word });
      expect(replies[0]!.text).toContain("您手上超期和即将到期的案件");
    }
  });
});
