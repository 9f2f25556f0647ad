/** The terminal channel's front door (used by src/chat.ts, `npm run chat`). */
export { terminalUser, terminalAccount } from "./identity";
export { renderBlock } from "./render";
export { TerminalSender } from "./sender";
export { runTerminalSession, type TerminalConversation, type TerminalSessionOptions } from "./session";
