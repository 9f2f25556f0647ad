import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { renderBlock, runTerminalSession, TerminalSender, terminalUser } from "../../bots/terminal";
import { ConversationEngine } from "../../src/conversation/engine";
import type { ConfirmedPetition } from "../../src/cases/submission";
import { RecipientAwayError } from "../../src/channels/sender";
import { quietPorts, testEngine } from "../support/test-engine";

function engineWith(submitted: ConfirmedPetition[]) {
  const ports = quietPorts({ submitPetition: async (submission) => void submitted.push(submission) });
  return testEngine({ ports });
}

async function script(engine: ConversationEngine, name: string, lines: string[], sender = new TerminalSender()) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  input.end(lines.map((line) => `${line}\n`).join(""));
  await runTerminalSession({ conversation: engine, user: terminalUser(name), input, output, sender, interactive: false });
  return printed;
}

describe("the terminal channel", () => {
  it("runs a scripted petition with numbered choices, one block per reply", async () => {
    const submitted: ConfirmedPetition[] = [];
    const printed = await script(engineWith(submitted), "Alice", ["/start", "1", "1", "2", "路面坏了很久了，请修。", "1", "2", "1"]);
    const blocks = printed.split("\n\n").filter(Boolean);
    expect(blocks[1]).toBe("请选择诉求类别：\n1. 土地房屋\n2. 劳动工资\n3. 干部作风\n4. 其他");
    expect(blocks.at(-1)).toContain("已提交");
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ user: { channel: "terminal", botAccount: "terminal", platformId: "alice" }, categoryId: "land", areaId: "dp-wj", anonymous: true });
  });

  it("re-asks on a number that is not offered", async () => {
    const printed = await script(engineWith([]), "bob", ["/start", "99"]);
    expect(printed).toContain("请回复选项前的数字。");
  });

  it("keeps two people apart", async () => {
    const engine = engineWith([]);
    await script(engine, "alice", ["/start", "1"]);
    const bob = await script(engine, "bob", ["2"]);
    // Bob has no draft: "2" starts his own conversation instead of answering Alice's question.
    expect(bob).toContain("请选择诉求类别");
  });

  it("never puts an empty line inside a block, so scripts can split on them", () => {
    expect(renderBlock({ text: "第一段\n\n第二段", choices: [{ label: "好", value: "x" }] })).toBe("第一段\n \n第二段\n1. 好\n\n");
  });

  it("keeps a notice for a closed terminal pending, and prints it while the terminal is open", async () => {
    const sender = new TerminalSender();
    await expect(sender.send({ botAccount: "terminal", platformId: "alice" }, "查询码：MQ1")).rejects.toBeInstanceOf(RecipientAwayError);
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    const unregister = sender.register("alice", output);
    await sender.send({ botAccount: "terminal", platformId: "alice" }, "查询码：MQ1");
    unregister();
    expect(printed).toBe("查询码：MQ1\n\n");
  });

  it("ends at once when told to stop, even while a reply is still being worked out", async () => {
    // A conversation whose store has stopped answering: the reply never comes.
    const hanging = { handle: () => new Promise<never>(() => {}) };
    const input = new PassThrough();
    const events: string[] = [];
    const stop = new AbortController();
    const ended = runTerminalSession({
      conversation: hanging,
      user: terminalUser("alice"),
      input,
      output: new PassThrough(),
      sender: new TerminalSender(),
      opened: async () => void events.push("opened"),
      linger: async () => void events.push("lingered"),
      closed: async () => void events.push("closed"),
      stop: stop.signal,
      interactive: false,
    });
    input.write("/start\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    await ended;
    // Closed without lingering: the process that stops has no time to wait for the queues.
    expect(events).toEqual(["opened", "closed"]);
  });

  it("rejects names a terminal identity cannot have", () => {
    expect(() => terminalUser(" ")).toThrow("--as needs a name");
    expect(() => terminalUser("a b")).toThrow("without spaces");
    expect(terminalUser("Ａｌｉｃｅ").platformId).toBe("alice");
  });
});
