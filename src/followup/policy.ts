/**
 * The follow-up (回访) a deadline policy promises after each answer: how soon the petitioner is
 * asked whether they are satisfied, when they are reminded, when an unanswered survey is given up
 * for a revisit by the handler, and how long they may ask for a review (复查; the national rules
 * give 30 days from receiving the answer, and as long again for a re-review, 复核). Part of the
 * policy a case copies, so a later change never shortens what a petitioner was told.
 */
export interface FollowUpPolicy {
  /** Hours after the answer was delivered that the survey goes out. */
  surveyAfterHours: number;
  /** Hours after the survey that each reminder goes out, in order. */
  remindAfterHours: number[];
  /** Hours after the survey with no reply that it counts as unanswered: the handler revisits. */
  giveUpAfterHours: number;
  /** Days from receiving an answer within which a review (and then a re-review) may be asked. */
  reviewWithinDays: number;
}

/** The national review window (信访工作条例: 收到书面答复之日起 30 日内). */
export const nationalReviewDays = 30;

/** A day to answer, reminders after two and five days, a week in all; the national review window. */
export const standardFollowUp: FollowUpPolicy = { surveyAfterHours: 24, remindAfterHours: [48, 120], giveUpAfterHours: 168, reviewWithinDays: nationalReviewDays };

/** The follow-up of a policy; cases promised before policies had one follow the standard. */
export function followUpOf(policy: { followUp?: FollowUpPolicy }): FollowUpPolicy {
  return policy.followUp ?? standardFollowUp;
}
