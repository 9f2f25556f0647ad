/**
 * 急事急办: how urgent a petition sounds, a pure function of its words and the organisation's
 * urgent words (the org file's `urgentWords`). The category says the priority its cases start
 * with; a word that marks an emergency (起火, 持刀, 轻生, 停暖 with 老人 …) raises it to urgent and
 * names the numbers the citizen should call now (110 police, 120 ambulance, 119 fire and rescue).
 *
 * Words are read as people write them: a word that is denied ("没有生命危险", "不是着火",
 * "无人被困"), averted ("差点着火") or only a hazard ("火灾隐患", "消防演练") marks nothing. A
 * mistake either way is cheap to mend — those handling the case change the priority with a reason
 * — but a missed emergency costs more than a needless "call 119", so only plain denials count.
 */
import { emergencyNumbers, type EmergencyNumber, type Priority } from "../kernel/answers";
import type { UrgentWordRule } from "../org/types";

export interface UrgentMatch {
  /** The organisation's words found in the text, in the order of the list: why it is urgent (never the text itself). */
  words: string[];
  /** The numbers to tell the citizen to call, in the fixed order 110, 120, 119. */
  calls: EmergencyNumber[];
}

export interface PriorityProposal extends UrgentMatch {
  priority: Priority;
  /** Whether an urgent word raised it (else it is the category's own). */
  raised: boolean;
}

/** The urgent words the text contains and affirms, with the numbers they call for; empty when none. */
export function findUrgentWords(text: string, rules: readonly UrgentWordRule[] = []): UrgentMatch {
  const plain = normalise(text);
  const words: string[] = [];
  const calls = new Set<EmergencyNumber>();
  for (const rule of rules) {
    const word = firstAffirmed(plain, rule.words);
    if (!word) continue;
    const companion = rule.with.length > 0 ? firstAffirmed(plain, rule.with) : undefined;
    if (rule.with.length > 0 && !companion) continue;
    for (const found of companion ? [word, companion] : [word]) if (!words.includes(found)) words.push(found);
    for (const call of rule.calls) calls.add(call);
  }
  return { words, calls: emergencyNumbers.filter((n) => calls.has(n)) };
}

/** The priority to propose: the category's (normal when it says none), urgent when an urgent word is found. */
export function proposePriority(categoryPriority: Priority | undefined, text: string, rules: readonly UrgentWordRule[] = []): PriorityProposal {
  const match = findUrgentWords(text, rules);
  const base = categoryPriority ?? "normal";
  const raised = match.words.length > 0 && base !== "urgent";
  return { priority: match.words.length > 0 ? "urgent" : base, raised, ...match };
}

/** The numbers in `calls` not yet in `told`: what a citizen has not been told to call yet. */
export function callsNotYetTold(calls: readonly EmergencyNumber[], told: readonly string[]): EmergencyNumber[] {
  return calls.filter((call) => !told.includes(call));
}

// ── reading the words ──

/** Full-width forms folded, line breaks read as the end of a sentence, spaces dropped (people type "着 火"). */
function normalise(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\r?\n/g, "。").replace(/\s+/g, "");
}

/** The first of `words` (longest first, so "房屋倒塌" is named rather than "倒塌") that occurs affirmed. */
function firstAffirmed(text: string, words: readonly string[]): string | undefined {
  const longestFirst = [...words].sort((a, b) => b.length - a.length);
  return longestFirst.find((word) => occurrences(text, normalise(word)).some((at) => affirmed(text, at, normalise(word).length)));
}

function occurrences(text: string, word: string): number[] {
  const found: number[] = [];
  if (!word) return found;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) found.push(at);
  return found;
}

/** Where a clause ends: a denial reaches no further back than this. "、" lists, it does not end. */
const clauseEnd = /[，,。.！!？?；;：:…]/;

/**
 * A denial right before the word, with only words like 人/发生/造成 between: "没有人被困",
 * "没有发生火灾", "并未起火", "暂无生命危险", "不是着火". "不停地打人" is no denial: 停 is not
 * one of the words that may stand between.
 */
const denied = /(?:没有|没|无|不是|不会|不|未|并非|并未|非|别|差点|差一点|险些|以免|防止|预防|避免|谨防|万一)(?:人|人员|什么|任何|发生|出现|造成|导致|引起|引发|遇到|被|有|会|再|是|在|过)*$/;

/** What right after the word makes it no emergency: a hazard, a drill, a price ("跳楼价"), "被困扰". */
const notNow = /^(?:隐患|演练|演习|价|扰|预案)/;

function affirmed(text: string, at: number, length: number): boolean {
  let start = at;
  // Up to eight characters back, within the clause.
  while (start > 0 && at - start < 8 && !clauseEnd.test(text[start - 1]!)) start--;
  if (denied.test(text.slice(start, at))) return false;
  return !notNow.test(text.slice(at + length, at + length + 4));
}
