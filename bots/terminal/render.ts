/**
 * A reply as a block of lines: the text, then each choice numbered ("1. 土地房屋"); people answer
 * with the number. Blocks are separated by one empty line, so a script can split the output on
 * blank lines; an empty line inside a reply is therefore printed as a line with a single space.
 */
import { numberedText } from "../../src/conversation/numbered";
import type { Reply } from "../../src/conversation/types";

export function renderBlock(reply: Reply): string {
  const lines = numberedText(reply)
    .split(/\r?\n/)
    .map((line) => (line.trim() === "" ? " " : line));
  return `${lines.join("\n")}\n\n`;
}
