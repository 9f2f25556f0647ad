/**
 * Stand-ins for the officials' case commands (accept, case) in tests of the transport of a
 * notice's actions, until src/cases and the chat commands have the real ones. Each only says what
 * it was asked, so a test sees that a button or a typed number reached the engine as the command.
 * Listed before the standard commands, so they are the ones found by name.
 */
import { commands as standardCommands, type CommandDeclaration } from "../../src/conversation/commands";

const standIn = (name: string, words: string): CommandDeclaration => ({
  name,
  recognise: (text) => new RegExp(`^${words}\\s+(MQ[0-9A-Z]{8})$`, "i").exec(text.trim())?.[1],
  who: { roles: ["handling_official"] },
  run: async (argument) => [{ text: `stand-in ${name} ${argument}` }],
});

export const withStandInCaseCommands: CommandDeclaration[] = [standIn("accept", "受理"), standIn("case", "更多操作"), ...standardCommands];
