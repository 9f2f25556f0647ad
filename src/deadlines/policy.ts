/**
 * Deadline policies: how long each step of a case may take, how often the petitioner hears of
 * progress, when the handler is reminded, and who is told, one level at a time, when a date passes
 * (督办). Policies are organisation data (the office defines them, or takes a preset,
 * ./presets.ts); a case copies the policy it was given (./promises.ts), so a later change of
 * policy never rewrites a promise already made.
 */
import type { Counting } from "./calendar";
import type { FollowUpPolicy } from "../followup/policy";

import type { Priority } from "../kernel/answers";

export type { Priority };

/** A length of time in days, counted on the calendar or in working days. */
export interface Span {
  days: number;
  counting: Counting;
}

/** Who is told, in order, as an overdue case stays overdue: the handler hears first, on the day. */
export const escalationTargets = ["unit_head", "responsible_leader", "petition_office"] as const;
export type EscalationTarget = (typeof escalationTargets)[number];

export interface EscalationStep {
  to: EscalationTarget;
  /** Working days after the previous step (the first: after the due date passed); 0 is at once. */
  afterWorkingDays: number;
}

export interface DeadlinePolicy {
  id: string;
  name: string;
  /** From submission to the decision on acceptance, told to the petitioner (national limit 15 days). */
  acceptWithin: Span;
  /** From acceptance to the answer (national limit 60 days). */
  answerWithin: Span;
  /** How far the unit head may move the answer-by date, and how often (national: once, 30 days). */
  extension: { maxDays: number; times: number };
  /** Calendar days between progress notices to the petitioner while the case is open (定期通报); null: none. */
  progressEveryDays: number | null;
  /** Working days before a due date the handler is reminded that it is near; they are reminded on the day too. */
  remindDaysBefore: number[];
  /** Working hours an assignment may wait unaccepted before the unit head is told. */
  unacceptedAfterHours: number;
  escalation: EscalationStep[];
  /** After each answer: the survey, its reminders, the revisit when unanswered, the review window. */
  followUp?: FollowUpPolicy;
}

/** Which policy a case gets: the most specific matching rule wins; a missing field matches any. */
export interface DeadlineRule {
  categoryId: string | null;
  priority: Priority | null;
  /** Whether a leader holds the case (包案). */
  leaderHeld: boolean | null;
  policyId: string;
}

/**
 * The outer limits of the 2022 regulation (信访工作条例): decide on acceptance and tell the
 * petitioner within 15 days, handle within 60 days of acceptance, extend once by at most 30 days.
 */
export const nationalLimits = {
  acceptWithin: { days: 15, what: "deciding on acceptance (受理告知 15 日)" },
  answerWithin: { days: 60, what: "handling and answering (办理 60 日)" },
  extensionDays: { days: 30, what: "an extension (延长不超过 30 日)" },
  extensionTimes: { times: 1, what: "extensions (延期一次)" },
} as const;

/**
 * The most calendar days a span can take: a working-day span is checked at its longest ordinary
 * length (five working days a week), and ./promises.ts clamps any date to the national limit, so a
 * long holiday cannot carry a promise past it.
 */
export function longestCalendarDays(span: Span): number {
  return span.counting === "calendar" ? span.days : Math.ceil(span.days / 5) * 7;
}

/** What in a policy goes beyond the national limits, each problem naming the limit. */
export function beyondNationalLimits(policy: Pick<DeadlinePolicy, "acceptWithin" | "answerWithin" | "extension">): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  const span = (field: "acceptWithin" | "answerWithin") => {
    const limit = nationalLimits[field];
    const longest = longestCalendarDays(policy[field]);
    if (longest > limit.days) {
      const counted = policy[field].counting === "working" ? ` (${policy[field].days} working days can take ${longest} calendar days)` : "";
      problems.push({ field, problem: `exceeds the national limit of ${limit.days} days for ${limit.what}${counted}` });
    }
  };
  span("acceptWithin");
  span("answerWithin");
  if (policy.extension.maxDays > nationalLimits.extensionDays.days) {
    problems.push({ field: "extension.maxDays", problem: `exceeds the national limit of ${nationalLimits.extensionDays.days} days for ${nationalLimits.extensionDays.what}` });
  }
  if (policy.extension.times > nationalLimits.extensionTimes.times) {
    problems.push({ field: "extension.times", problem: `exceeds the national limit of ${nationalLimits.extensionTimes.times} for ${nationalLimits.extensionTimes.what}` });
  }
  return problems;
}

export interface PolicyFacts {
  categoryId: string;
  priority: Priority;
  leaderHeld: boolean;
}

/**
 * The policy for a case with these facts: the matching rule that names the most of category,
 * priority and 包案 wins (category counts most, then priority); without a match, the category's
 * own policy.
 */
export function choosePolicy(
  org: { deadlinePolicies: readonly DeadlinePolicy[]; deadlineRules: readonly DeadlineRule[]; categories: readonly { id: string; deadlinePolicyId: string }[] },
  facts: PolicyFacts,
): DeadlinePolicy | undefined {
  const matches = (rule: DeadlineRule) =>
    (rule.categoryId === null || rule.categoryId === facts.categoryId) && (rule.priority === null || rule.priority === facts.priority) && (rule.leaderHeld === null || rule.leaderHeld === facts.leaderHeld);
  const weight = (rule: DeadlineRule) => (rule.categoryId !== null ? 4 : 0) + (rule.priority !== null ? 2 : 0) + (rule.leaderHeld !== null ? 1 : 0);
  const best = org.deadlineRules.filter(matches).sort((a, b) => weight(b) - weight(a))[0];
  const policyId = best?.policyId ?? org.categories.find((c) => c.id === facts.categoryId)?.deadlinePolicyId;
  return org.deadlinePolicies.find((p) => p.id === policyId);
}
