/**
 * The choice machinery every dialogue shares. A shown choice's value is scoped by dialogue and
 * step ("intake.confirm:submit"), so a button from an earlier question, or from another dialogue,
 * is recognised as stale; a typed number picks from the choices last shown, so numbered lists work
 * on channels without buttons.
 */
import type { Choice } from "./types";

export interface ScopedValue {
  /** Absent in values issued before dialogues were scoped (they belong to the run in progress). */
  dialogue?: string;
  step: string;
  value: string;
}

export function scopeChoices(dialogue: string, step: string, choices: Choice[]): Choice[] {
  return choices.map((choice) => ({ label: choice.label, value: `${dialogue}.${step}:${choice.value}` }));
}

export function parseScopedValue(scoped: string): ScopedValue | undefined {
  const match = /^(?:([a-z][a-z0-9_-]*)\.)?([a-z][a-z0-9_]*):([\s\S]*)$/.exec(scoped);
  if (!match) return undefined;
  return { dialogue: match[1], step: match[2]!, value: match[3]! };
}

const circled = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const chineseDigits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 as people write small numbers. */
function chineseNumber(word: string): number | undefined {
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(word);
  if (!match || word === "") return undefined;
  const [, tens, ten, units] = match;
  if (!ten) return tens && !units ? chineseDigits[tens] : undefined;
  return (tens ? chineseDigits[tens]! : 1) * 10 + (units ? chineseDigits[units]! : 0);
}

/**
 * A choice number as people type it on its own: "2", "２", "2.", "2、", "(2)", "一", "第一个",
 * "第2项", "①"; undefined for anything else, so text that merely contains a number stays text.
 */
export function typedNumber(text: string): number | undefined {
  const trimmed = text.trim();
  const circledAt = circled.indexOf(trimmed);
  if (trimmed.length === 1 && circledAt >= 0) return circledAt + 1;
  const plain = trimmed
    .normalize("NFKC")
    .replace(/^[(\[]\s*(.+?)\s*[)\]]$/, "$1")
    .replace(/\s*[.。、,，:：)]$/, "")
    .trim();
  const match = /^(第)?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(个|项|条|种|号)?$/.exec(plain);
  if (!match) return undefined;
  const word = match[2]!;
  return /^\d+$/.test(word) ? Number(word) : chineseNumber(word);
}
