/**
 * One person at the terminal: each line typed (or read from a script) goes to the conversation,
 * each reply comes back as a block. Lines are handled strictly one after another, so a script
 * piped in at once reads like a person typing. The session ends at the end of the input, at /quit,
 * or at once when its `stop` signal fires (the process is stopping, or the service it uses has).
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
  /**
   * Called once notices can be written to this terminal: the deployment is told it is open here,
   * and what arrived while it was closed is shown.
   */
  opened?: () => Promise<void>;
  /** Called when the input ends, before the terminal closes: e.g. wait for the answer to a script's last line. */
  linger?: () => Promise<void>;
  /** Called after the terminal stopped taking notices: they wait for its next opening again. */
  closed?: () => Promise<void>;
  /** Ends the session now: no more lines are read, a reply still being worked out is not waited for, no lingering. */
  stop?: AbortSignal;
  interactive: boolean;
}

const quitWords = new Set(["/quit", "/exit"]);

export async function runTerminalSession(options: TerminalSessionOptions): Promise<void> {
  const { user, output, interactive, stop } = options;
  const unregister = options.sender.register(user.platformId, output);
  const lines = createInterface({ input: options.input, terminal: false });
  // Taken at once: lines read before an iterator exists would be lost while the terminal opens.
  const typed = lines[Symbol.asyncIterator]();
  const stopped = new Promise<void>((resolve) => {
    if (stop?.aborted) resolve();
    stop?.addEventListener("abort", () => resolve(), { once: true });
  });
  // Closing the reader ends the loop below once it waits for the next line.
  void stopped.then(() => lines.close());
  const unlessStopped = (work: Promise<void>) => Promise.race([work, stopped]);
  try {
    if (interactive) output.write(`民情 Minqing — ${user.platformId}. /start 开始，/quit 退出。\n\n`);
    await unlessStopped(options.opened?.() ?? Promise.resolve());
    if (interactive && !stop?.aborted) output.write("> ");
    for await (const line of { [Symbol.asyncIterator]: () => typed }) {
      if (stop?.aborted) break;
      const text = line.trim();
      if (quitWords.has(text)) break;
      if (text) await unlessStopped(answer(options, text));
      if (stop?.aborted) break;
      if (interactive) output.write("> ");
    }
    if (!stop?.aborted) await unlessStopped(options.linger?.() ?? Promise.resolve());
  } finally {
    lines.close();
    unregister();
    await options.closed?.();
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
