/** The petitioner's survey answer as a case command: who may give it, when, and what it does. */
import { describe, expect, it } from "vitest";
import type { Case } from "../../../src/cases/case";
import type { CaseCommand } from "../../../src/cases/commands";
import { plannedSteps } from "../../../src/deadlines/schedule";
import { commands, handlingSession, official, petitionerActor, registeredCase } from "../../support/handling";

const rate = (satisfaction: "satisfied" | "basically_satisfied" | "unsatisfied", opinion = ""): CaseCommand => ({ kind: "answer_survey", input: { satisfaction, opinion } });

/** Accepted by 李干事, answered, approved by 王镇长: delivered to the petitioner. */
function answered(session: ReturnType<typeof handlingSession>): Case {
  const accepted = session.act(registeredCase(), commands.accept, official("li")).next;
  const proposed = session.act(accepted, commands.answer("已协调恢复原状。"), official("li")).next;
  return session.act(proposed, commands.approve, official("wang")).next;
}

describe("the petitioner's survey answer", () => {
  it("is the revisit record, in their words, for the answer it rates", () => {
    const session = handlingSession();
    const done = session.act(answered(session), rate("satisfied", "很满意，谢谢"), petitionerActor);
    expect(done.next.handling.revisit).toMatchObject({ method: "chat", satisfaction: "satisfied", opinion: "很满意，谢谢" });
    expect(done.next.handling.revisit?.byOfficialId).toBeUndefined();
    expect(done.events.map((e) => [e.type, e.officialId, e.payload.answeredBy])).toEqual([["case.survey_answered", "li", "li"]]);
    // Rated: no more survey steps.
    expect(plannedSteps(done.next, { org: session.org, timeZone: "Asia/Shanghai" }).filter((s) => s.kind.startsWith("survey"))).toEqual([]);
  });

  it("reopens on not satisfied, with a new answer-by date counted from now", () => {
    const session = handlingSession();
    const before = answered(session);
    const done = session.act(before, rate("unsatisfied", "围墙还在"), petitionerActor);
    expect(done.next.state).toBe("reopened");
    // Counted afresh from the reopening (the fixture's 60 days from acceptance, which was today too).
    expect(done.next.deadlines?.since?.answerBy).toBe(session.now().toISOString());
    expect(done.next.answerBy).toBe(before.answerBy);
    expect(done.events.map((e) => e.type)).toEqual(["case.survey_answered", "case.reopened"]);
  });

  it("is the petitioner's alone, only once, and only for a delivered answer", () => {
    const session = handlingSession();
    const delivered = answered(session);
    expect(session.refusal(delivered, rate("satisfied"), official("li")).code).toBe("not_allowed");
    expect(session.refusal(delivered, rate("satisfied"), { kind: "person", id: "someone-else" }).code).toBe("not_allowed");
    expect(session.refusal(registeredCase(), rate("satisfied"), petitionerActor).code).toBe("wrong_state");
    const rated = session.act(delivered, rate("basically_satisfied"), petitionerActor).next;
    expect(session.refusal(rated, rate("satisfied"), petitionerActor).code).toBe("already_done");
  });

  it("plans the survey a day after delivery, its reminders, and the revisit task a week on", () => {
    const session = handlingSession();
    const delivered = answered(session);
    const steps = plannedSteps(delivered, { org: session.org, timeZone: "Asia/Shanghai" }).filter((s) => s.kind.startsWith("survey"));
    const at = Date.parse(delivered.handling.answer!.deliveredAt!);
    expect(steps.map((s) => [s.kind, s.level, (s.at.getTime() - at) / 3_600_000])).toEqual([
      ["survey", 1, 24],
      ["survey_reminder", 1, 72],
      ["survey_reminder", 2, 144],
      ["survey_unanswered", 1, 192],
    ]);
  });
});
