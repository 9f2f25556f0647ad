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

/** A choice number typed on its own ("2", "２"); undefined for anything else. */
export function typedNumber(text: string): number | undefined {
  const plain = text.normalize("NFKC").trim();
  return /^\d{1,2}$/.test(plain) ? Number(plain) : undefined;
}
