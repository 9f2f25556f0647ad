/**
 * A notice's actions reaching the engine: a pressed button whose value is a command runs it at any
 * time; on WeChat and the terminal a typed number, while no dialogue shows choices, picks from the
 * commands the last notice offered, and the words on each line work too. The case commands are
 * stand-ins declared here (the real accept and case commands are src/cases' and their own).
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { CommandDeclaration } from "../../src/conversation/commands";
import { commands as standardCommands } from "../../src/conversation/commands";
import type { ConversationEngine } from "../../src/conversation/engine";
import { MemoryLastActions } from "../../src/conversation/last-actions";
import type { Speaker } from "../../src/conversation/speaker";
import type { Reply } from "../../src/conversation/types";
import { userKey, type ChannelUser } from "../../src/kernel/channel";
import { quietPorts, testEngine } from "../support/test-engine";

const onTelegram: ChannelUser = { channel: "telegram", botAccount: "minqing_bot", platformId: "7000000001" };
const onWechat: ChannelUser = { channel: "wechat", botAccount: "minqing-wx", platformId: "wxid_official" };
const code = "MQ2345ABCD";

const ran: string[] = [];
/** Stand-in for the accept command: officials only, by "/accept CODE" or the words "受理 CODE". */
const accept: CommandDeclaration = {
  name: "accept",
  recognise: (text) => /^受理\s+(MQ[0-9A-Z]{8})$/i.exec(text)?.[1],
  who: { roles: ["handling_official"] },
  run: async (argument) => {
    ran.push(`accept ${argument}`);
    return [{ text: `已受理 ${argument}` }];
  },
};
/** Stand-in for "more actions": a reply that lists further commands about the case. */
const caseMenu: CommandDeclaration = {
  name: "case",
  who: { roles: ["handling_official"] },
  run: async (argument) => {
    ran.push(`case ${argument}`);
    return [{ text: `${argument} 的操作：`, choices: [{ label: `答复 ${argument}`, value: `/answer ${argument}` }, { label: `受理 ${argument}`, value: `/accept ${argument}` }] }];
  },
};
const answer: CommandDeclaration = {
  name: "answer",
  who: { roles: ["handling_official"] },
  run: async (argument) => {
    ran.push(`answer ${argument}`);
    return [{ text: `答复 ${argument}` }];
  },
};

/** Counts reads, to show an ordinary message never looks the list up. */
class CountingLastActions extends MemoryLastActions {
  recalls = 0;
  override async recall(owner: string) {
    this.recalls++;
    return super.recall(owner);
  }
}

let engine: ConversationEngine;
let lastActions: CountingLastActions;
beforeEach(() => {
  ran.length = 0;
  lastActions = new CountingLastActions();
  const official: Speaker = { kind: "official", officialId: "wang-fang", roles: ["handling_official"] };
  const ports = quietPorts({ speaker: async (user) => (user.platformId === "citizen" ? { kind: "citizen" } : official) });
  engine = testEngine({ ports, lastActions, commands: [accept, caseMenu, answer, ...standardCommands] });
});

const say = (user: ChannelUser, text: string) => engine.handle({ user, chat: "private", kind: "text", text });
const press = (user: ChannelUser, value: string) => engine.handle({ user, chat: "private", kind: "choice", value });
/** What the delivery of an assignment notice leaves for a numbered channel (src/queue/send-message.ts). */
const noticeDelivered = (user: ChannelUser) => lastActions.remember(userKey(user), [`/accept ${code}`, `/case ${code}`]);
const texts = (replies: Reply[]) => replies.map((r) => r.text);

describe("a pressed notice button", () => {
  it("runs its command, with no dialogue open: it is not a stale button", async () => {
    expect(texts(await press(onTelegram, `/accept ${code}`))).toEqual([`已受理 ${code}`]);
    expect(ran).toEqual([`accept ${code}`]);
  });

  it("runs its command in the middle of a dialogue, which then goes on where it was", async () => {
    const asked = await say(onTelegram, "/start");
    const categories = asked[asked.length - 1]!.choices!;
    const replies = await press(onTelegram, `/accept ${code}`);
    expect(replies[0]!.text).toBe(`已受理 ${code}`);
    expect(ran).toEqual([`accept ${code}`]);
    // The dialogue's own buttons still answer it.
    const next = await press(onTelegram, categories[0]!.value);
    expect(texts(next).join("\n")).not.toContain("按钮已过期");
  });

  it("still refuses a command the person may not use", async () => {
    const citizen = { ...onTelegram, platformId: "citizen" };
    expect(texts(await press(citizen, `/accept ${code}`))[0]).toContain("不认识这个命令");
    expect(ran).toEqual([]);
  });
});

describe("a number typed on WeChat after a notice", () => {
  it("runs the notice's action of that number when no dialogue is open", async () => {
    await noticeDelivered(onWechat);
    expect(texts(await say(onWechat, "1"))).toEqual([`已受理 ${code}`]);
    await say(onWechat, "2");
    expect(ran).toEqual([`accept ${code}`, `case ${code}`]);
  });

  it("answers a number the notice did not offer with the list's own hint, running nothing", async () => {
    await noticeDelivered(onWechat);
    expect(texts(await say(onWechat, "3"))).toEqual(["请回复选项前的数字。"]);
    expect(ran).toEqual([]);
  });

  it("answers the dialogue instead while the dialogue shows choices, without looking the list up", async () => {
    await noticeDelivered(onWechat);
    const asked = await say(onWechat, "/start");
    expect(asked[asked.length - 1]!.text).toBe("请选择诉求类别：");
    const answered = await say(onWechat, "1");
    // The first category was taken: the place question follows.
    expect(texts(answered).join("\n")).toContain("哪个乡镇");
    expect(ran).toEqual([]);
    expect(lastActions.recalls).toBe(0);
  });

  it("takes the words on the line as well as the number", async () => {
    await noticeDelivered(onWechat);
    expect(texts(await say(onWechat, `受理 ${code}`))).toEqual([`已受理 ${code}`]);
  });

  it("picks from a command's own list once that came later (more actions)", async () => {
    await noticeDelivered(onWechat);
    await say(onWechat, "2");
    await say(onWechat, "1");
    expect(ran).toEqual([`case ${code}`, `answer ${code}`]);
  });

  it("costs ordinary messages nothing: only a bare number outside a dialogue's list reads it", async () => {
    await say(onWechat, "你好");
    await say(onWechat, `受理 ${code}`);
    // On Telegram numbers are never how a notice is answered (it has buttons).
    await say(onTelegram, "1");
    expect(lastActions.recalls).toBe(0);
  });

  it("without a notice behind it, a number is what it was before (the start of a petition)", async () => {
    const replies = await say(onWechat, "1");
    expect(ran).toEqual([]);
    expect(lastActions.recalls).toBe(1);
    expect(texts(replies).join("\n")).toContain("请选择诉求类别");
  });
});
