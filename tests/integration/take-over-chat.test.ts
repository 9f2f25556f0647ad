/**
 * 补位 in chat, through the conversation engine and the real case store: 王芳 holds a case; 赵磊,
 * her stand-in in the sample organisation file, finds 接手 on its card and takes it over; the
 * assignment row moves, 王芳 is told, the petitioner is not; someone of another unit is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelUser } from "../../src/kernel/channel";
import { caseworkChat, type CaseworkChat } from "../support/casework-chat";

let chat: CaseworkChat;
let wangFang: ChannelUser; // 王芳, handling official of 青石镇; her stand-in is 赵磊
let zhaoLei: ChannelUser; // 赵磊, 青石镇
let heLi: ChannelUser; // 何丽, 县人社局: another unit

beforeAll(async () => {
  chat = await caseworkChat();
  wangFang = await chat.official("8000000101", "wang-fang");
  zhaoLei = await chat.official("8000000102", "zhao-lei");
  heLi = await chat.official("8000000103", "he-li");
});
afterAll(() => chat.close());

describe("taking over a colleague's case in chat (补位)", () => {
  it("lets the stand-in take it with 接手 CODE: the assignment moves and the holder, not the petitioner, is told", async () => {
    const { code } = await chat.newCase({ description: "村口路灯坏了三个月，晚上孩子放学看不见路。" });
    const petition = await chat.db.petition.findFirstOrThrow({ where: { trackingCode: code } });
    expect(petition.officialId).toBe("wang-fang");

    expect(await chat.say(zhaoLei, `/case ${code}`)).toContain(`[接手|/takeover ${code}]`);
    expect(await chat.say(wangFang, `/case ${code}`)).not.toContain("/takeover");
    expect(await chat.say(heLi, `接手 ${code}`)).toContain("没有权限");

    expect(await chat.say(zhaoLei, `接手 ${code}`)).toContain(`已接手 ${code}`);
    expect((await chat.db.petition.findUniqueOrThrow({ where: { id: petition.id } })).officialId).toBe("zhao-lei");
    const assignments = await chat.db.assignment.findMany({ where: { petitionId: petition.id }, orderBy: { assignedAt: "asc" } });
    expect(assignments.map((a) => [a.officialId, a.endedAt === null])).toEqual([
      ["wang-fang", false],
      ["zhao-lei", true],
    ]);

    const told = await chat.db.outbox.findMany({ where: { event: { petitionId: petition.id, type: "case.taken_over" } } });
    expect(told.map((row) => [row.recipientOfficialId, row.recipientPersonId, row.messageKey])).toEqual([["wang-fang", null, "notice_taken_over"]]);

    // A second press finds it in their hands already.
    expect(await chat.say(zhaoLei, `/takeover ${code}`)).toContain(`${code} 这一步您已经做过了`);
  });
});
