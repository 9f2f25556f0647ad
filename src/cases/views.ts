/**
 * Cases as the people who asked about them see them, read from the store. Ids and plain values
 * only: names (unit, area, category) and words (the state) are rendered in the reader's language.
 */
import type { AnswerOutcome, Priority, Satisfaction } from "../kernel/answers";
import type { CaseActionKind } from "./available";
import type { ClosureGap } from "./handling";
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

/** One step of a case as its timeline shows it. */
export interface TimelineEntry {
  at: string;
  type: string;
  actorKind: "person" | "official" | "system";
  actorId: string | null;
  visibility: "petitioner" | "internal";
  /** The unit and official the step concerns (who the case went to, whose answer it was). */
  unitId: string | null;
  officialId: string | null;
  /** The words the step carries (a note, an answer, a reason), when it has any. */
  text?: string;
  /** The kind of a step within its type: "co_handling" for a co-handling unit's part (a progress note). */
  kind?: string;
  /** The answer-by day an extension step asks for or grants. */
  until?: string;
  // priority (急事急办)
  /** A priority change: from what to what (its reason is `text`). */
  priority?: { from: Priority; to: Priority };
}

/** A case in an official's list (/cases). */
export interface CaseListEntry {
  trackingCode: string;
  categoryId: string;
  areaId: string;
  state: CaseState;
  unitId: string | null;
  officialId: string | null;
  /** The date that matters now: acceptance before it is accepted, the answer after. */
  dueBy: string | null;
}

/** A case as an official who may see it opens it (/case): the facts, where handling stands, what they may do. */
export interface CaseCard extends CaseListEntry {
  description: string;
  attachments: number;
  /** The petitioner's name and phone, opened for this official; null when anonymous. */
  petitioner: string | null;
  submittedAt: string;
  acceptBy: string | null;
  answerBy: string | null;
  ownerOfficialId: string | null;
  leaderOfficialId: string | null;
  answer?: { outcome: AnswerOutcome; text: string; byOfficialId: string; approvedAs: string[]; delivered: boolean };
  revisit?: { satisfaction: Satisfaction; opinion: string; on: string };
  /** A conduct complaint: whom it is about, in the petitioner's words and as matched. */
  accused?: { text: string; unitId?: string; officialId?: string };
  signedAs: string[];
  /** 协办: the units invited to add their part. */
  coHandlingUnitIds: string[];
  /** 延期: the latest request for more time and how it stands. */
  extension?: { status: "pending" | "approved" | "rejected"; reason: string; fromAnswerBy: string; toAnswerBy: string; rejection?: string };
  /** What closure still lacks (三不结案), once the case is answered. */
  gaps: ClosureGap[];
  /** The actions this official may take now. */
  actions: CaseActionKind[];
  // transfers (转办)
  /** How often it was transferred, and a transfer waiting for the petition office. */
  transfers?: { count: number; pending?: { unitId: string; reason: string; byOfficialId: string } };
  // priority (急事急办)
  /** Absent: normal. */
  priority?: Priority;
  timeline: TimelineEntry[];
}

// ── overdue lists (issue 13 item 6) ──

/** Which promised date a case waits on: accepting it (while registered) or answering it. */
export type WaitedDate = "acceptBy" | "answerBy";

/**
 * An open case past its date, or due within the next few days: `daysLate` counts calendar days
 * in the office's zone (1 = the date was yesterday; 0 = due today; negative = due in so many days).
 */
export interface OverdueEntry {
  trackingCode: string;
  state: CaseListEntry["state"];
  unitId: string | null;
  officialId: string | null;
  date: WaitedDate;
  dueBy: string;
  daysLate: number;
  priority: Priority;
}

/** Who the list is for: the cases an official holds (handling or 包案), a unit's, or all (the petition office). */
export type OverdueScope = { officialId: string } | { unitId: string } | { all: true };

/** Overdue and due-soon cases counted per unit ("" for none), the most overdue unit first: where the lateness sits. */
export function overdueByUnit(entries: readonly Pick<OverdueEntry, "unitId" | "daysLate">[]): [unitId: string, counts: { overdue: number; soon: number }][] {
  const perUnit = new Map<string, { overdue: number; soon: number }>();
  for (const entry of entries) {
    const counted = perUnit.get(entry.unitId ?? "") ?? { overdue: 0, soon: 0 };
    if (entry.daysLate > 0) counted.overdue += 1;
    else counted.soon += 1;
    perUnit.set(entry.unitId ?? "", counted);
  }
  return [...perUnit.entries()].sort((a, b) => b[1].overdue - a[1].overdue || b[1].soon - a[1].soon || a[0].localeCompare(b[0]));
}
