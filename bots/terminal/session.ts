/**
 * One person at the terminal: each line typed (or read from a script) goes to the conversation,
 * each reply comes back as a block. Lines are handled strictly one after another, so a script
 * piped in at once reads like a person typing.
 */
import { createInterface } from "node:readline";
import type { ChannelUser } from "../../src/kernel/channel";
import type { InboundMessage, Reply } from "../../src/conversation/types";
import { renderBlock } from "./render";
import type { TerminalSender } from "./sender";

export interface TerminalConversation {
  handle(message: InboundMessage): Promise<Reply[]>;
  notice?(user: ChannelUser, key: "error_generic"): Promise<string>;
}

export interface TerminalSessionOptions {
  conversation: TerminalConversation;
  user: ChannelUser;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  sender: TerminalSender;
  /** Shows notices that arrived while the terminal was closed (called on open). */
  deliverPending?: () => Promise<void>;
  /** Called when the input ends, before the terminal closes: e.g. wait for the answer to a script's last line. */
  linger?: () => Promise<void>;
  interactive: boolean;
}

const quitWords = new Set(["/quit", "/exit"]);

export async function runTerminalSession(options: TerminalSessionOptions): Promise<void> {
  const { conversation, user, output, interactive } = options;
  const unregister = options.sender.register(user.platformId, output);
  try {
    if (interactive) output.write(`民情 Minqing — ${user.platformId}. /start 开始，/quit 退出。\n\n`);
    await options.deliverPending?.();
    const lines = createInterface({ input: options.input, terminal: false });
    if (interactive) output.write("> ");
    for await (const line of lines) {
      const text = line.trim();
      if (quitWords.has(text)) break;
      if (text) await answer(options, text);
      if (interactive) output.write("> ");
    }
    await options.linger?.();
  } finally {
    unregister();
  }
}

async function answer({ conversation, user, output }: TerminalSessionOptions, text: string): Promise<void> {
  let replies: Reply[];
  try {
    replies = await conversation.handle({ user, chat: "private", kind: "text", text });
  } catch {
    const apology = (await conversation.notice?.(user, "error_generic").catch(() => undefined)) ?? "抱歉，系统出了点问题，请稍后再试。";
    replies = [{ text: apology }];
  }
  for (const reply of replies) output.write(renderBlock(reply));
}
