/**
 * Cases as the people who asked about them see them, read from the store. Ids and plain values
 * only: names (unit, area, category) and words (the state) are rendered in the reader's language.
 */
import type { CaseState } from "./states";

/** One of the petitioner's own cases, as /status shows it. */
export interface CaseView {
  trackingCode: string;
  categoryId: string;
  areaId: string;
  state: CaseState;
  submittedAt: string;
  unitId: string | null;
  /** The day (YYYY-MM-DD) by which the petitioner is told whether the case is accepted. */
  acceptBy: string | null;
  /** The day by which the answer is due, once the case has one. */
  answerBy: string | null;
}
