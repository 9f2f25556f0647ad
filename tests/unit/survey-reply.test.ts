/**
 * A petitioner's survey answer in chat, against stand-in ports: a number picks a rating from the
 * survey's numbered lines only outside other dialogues; words are read and land on the one case
 * waiting; an unclear reply gets one clarifying question; no case waiting, words go to intake.
 */
import { describe, expect, it } from "vitest";
import type { CaseView } from "../../src/cases/views";
import { MemoryLastActions } from "../../src/conversation/last-actions";
import type { CaseAction } from "../../src/conversation/ports";
import { userKey, type ChannelUser } from "../../src/kernel/channel";
import { quietPorts, testEngine } from "../support/test-engine";

const citizen: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_citizen" };
const code = "MQ23456789";
const waiting: CaseView = { trackingCode: code, categoryId: "land", areaId: "dp-lj", state: "answered", submittedAt: "2026-11-20T02:00:00Z", unitId: "dp-gov", acceptBy: null, answerBy: "2026-11-27" };

async function setUp(pending: CaseView[] = [waiting]) {
  const acted: CaseAction[] = [];
  const lastActions = new MemoryLastActions();
  // The survey notice's numbered lines, as its delivery remembers them.
  await lastActions.remember(userKey(citizen), [`/rate ${code} satisfied`, `/rate ${code} basically_satisfied`, `/rate ${code} unsatisfied`]);
  const engine = testEngine({
    lastActions,
    ports: quietPorts({
      awaitingRating: async () => pending,
      caseOf: async () => waiting,
      casework: { ...quietPorts().casework, act: async (_user, _code, action) => (acted.push(action), { ok: true, card: null }) },
    }),
  });
  const say = async (text: string) => (await engine.handle({ user: citizen, chat: "private", kind: "text", text })).map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join("\n")).join("\n---\n");
  return { say, acted };
}

describe("a survey answer in chat", () => {
  it("takes a number from the survey's lines when no dialogue is open", async () => {
    const { say, acted } = await setUp();
    expect(await say("3")).toContain(`已记下您的意见（${code}：不满意）`);
    expect(acted).toEqual([{ kind: "answer_survey", input: { satisfaction: "unsatisfied", opinion: "不满意" } }]);
  });

  it("never takes a number typed inside another dialogue as a rating", async () => {
    const { say, acted } = await setUp();
    await say("我要反映问题"); // intake opens, asking for the category
    await say("取消");
    await say("路灯坏了");
    await say("1"); // the category list's first entry, not 满意
    expect(acted).toEqual([]);
  });

  it("reads words as the rating for the one case waiting, keeping them as the opinion", async () => {
    const { say, acted } = await setUp();
    expect(await say("问题解决了，就是跑了好几趟")).toContain("基本满意");
    expect(acted).toEqual([{ kind: "answer_survey", input: { satisfaction: "basically_satisfied", opinion: "问题解决了，就是跑了好几趟" } }]);
  });

  it("asks before reopening on words that may be a new grievance", async () => {
    const { say, acted } = await setUp();
    const asked = await say("上次的事还没解决");
    expect(asked).toContain(`您是说对 ${code} 的办理结果不满意吗`);
    expect(asked).toContain("反映新问题");
    expect(acted).toEqual([]);
    await say("1");
    expect(acted).toEqual([{ kind: "answer_survey", input: { satisfaction: "unsatisfied", opinion: "上次的事还没解决" } }]);
  });

  it("asks once when the words cannot be read, offering the three ratings", async () => {
    const { say, acted } = await setUp();
    const asked = await say("说不好");
    expect(asked).toContain(`您对 ${code} 的办理结果的评价`);
    expect(asked).toContain(`满意 ${code}`);
    expect(acted).toEqual([]);
    expect(await say(`不满意 ${code}`)).toContain("不满意");
    expect(acted.map((a) => a.kind)).toEqual(["answer_survey"]);
  });

  it("leaves words to intake when no case waits for a rating", async () => {
    const { say, acted } = await setUp([]);
    expect(await say("满意")).not.toContain("谢谢您的评价");
    expect(acted).toEqual([]);
  });
});
