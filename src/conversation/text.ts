/** What people type, made safe to keep and show. */

/**
 * Terminal escape sequences whole (colours, cursor moves, screen clears, window titles), so that
 * no "[2J[31m" is left behind once the escape character itself is gone.
 */
const escapeSequences = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_]/g;

/** Removes escape sequences and control, zero-width and bidi-override characters; keeps line breaks and tabs. */
export function sanitiseText(text: string): string {
  return text
    .replace(escapeSequences, "")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "")
    .trim();
}

/** True when the text has at least one letter or digit (not only emoji or punctuation). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
