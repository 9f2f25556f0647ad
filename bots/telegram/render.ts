/**
 * Our Reply → Telegram messages. Texts go out as plain text (no parse_mode), so nothing a citizen
 * typed and the conversation quotes back can turn into HTML or Markdown. Long texts are split, never
 * cut; choices become an inline keyboard on the last part, each button carrying only a short
 * server-side token, because callback data is limited to 64 bytes and anyone can forge it.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { ActionTokens } from "../../src/conversation/action-tokens";
import { splitText } from "../../src/conversation/split";
import type { Choice, Reply } from "../../src/conversation/types";

/** Telegram's limit on a message's text, in characters. */
export const maxMessageLength = 4096;
/** Telegram's limit on a button's callback data, in bytes. */
export const maxCallbackDataBytes = 64;
/** Labels this short (in characters) fit two to a row on a phone. */
const shortLabel = 8;

export interface OutgoingMessage {
  text: string;
  replyMarkup?: InlineKeyboardMarkup;
}

export type TokenIssuer = Pick<ActionTokens, "issueMany">;

/** Renders one reply; `owner` (a userKey) is the only person whose presses will count. */
export async function renderReply(reply: Reply, owner: string, tokens: TokenIssuer): Promise<OutgoingMessage[]> {
  // Telegram refuses empty messages; an empty part can only come from an empty text.
  const parts = splitText(reply.text, maxMessageLength).filter((part) => part.length > 0);
  const messages: OutgoingMessage[] = parts.map((text) => ({ text }));
  const choices = reply.choices ?? [];
  const last = messages[messages.length - 1];
  if (choices.length === 0 || !last) return messages;
  last.replyMarkup = await inlineKeyboard(choices, owner, tokens);
  return messages;
}

/**
 * Choices as an inline keyboard, each button a token that means its value for `owner` only: the
 * conversation's replies and the outbound queue's notices (./sender.ts) both make theirs here.
 */
export async function inlineKeyboard(choices: Choice[], owner: string, tokens: TokenIssuer): Promise<InlineKeyboardMarkup> {
  const data = await tokens.issueMany(owner, choices.map((choice) => choice.value));
  const buttons = choices.map((choice, i): InlineKeyboardButton.CallbackButton => {
    const callbackData = data[i]!;
    if (Buffer.byteLength(callbackData, "utf8") > maxCallbackDataBytes) {
      throw new Error(`callback data of ${Buffer.byteLength(callbackData, "utf8")} bytes exceeds Telegram's ${maxCallbackDataBytes}`);
    }
    return { text: choice.label, callback_data: callbackData };
  });
  return { inline_keyboard: layoutButtons(buttons) };
}

/** One button per row, or two per row when every label is short. */
export function layoutButtons<B extends { text: string }>(buttons: B[]): B[][] {
  const perRow = buttons.every((button) => [...button.text].length <= shortLabel) ? 2 : 1;
  const rows: B[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}
