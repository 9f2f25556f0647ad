/**
 * Our Reply → WeChat text messages. WeChat has no buttons for personal accounts, so choices are a
 * numbered list with a hint to reply with the number; long texts are split, never cut.
 */
import { numberedText } from "../../src/conversation/numbered";
import { splitText } from "../../src/conversation/split";
import type { Reply } from "../../src/conversation/types";

/** Long WeChat texts fold behind "show more" and some clients cut them; stay well under that. */
export const maxMessageLength = 1500;

/** `hint` is added under a list of choices ("（回复数字选择）"), in the person's language. */
export function renderReply(reply: Reply, hint: string): string[] {
  const text = reply.choices?.length ? `${numberedText(reply)}\n${hint}` : reply.text;
  return splitText(text, maxMessageLength).filter((part) => part.trim().length > 0);
}

/**
 * All replies to one message, as few WeChat messages as fit: each message the account sends costs
 * a paced slot and counts towards WeChat's limits, and one bubble per answer reads naturally.
 */
export function renderTurn(replies: Reply[], hint: string): string[] {
  const blocks = replies.flatMap((reply) => renderReply(reply, hint));
  const messages: string[] = [];
  for (const block of blocks) {
    const last = messages[messages.length - 1];
    if (last !== undefined && last.length + 2 + block.length <= maxMessageLength) messages[messages.length - 1] = `${last}\n\n${block}`;
    else messages.push(block);
  }
  return messages;
}
