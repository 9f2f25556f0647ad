/**
 * Where a case's handling stands, as the closure gates (三不结案) read it: the answer the unit
 * gives and who approved it, the revisit record, and the sign-offs after it. The events keep the
 * whole history; this is the current state of it, kept on the case so a decision needs no replay.
 * Plain JSON: the store keeps it as one column.
 */

import type { AnswerOutcome, RevisitMethod, Satisfaction, VisitKind } from "../kernel/answers";

export type { AnswerOutcome, RevisitMethod, Satisfaction, VisitKind };

/** Who must approve an answer before the petitioner reads it. */
export type ApproverRole = "unit_head" | "responsible_leader";

export interface Answer {
  outcome: AnswerOutcome;
  /** What the petitioner will read, in the official's words. */
  text: string;
  byOfficialId: string;
  at: string;
  /** Approvals given so far, by role; the answer goes out when every required role has approved. */
  approvals: { role: ApproverRole; officialId: string; at: string }[];
  /** Set once the petitioner has been given it. */
  deliveredAt?: string;
}

export interface Revisit {
  method: RevisitMethod;
  satisfaction: Satisfaction;
  /** The petitioner's own opinion, in their words (seed 001: 附反映问题群众本人意见). */
  opinion: string;
  /** The day of the revisit (YYYY-MM-DD), as the official recorded it. */
  on: string;
  /** The official who revisited; absent when the petitioner answered the survey themselves. */
  byOfficialId?: string;
  at: string;
}

export type SignOffRole = "handling_official" | "unit_head" | "responsible_leader";

export interface SignOff {
  role: SignOffRole;
  officialId: string;
  at: string;
}

// ── visits: a case a cadre recorded on behalf of a citizen ──
/**
 * The case was recorded by a visiting cadre for a citizen who has no chat account here yet; the
 * citizen claims it later with the tracking code and the last four digits of the phone recorded.
 * Until then the petitioner's notices are held (they have nowhere to go).
 */
export interface VisitRecord {
  kind: VisitKind;
  /** The cadre who recorded it. */
  byOfficialId: string;
  at: string;
  /** When the citizen claimed it from their own chat account. */
  claimedAt?: string;
}

/**
 * Whom a conduct complaint is about (信访工作条例 2022: never handled by them): the petitioner's
 * own words, and the unit and official of the organisation they were matched to, when they were.
 * An official named is always of the unit named, so avoiding the unit avoids them too.
 */
export interface Accused {
  unitId?: string;
  officialId?: string;
  /** What the petitioner said, as they said it. */
  text: string;
}

export interface Handling {
  /** Set at submission for a conduct complaint that names its unit or official; never changes. */
  accused?: Accused;
  answer?: Answer;
  revisit?: Revisit;
  signOffs: SignOff[];
  /** Present when a cadre recorded the case at a visit. */
  visit?: VisitRecord;
  // ── transfers (转办) ──
  /** How often the case has changed unit by transfer, and a transfer waiting for the petition office. */
  transfers?: Transfers;
  /** 延期: the request for more time, and the head's decision on it. */
  extension?: Extension;
}

export const noHandling: Handling = { signOffs: [] };

// ── transfers (转办) ──
export interface PendingTransfer {
  /** The unit asked to take the case over. */
  unitId: string;
  /** The unit that held the case when it was asked. */
  fromUnitId: string | null;
  reason: string;
  byOfficialId: string;
  at: string;
}

export interface Transfers {
  count: number;
  /** A transfer across townships asked by the holding unit: it waits for the petition office. */
  pending?: PendingTransfer;
}

/**
 * The handling starts again (a case reopened, or transferred to another unit): the answer, the
 * revisit and the sign-offs go; what is true of the case whoever handles it stays — who it accuses,
 * how often it was transferred.
 */
export function restartHandling(handling: Handling): Handling {
  return {
    ...noHandling,
    ...(handling.transfers ? { transfers: handling.transfers } : {}),
    ...(handling.accused ? { accused: handling.accused } : {}),
    // An extension granted stays granted (one per case).
    ...(handling.extension?.status === "approved" ? { extension: handling.extension } : {}),
  };
}

// ── extension (延期) ──

/**
 * A request for more time to answer: asked by the handler with a reason and the new date, decided
 * by the unit head. A case is extended once: an approved extension stays for good (a reopened case
 * keeps it); a refused one may be asked for again.
 */
export interface Extension {
  status: "pending" | "approved" | "rejected";
  /** Why more time is needed, in the handler's words: the petitioner reads it once approved. */
  reason: string;
  /** The answer-by day when it was asked (YYYY-MM-DD), and the day asked for. */
  fromAnswerBy: string;
  toAnswerBy: string;
  requestedByOfficialId: string;
  requestedAt: string;
  decidedByOfficialId?: string;
  decidedAt?: string;
  /** Why the head said no. */
  rejection?: string;
}

/** What closure still lacks, in the order the seeds list it. Empty: the case may close. */
export type ClosureGap = "approved_answer" | "revisit" | "satisfied_revisit" | "handler_sign_off" | "head_sign_off" | "leader_sign_off";

export function closureGaps(handling: Handling, leaderHeld: boolean): ClosureGap[] {
  const gaps: ClosureGap[] = [];
  if (!handling.answer?.deliveredAt) gaps.push("approved_answer");
  const revisit = handling.revisit;
  if (!revisit) gaps.push("revisit");
  else if (revisit.satisfaction === "unsatisfied") gaps.push("satisfied_revisit");
  // Sign-offs count only when given after the revisit: they sign what the petitioner said.
  const after = (role: SignOffRole) => handling.signOffs.some((s) => s.role === role && revisit !== undefined && s.at >= revisit.at);
  if (!after("handling_official")) gaps.push("handler_sign_off");
  if (!after("unit_head")) gaps.push("head_sign_off");
  if (leaderHeld && !after("responsible_leader")) gaps.push("leader_sign_off");
  return gaps;
}

/** The roles whose approval an answer needs: the unit head, and the leader when one holds the case. */
export function requiredApprovals(leaderHeld: boolean): ApproverRole[] {
  return leaderHeld ? ["unit_head", "responsible_leader"] : ["unit_head"];
}
