/**
 * The two sets of deadline policies Minqing ships. An office names one in its organisation file
 * (`deadlinePreset: local`) and may add or override policies and rules of its own.
 *
 * - national: the outer limits of the 2022 regulation (信访工作条例) and nothing shorter.
 * - local: the practice the seeds describe — ordinary requests handled and answered within a
 *   week, important ones within a month (seed 002: 一般诉求一周内、重要诉求一个月内办理并反馈); a case
 *   a leader holds (包案) within one week, a major one within two (seed 001); urgent matters at once
 *   (急事急办), which stay urgent when a leader takes them on.
 */
import type { DeadlinePolicy, DeadlineRule, EscalationStep } from "./policy";
import { standardFollowUp } from "../followup/policy";

export interface DeadlinePreset {
  policies: DeadlinePolicy[];
  rules: DeadlineRule[];
  /** The policy a category gets when it names none. */
  defaultPolicyId: string;
}

/** Handler on the day, the unit head the next working day, the leader two days later, the office two after. */
const escalation: EscalationStep[] = [
  { to: "unit_head", afterWorkingDays: 1 },
  { to: "responsible_leader", afterWorkingDays: 2 },
  { to: "petition_office", afterWorkingDays: 2 },
];

const national: DeadlinePreset = {
  defaultPolicyId: "national",
  policies: [
    {
      id: "national",
      name: "法定时限（受理告知15日、办理60日、延期一次不超过30日）",
      acceptWithin: { days: 15, counting: "calendar" },
      answerWithin: { days: 60, counting: "calendar" },
      extension: { maxDays: 30, times: 1 },
      progressEveryDays: 15,
      remindDaysBefore: [5, 1],
      unacceptedAfterHours: 24,
      escalation,
      followUp: standardFollowUp,
    },
  ],
  rules: [],
};

const local: DeadlinePreset = {
  defaultPolicyId: "ordinary",
  policies: [
    {
      id: "ordinary",
      name: "一般诉求（一周内办理并反馈）",
      acceptWithin: { days: 2, counting: "working" },
      answerWithin: { days: 7, counting: "calendar" },
      extension: { maxDays: 30, times: 1 },
      progressEveryDays: 3,
      remindDaysBefore: [2, 1],
      unacceptedAfterHours: 4,
      escalation,
      followUp: standardFollowUp,
    },
    {
      id: "important",
      name: "重要诉求（一个月内办理并反馈）",
      acceptWithin: { days: 2, counting: "working" },
      answerWithin: { days: 30, counting: "calendar" },
      extension: { maxDays: 30, times: 1 },
      progressEveryDays: 7,
      remindDaysBefore: [5, 1],
      unacceptedAfterHours: 4,
      escalation,
      followUp: standardFollowUp,
    },
    {
      id: "urgent",
      name: "急事急办（当日受理，三日内办理并反馈）",
      acceptWithin: { days: 1, counting: "working" },
      answerWithin: { days: 3, counting: "calendar" },
      extension: { maxDays: 7, times: 1 },
      progressEveryDays: 1,
      remindDaysBefore: [1],
      unacceptedAfterHours: 1,
      escalation: [
        { to: "unit_head", afterWorkingDays: 0 },
        { to: "responsible_leader", afterWorkingDays: 1 },
        { to: "petition_office", afterWorkingDays: 1 },
      ],
      followUp: standardFollowUp,
    },
    {
      id: "leader",
      name: "领导包案（一周内办结）",
      acceptWithin: { days: 1, counting: "working" },
      answerWithin: { days: 7, counting: "calendar" },
      extension: { maxDays: 7, times: 1 },
      progressEveryDays: 3,
      remindDaysBefore: [2, 1],
      unacceptedAfterHours: 4,
      escalation,
      followUp: standardFollowUp,
    },
    {
      id: "leader-major",
      name: "重大事项领导包案（两周内办结）",
      acceptWithin: { days: 1, counting: "working" },
      answerWithin: { days: 14, counting: "calendar" },
      extension: { maxDays: 14, times: 1 },
      progressEveryDays: 3,
      remindDaysBefore: [3, 1],
      unacceptedAfterHours: 4,
      escalation,
      followUp: standardFollowUp,
    },
  ],
  rules: [
    { categoryId: null, priority: "important", leaderHeld: null, policyId: "important" },
    { categoryId: null, priority: "urgent", leaderHeld: null, policyId: "urgent" },
    { categoryId: null, priority: null, leaderHeld: true, policyId: "leader" },
    { categoryId: null, priority: "important", leaderHeld: true, policyId: "leader-major" },
  ],
};

export const deadlinePresets = { national, local } as const;
export type DeadlinePresetName = keyof typeof deadlinePresets;
