/**
 * The states of a case, as the schema fixes them. Which command may move a case from which
 * state lives with each command (src/cases/commands); this file only names them.
 */
export const caseStates = [
  "submitted",
  "registered",
  "declined",
  "accepted",
  "in_progress",
  "answered",
  "closed",
  "reopened",
  "under_review",
  "final",
  "withdrawn",
] as const;
export type CaseState = (typeof caseStates)[number];

/** Cases that still need someone's work: they count towards an official's load. */
export const openStates = ["submitted", "registered", "accepted", "in_progress", "reopened", "under_review"] as const satisfies readonly CaseState[];
