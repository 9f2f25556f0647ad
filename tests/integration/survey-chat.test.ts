/**
 * The satisfaction survey (回访) through the conversation engine and the real case store: 王芳
 * answers a case of 青石镇, 李志强 approves it, and a day later the sweep asks the petitioner. Their
 * words are read as a rating and recorded as the revisit closure asks for, in their own words;
 * "not satisfied" reopens the case with a new answer-by date; a survey nobody answers becomes a
 * revisit task for the handler after the reminders; a number inside another dialogue is no rating.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepDueCases } from "../../src/casework/wake-cases";
import type { ChannelUser } from "../../src/kernel/channel";
import { loadOrgSnapshot } from "../../src/store/org-repository";
import { caseworkChat, type CaseworkChat } from "../support/casework-chat";

let chat: CaseworkChat;
let wangFang: ChannelUser; // 王芳, handling official of 青石镇
let liZhiqiang: ChannelUser; // 李志强, its head

beforeAll(async () => {
  chat = await caseworkChat();
  wangFang = await chat.official("8000000301", "wang-fang");
  liZhiqiang = await chat.official("8000000302", "li-zhiqiang");
});
afterAll(() => chat.close());

const hours = (n: number) => n * 3_600_000;

/** A case answered and approved now; its petitioner's account. */
async function answeredCase(description: string) {
  const { code, petition } = await chat.newCase({ description, submittedAt: chat.clock.now().toISOString() });
  await chat.say(wangFang, `受理 ${code}`);
  await chat.say(wangFang, `答复 ${code}`);
  await chat.say(wangFang, "1");
  await chat.say(wangFang, "已安排维修，路灯已修好。");
  expect(await chat.say(liZhiqiang, `审核通过 ${code}`)).toContain(code);
  const row = await chat.db.petition.findFirstOrThrow({ where: { trackingCode: code } });
  expect(row.state).toBe("answered");
  return { code, id: row.id, petitioner: petition.user };
}

async function sweepAfter(ms: number) {
  chat.clock.advance(ms);
  await sweepDueCases({ db: chat.db, clock: chat.clock, org: await loadOrgSnapshot(chat.db), timeZone: "Asia/Shanghai" });
}

const handling = async (id: string) => (await chat.db.petition.findUniqueOrThrow({ where: { id } })) as unknown as { state: string; answerBy: Date | null; handling: { revisit?: { method: string; satisfaction: string; opinion: string } } };

describe("the satisfaction survey in chat (回访)", () => {
  it("asks the petitioner a day after the answer; their words are the revisit record, in their own words", async () => {
    const { code, id, petitioner } = await answeredCase("村口路灯坏了三个月。");
    await sweepAfter(hours(25));
    const asked = await chat.noticesTo(code, "petitioner");
    const survey = asked.find((n) => n.key === "notice_survey");
    expect(survey?.text).toContain(`您对诉求 ${code}`);
    expect(survey?.choices.map((c) => c.value)).toEqual([`/rate ${code} satisfied`, `/rate ${code} basically_satisfied`, `/rate ${code} unsatisfied`]);

    expect(await chat.say(petitioner, "还行吧，灯是修好了，就是等得有点久")).toContain(`谢谢您的评价（${code}：基本满意）`);
    const after = await handling(id);
    expect(after.handling.revisit).toMatchObject({ method: "chat", satisfaction: "basically_satisfied", opinion: "还行吧，灯是修好了，就是等得有点久" });
    // The signers are asked to sign, as after an official's revisit; closure lacks only the signatures.
    expect((await chat.noticesTo(code, "wang-fang")).map((n) => n.key)).toContain("notice_signoff_due");
    expect(await chat.say(wangFang, `结案 ${code}`)).not.toContain("回访记录");
    // A second rating finds it done.
    expect(await chat.say(petitioner, `/rate ${code} satisfied`)).toContain("已经回访过了");
  });

  it("reopens the case on 不满意 with a new answer-by date, and the unit hears the petitioner's words", async () => {
    const { code, id, petitioner } = await answeredCase("家门口的排水沟堵了。");
    const reply = await chat.say(petitioner, `/rate ${code} unsatisfied`);
    expect(reply).toContain(`已记下您的意见（${code}：不满意）`);
    const after = await handling(id);
    expect(after.state).toBe("reopened");
    expect(reply).toContain(`新的答复期限 ${after.answerBy!.toISOString().slice(0, 10)}`);
    expect((await chat.noticesTo(code, "li-zhiqiang")).map((n) => n.key)).toContain("notice_case_reopened_staff");
  });

  it("with nothing answered, reminds the petitioner, then gives the handler a revisit task", async () => {
    const { code } = await answeredCase("小区门口的路面塌了一块。");
    await sweepAfter(hours(25)); // the survey
    await sweepAfter(hours(48)); // first reminder
    await sweepAfter(hours(72)); // second reminder
    await sweepAfter(hours(48)); // a week after the survey: given up
    const toPetitioner = (await chat.noticesTo(code, "petitioner")).filter((n) => n.key === "notice_survey");
    expect(toPetitioner.map((n) => n.text.startsWith("【再次请您评价】"))).toEqual([false, true, true]);
    const task = (await chat.noticesTo(code, "wang-fang")).find((n) => n.key === "notice_revisit_task");
    expect(task?.text).toContain(`【回访任务】${code}`);
    expect(task?.choices.map((c) => c.value)).toContain(`/revisit ${code}`);
  });

  it("asks which case when several wait, and leaves messages that are no rating to intake", async () => {
    const first = await answeredCase("村里的垃圾没人清运。");
    const second = await answeredCase("村里的垃圾桶坏了。");
    // Both cases are one petitioner's only when the same account filed them: file the second as the first's.
    await chat.db.petition.update({ where: { id: second.id }, data: { personId: (await chat.db.petition.findUniqueOrThrow({ where: { id: first.id } })).personId } });
    const asked = await chat.say(first.petitioner, "满意，谢谢你们");
    expect(asked).toContain("您有 2 件事项等待评价");
    expect(asked).toContain(`/rate ${second.code} satisfied 满意，谢谢你们`);
    expect(await chat.say(first.petitioner, `/rate ${second.code} satisfied 满意，谢谢你们`)).toContain(`谢谢您的评价（${second.code}：满意）`);
    expect((await handling(second.id)).handling.revisit?.opinion).toBe("满意，谢谢你们");

    // A new grievance is not a rating: intake starts as ever.
    expect(await chat.say(first.petitioner, "我还要反映一件事，村口的桥栏杆断了")).toContain("请选择诉求类别");
  });
});
