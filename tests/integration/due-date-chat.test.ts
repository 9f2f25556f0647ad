/**
 * 限期办结 in chat, through the conversation engine and the real case store: 王芳 holds an accepted
 * case of 青石镇; its head 李志强 types 调整期限 CODE, the reason, then a day. A day beyond the
 * national limit is asked for again with the limit named, the reason kept; the day lands on the
 * case, and 王芳 and the petitioner are told, each once. 王芳 herself may not set it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelUser } from "../../src/kernel/channel";
import { caseworkChat, type CaseworkChat } from "../support/casework-chat";

let chat: CaseworkChat;
let wangFang: ChannelUser; // 王芳, handling official of 青石镇
let liZhiqiang: ChannelUser; // 李志强, head of 青石镇

beforeAll(async () => {
  chat = await caseworkChat();
  wangFang = await chat.official("8000000201", "wang-fang");
  liZhiqiang = await chat.official("8000000202", "li-zhiqiang");
});
afterAll(() => chat.close());

describe("setting a new answer-by day in chat (限期办结)", () => {
  it("takes the reason, then the day as written; refuses a day past the national limit and asks again", async () => {
    const { code } = await chat.newCase({ description: "村口路灯坏了三个月，晚上孩子放学看不见路。" });
    expect(await chat.say(wangFang, `受理 ${code}`)).toContain(code);
    const petition = await chat.db.petition.findFirstOrThrow({ where: { trackingCode: code } });
    expect(petition.answerBy).not.toBeNull();

    expect(await chat.say(wangFang, `调整期限 ${code}`)).toContain("没有权限");
    expect(await chat.say(liZhiqiang, `/case ${code}`)).toContain(`[调整期限|/duedate ${code}]`);

    expect(await chat.say(liZhiqiang, `调整期限 ${code}`)).toContain("请写明理由");
    expect(await chat.say(liZhiqiang, "群众反映强烈，限期修好")).toContain("新的答复期限");
    // Accepted on 2026-12-02 (Beijing): 90 days later is 2027-03-02.
    expect(await chat.say(liZhiqiang, "2027-03-10")).toContain("最晚只能到 2027-03-02");
    expect(await chat.say(liZhiqiang, "12月10日")).toContain(`已把 ${code} 的答复期限调整为 2026-12-10`);

    const after = await chat.db.petition.findUniqueOrThrow({ where: { id: petition.id } });
    expect(after.answerBy?.toISOString().slice(0, 10)).toBe("2026-12-10");
    const events = await chat.db.caseEvent.findMany({ where: { petitionId: petition.id, type: "case.due_date_set" } });
    expect(events.map((e) => [e.visibility, e.reason])).toEqual([["petitioner", "群众反映强烈，限期修好"]]);
    const told = await chat.db.outbox.findMany({ where: { event: { petitionId: petition.id, type: "case.due_date_set" } }, orderBy: { id: "asc" } });
    expect(told.map((row) => [row.recipientOfficialId, row.recipientPersonId !== null, row.messageKey]).sort()).toEqual([
      [null, true, "notice_case_due_date_set"],
      ["wang-fang", false, "notice_due_date_set"],
    ]);
  });
});
