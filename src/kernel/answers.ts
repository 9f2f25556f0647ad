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

// ── visits: how a cadre met the citizen whose petition they record on their behalf ──
/** 登门上户 (the cadre went to the citizen's home), 定点接待 (a set reception day or place), 重点约谈 (a planned talk). */
export const visitKinds = ["door_to_door", "reception_point", "interview"] as const;
export type VisitKind = (typeof visitKinds)[number];

// ── priority (急事急办): how urgently a case is handled; proposed at intake, changed by those handling it ──
export const priorities = ["normal", "important", "urgent"] as const;
export type Priority = (typeof priorities)[number];

/** The emergency numbers a citizen may be told to call: police (violence, threats), medical, fire (and rescue). */
export const emergencyNumbers = ["110", "120", "119"] as const;
export type EmergencyNumber = (typeof emergencyNumbers)[number];
