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
  byOfficialId: string;
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

export interface Handling {
  answer?: Answer;
  revisit?: Revisit;
  signOffs: SignOff[];
  /** Present when a cadre recorded the case at a visit. */
  visit?: VisitRecord;
}

export const noHandling: Handling = { signOffs: [] };

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
