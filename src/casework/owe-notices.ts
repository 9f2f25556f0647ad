import type { Case } from "../cases/case";
import { caseEventTypes, type CaseEvent } from "../cases/events";
import type { Outcome } from "../cases/outcome";
import { openStates } from "../cases/states";
import { outsideQuietHours, withinWorkingHours } from "../deadlines/working-hours";
import type { OwedNotice } from "../kernel/notices";
import { timerNoticePurposes } from "../notices/deadlines";
import { followUpNoticePurposes } from "../notices/followup";
import { noticesFor } from "../notices/policy";
import type { OrgSnapshot } from "../org/types";
import type { Tx } from "../store/client";
import { reachableOfficials } from "../store/intake-store";

export interface OweContext {
  org: OrgSnapshot;
  timeZone: string;
  now: Date;
  /** The case before the outcome; none for a new one. */
  before?: Case;
}

/**
 * Adds to an outcome the notices its events owe, knowing which of the officials named can be told
 * in chat, each at the time it may be sent; and, when the case closed or its date moved, cancels
 * the timer notices still pending (a reminder of a date that no longer holds). `intakeDelayed`:
 * the petitioner and the office were told the petition was delayed.
 */
export async function oweNotices(tx: Tx, outcome: Outcome, ctx: OweContext, extra: { intakeDelayed?: boolean } = {}): Promise<Outcome> {
  const { org } = ctx;
  const named = outcome.events.flatMap((event) => (event.officialId ? [event.officialId] : []));
  // nobody unreached: whether the heads of the units named can be told decides who must step in.
  const units = new Set(outcome.events.flatMap((event) => (event.unitId ? [event.unitId] : [])));
  named.push(...org.officials.filter((o) => o.active && units.has(o.unitId) && o.roles.includes("unit_head")).map((o) => o.id));
  const notices = noticesFor(outcome.events, outcome.next, { org, reachableOfficials: await reachableOfficials(tx, named), ...extra });
  const bySeq = new Map(outcome.events.map((event) => [event.seq, event]));
  // A new case's notices answer the petitioner's own message (the acknowledgement): none waits.
  const timed = outcome.creation ? notices : notices.map((notice) => timedNotice(notice, bySeq.get(notice.eventSeq), ctx));
  return { ...outcome, notices: timed, ...withTimersCancelled(outcome, ctx.before) };
}

const timerEvents: readonly string[] = [
  caseEventTypes.reminded,
  caseEventTypes.escalated,
  caseEventTypes.progressReported,
  // follow-up (回访): the survey and its reminders (petitioners: not at night), the revisit task (working hours)
  caseEventTypes.surveySent,
  caseEventTypes.surveyReminded,
  caseEventTypes.surveyUnanswered,
];

/**
 * When a notice may go out. A petitioner is not woken by anything they did not just do themselves
 * (an official's step at night, a progress notice): it waits for the end of the quiet hours. An
 * official's reminder or escalation keeps working hours. Everything else goes now: an official
 * answers for a new urgent case at any hour, and a citizen expects the reply to their own message.
 */
function timedNotice(notice: OwedNotice, event: CaseEvent | undefined, ctx: OweContext): OwedNotice {
  if (!event) return notice;
  const { office } = ctx.org;
  const petitioner = "personId" in notice.recipient;
  const byThemselves = event.actor.kind === "person" && petitioner && event.actor.id === (notice.recipient as { personId: string }).personId;
  const at = petitioner ? (byThemselves ? ctx.now : outsideQuietHours(office, ctx.now, ctx.timeZone)) : timerEvents.includes(event.type) ? withinWorkingHours(office, ctx.now, ctx.timeZone) : ctx.now;
  return at.getTime() > ctx.now.getTime() ? { ...notice, notBefore: at } : notice;
}

/**
 * A case that is no longer open, or whose date moved, has its pending timer notices cancelled
 * (the outbox's `cancelled` status): the reminder held to the morning speaks of a date that no
 * longer holds. What the wake itself owes is not cancelled by it.
 */
function withTimersCancelled(outcome: Outcome, before: Case | undefined): Pick<Outcome, "cancelNotices"> {
  const after = outcome.next;
  if (!before || outcome.events.some((event) => timerEvents.includes(event.type))) return outcome.cancelNotices ? { cancelNotices: outcome.cancelNotices } : {};
  const closed = isOpen(before) && !isOpen(after);
  // Accepted: what was pending about acceptance is past.
  const moved = before.acceptBy !== after.acceptBy || before.answerBy !== after.answerBy || (before.state === "registered") !== (after.state === "registered");
  // Rated (the petitioner answered, an official revisited) or no longer answered: the survey still held for the morning is moot.
  const surveyMoot = before.state === "answered" && !before.handling.revisit && (after.handling.revisit !== undefined || after.state !== "answered");
  const cancel = [...(closed || moved ? timerNoticePurposes : []), ...(surveyMoot ? followUpNoticePurposes : [])];
  if (cancel.length === 0) return outcome.cancelNotices ? { cancelNotices: outcome.cancelNotices } : {};
  return { cancelNotices: [...(outcome.cancelNotices ?? []), ...cancel] };
}

const isOpen = (current: Pick<Case, "state">) => (openStates as readonly string[]).includes(current.state);
