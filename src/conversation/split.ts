/**
 * Splits a long text into parts of at most `max` characters, at paragraph, then line, then
 * sentence boundaries where possible, never dropping a character. Telegram allows 4,096 per message.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = lastBreak(window, ["\n\n", "\n", "。", ". ", "！", "？", " "]) ?? max;
    // Never separate the two halves of a surrogate pair (emoji, rare characters).
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? "")) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

function lastBreak(window: string, separators: string[]): number | undefined {
  for (const separator of separators) {
    const at = window.lastIndexOf(separator);
    // A break in the first half would make many tiny parts; prefer a hard cut then.
    if (at >= window.length / 2) return at + separator.length;
  }
  return undefined;
}
