/**
 * On WeChat and the terminal every action line names its case ("3. 结案 MQ23456789"), and a notice
 * ends with "or reply “审核通过 MQ23456789”": the words on each line, in either language, must run
 * that line's command when typed, as the number does.
 */
import { describe, expect, it } from "vitest";
import { caseActionKinds } from "../../src/cases/available";
import { caseworkCommands, caseworkDialogues } from "../../src/conversation/casework";
import { actionChoices } from "../../src/conversation/casework/present";
import type { ConversationPorts } from "../../src/conversation/ports";
import { render, type MessageKey, type MessageParams } from "../../src/kernel/texts";

const code = "MQ23456789";
// Recognising words needs no ports.
const dialogues = caseworkDialogues({ ports: {} as ConversationPorts, timeZone: "Asia/Shanghai" });

/** The command a typed text runs, as "/name ARGUMENT", or undefined. */
function commandOf(text: string): string | undefined {
  for (const command of caseworkCommands) {
    const argument = command.recognise?.(text);
    if (argument !== undefined) return `/${command.name} ${argument}`;
  }
  for (const dialogue of dialogues) {
    const argument = dialogue.startedBy?.recognise?.(text);
    if (argument !== undefined) return `/${dialogue.startedBy!.commands![0]} ${argument}`;
  }
  return undefined;
}

describe("the numbered action lines of a case", () => {
  it.each(["zh-CN", "en"] as const)("in %s, name the case and run their command when typed as shown", (language) => {
    const t = (key: MessageKey, params?: MessageParams) => render(language, key, params, "numbered");
    const lines = actionChoices(caseActionKinds, code, t);
    expect(lines).toHaveLength(caseActionKinds.length + 1);
    for (const line of lines) {
      expect(line.label).toContain(code);
      expect(commandOf(line.label), line.label).toBe(line.value);
    }
  });
});
