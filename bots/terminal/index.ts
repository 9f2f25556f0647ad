/** The terminal channel's front door (used by src/app/channels.ts for `npm run chat`). */
export { createTerminalChannel, type TerminalChannel } from "./channel";
export { terminalUser, terminalAccount } from "./identity";
export { renderBlock } from "./render";
export { TerminalSender } from "./sender";
export { runTerminalSession, type TerminalConversation, type TerminalSessionOptions } from "./session";
