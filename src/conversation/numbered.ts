/**
 * A reply for channels without buttons (WeChat, the terminal): the text, then each choice on its
 * own numbered line ("1. 土地房屋"). People answer with the number; the intake dialogue maps typed
 * digits back to the choices it last showed.
 */
import type { Reply } from "./types";

export function numberedText(reply: Reply): string {
  const lines = [reply.text];
  (reply.choices ?? []).forEach((choice, index) => lines.push(`${index + 1}. ${choice.label}`));
  return lines.join("\n");
}
