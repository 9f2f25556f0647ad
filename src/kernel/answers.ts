/**
 * The words of an answer and its revisit, shared by the cases, the notices and the dialogues:
 * the three outcomes the seeds name (三解), how satisfied the petitioner is, how the revisit was
 * made. Each has a catalogue text (`outcome_solved`, `satisfaction_satisfied`, `revisit_by_phone`).
 */

/** Solved now (解决); explained, with the plan (解释); no policy or legal basis, said respectfully (无依据). */
export const answerOutcomes = ["solved", "explained", "no_basis"] as const;
export type AnswerOutcome = (typeof answerOutcomes)[number];

export const satisfactions = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export type Satisfaction = (typeof satisfactions)[number];

export const revisitMethods = ["phone", "visit", "chat"] as const;
export type RevisitMethod = (typeof revisitMethods)[number];
