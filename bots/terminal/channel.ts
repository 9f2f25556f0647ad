/**
 * The terminal as a channel (src/channels/channel.ts). It takes no messages of its own accord:
 * `runTerminalSession` reads the person at the keyboard; the channel is there so the outbound
 * queue can reach them while their terminal is open.
 */
import type { Channel } from "../../src/channels/channel";
import { terminalAccount } from "./identity";
import { TerminalSender } from "./sender";

export interface TerminalChannel extends Channel {
  readonly sender: TerminalSender;
}

export function createTerminalChannel(): TerminalChannel {
  return {
    name: "terminal",
    label: `terminal (${terminalAccount})`,
    sender: new TerminalSender(),
    isOnline: () => true,
    start: async () => {},
    stop: async () => {},
  };
}
