/**
 * Wake (a timer fired, or the sweep found the case due): Minqing re-reads the case against the
 * clock and takes the timer steps whose time has come (src/deadlines/schedule.ts) — reminders,
 * escalations, progress notices — each as an event with its level, each once: its key joins the
 * case's deadlines.fired and its row is unique (case, kind, date, level, day), so a timer and the
 * sweep deciding the same step at once take it once (the second commit finds the case moved on).
 *
 * Who hears a step is decided here and kept in the event, so the record shows who was told:
 * a handler who is away today is stood in for (补位) by their stand-in, else the unit head.
 */
import { isAccused } from "../accused";
import type { Actor, Case } from "../case";
import { caseEventTypes, type CaseEvent } from "../events";
import { proceed, refuse, type Decision } from "../outcome";
import { addDays, dayInZone } from "../../kernel/dates";
import { dueSteps, nextWakeUp, stepKey, type ScheduleContext, type TimerStep } from "../../deadlines/schedule";
import type { EscalationStep } from "../../deadlines/policy";
import type { Official, OrgSnapshot } from "../../org/types";

export function decideWake(current: Case, actor: Actor, now: Date, ctx: ScheduleContext): Decision {
  if (actor.kind !== "system") return refuse("not_allowed", "only Minqing's timers wake a case");
  if (!current.deadlines) return refuse("already_done", `case ${current.trackingCode} has no deadlines`);
  const due = dueSteps(current, now, ctx);
  if (due.length === 0) {
    // Woken for nothing: a timer set before the calendar changed. The case's wake-up time is set
    // right (decide() recomputes it), so the sweep does not find it due again and again.
    if (nextWakeUp(current, ctx)?.getTime() !== current.nextWakeAt?.getTime()) return proceed(current, {}, []);
    return refuse("already_done", `nothing of case ${current.trackingCode} is due at ${now.toISOString()}`);
  }
  const taken = stepsToTake(due);
  const today = dayInZone(now, ctx.timeZone);
  const events = taken.map((step) => stepEvent(current, step, now, today, ctx.org));
  // Every due step is spent, taken or superseded: a superseded one is never taken later.
  const deadlines = { ...current.deadlines, fired: [...current.deadlines.fired, ...due.map(stepKey)] };
  return proceed(current, { deadlines }, events, { timerSteps: taken });
}

/**
 * Of the steps due at once (the case woke late: Redis lost its timer, the process was down), the
 * ones still worth taking. A passed date makes its reminders pointless: escalation says more.
 * Of several reminders, only the latest ("due today" rather than "due in two days"); of several
 * progress notices, only the latest. Every escalation level due is taken: each reaches someone else.
 */
export function stepsToTake(due: readonly TimerStep[]): TimerStep[] {
  const overdue = due.filter((step) => step.kind === "overdue");
  const reminders = overdue.length > 0 ? [] : latest(due.filter((step) => step.kind === "due_soon" || step.kind === "due_today"));
  const unaccepted = overdue.length > 0 ? [] : due.filter((step) => step.kind === "unaccepted");
  const progress = latest(due.filter((step) => step.kind === "progress"));
  // The survey: asked once however late the wake (its latest ask); given up, the handler revisits.
  const givenUp = due.filter((step) => step.kind === "survey_unanswered");
  const asked = givenUp.length > 0 ? [] : latest(due.filter((step) => step.kind === "survey" || step.kind === "survey_reminder"));
  return [...unaccepted, ...reminders, ...overdue, ...progress, ...asked, ...givenUp].sort((a, b) => a.at.getTime() - b.at.getTime());
}

const latest = (steps: TimerStep[]) => (steps.length === 0 ? [] : [steps.reduce((a, b) => (b.at >= a.at ? b : a))]);

function stepEvent(current: Case, step: TimerStep, now: Date, today: string, org: OrgSnapshot): Omit<CaseEvent, "seq"> {
  const base = { at: now, actor: { kind: "system" } as const, fromState: current.state, toState: current.state, unitId: current.unitId, officialId: current.officialId };
  const what = { kind: step.kind, level: step.level, date: step.date, day: step.day };
  if (step.kind === "survey" || step.kind === "survey_reminder" || step.kind === "survey_unanswered") return surveyEvent(current, step, what, now, org);
  if (step.kind === "progress") {
    const dueBy = current.answerBy ?? current.acceptBy;
    // A date already passed is not promised again: the petitioner hears it is late and pressed.
    const late = dueBy !== null && dueBy < today;
    return { ...base, type: caseEventTypes.progressReported, visibility: "petitioner", payload: { ...what, dueBy, ...(late ? { late } : {}) } };
  }
  if (step.kind === "overdue") {
    const escalation = current.deadlines!.policy.escalation[step.level - 1]!;
    const to = escalationRecipients(current, escalation, org);
    const lateDays = daysBetween(step.day, today);
    return { ...base, type: caseEventTypes.escalated, visibility: "internal", reason: `${step.date} ${step.day} passed`, payload: { ...what, role: to.role, to: to.ids, lateDays } };
  }
  if (step.kind === "unaccepted") {
    return { ...base, type: caseEventTypes.reminded, visibility: "internal", payload: { ...what, role: "unit_head", to: unitHeads(current, org) } };
  }
  const to = handlerOrStandIn(current, today, org);
  return { ...base, type: caseEventTypes.reminded, visibility: "internal", payload: { ...what, ...to } };
}

/**
 * A survey step's event. Each records the unit and official whose answer it concerns, so figures
 * stay with them after a transfer; an unanswered survey names who is to revisit.
 */
function surveyEvent(current: Case, step: TimerStep, what: Record<string, unknown>, now: Date, org: OrgSnapshot): Omit<CaseEvent, "seq"> {
  const answeredBy = current.handling.answer?.byOfficialId ?? current.officialId;
  const base = { at: now, actor: { kind: "system" } as const, fromState: current.state, toState: current.state, unitId: current.unitId, officialId: answeredBy };
  if (step.kind === "survey_unanswered") {
    const handler = answeredBy ? org.officials.find((o) => o.id === answeredBy && tellable(current)(o)) : undefined;
    return { ...base, type: caseEventTypes.surveyUnanswered, visibility: "internal", payload: { ...what, to: handler ? [handler.id] : unitHeads(current, org) } };
  }
  return { ...base, type: step.kind === "survey" ? caseEventTypes.surveySent : caseEventTypes.surveyReminded, visibility: "petitioner", payload: what };
}

/** Calendar days from `from` to `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  let n = 0;
  for (let day = from; day < to && n < 10_000; day = addDays(day, 1)) n++;
  return n;
}

/** Those who may be told of the case: active, and not accused by it. */
const tellable = (current: Case) => (o: Official) => o.active && !isAccused(o, current.handling.accused);

function unitHeads(current: Case, org: OrgSnapshot): string[] {
  const heads = org.officials.filter((o) => tellable(current)(o) && o.unitId === current.unitId && o.roles.includes("unit_head")).map((o) => o.id);
  return heads.length > 0 ? heads : officeAdmins(current, org);
}

function officeAdmins(current: Case, org: OrgSnapshot): string[] {
  return org.officials.filter((o) => tellable(current)(o) && o.roles.includes("petition_office_admin")).map((o) => o.id);
}

/**
 * The handler hears their reminders; one away today (补位) has them go to their stand-in, or the
 * unit head when they have none (or it is away too). A case nobody holds: the unit head.
 */
function handlerOrStandIn(current: Case, today: string, org: OrgSnapshot): { role: string; to: string[]; awayOfficialId?: string } {
  const handler = current.officialId ? org.officials.find((o) => o.id === current.officialId) : undefined;
  if (handler && tellable(current)(handler) && !isAway(handler, today)) return { role: "handling_official", to: [handler.id] };
  const standIn = handler?.standInId ? org.officials.find((o) => o.id === handler.standInId) : undefined;
  const away = handler ? { awayOfficialId: handler.id } : {};
  if (standIn && tellable(current)(standIn) && !isAway(standIn, today)) return { role: "stand_in", to: [standIn.id], ...away };
  return { role: "unit_head", to: unitHeads(current, org), ...away };
}

const isAway = (official: Official, day: string) => official.absences.some((a) => a.from <= day && day <= a.to);

/**
 * An escalation level's recipients: the unit head; the responsible leader — the leader holding
 * the case (包案), else the unit's leaders, else the office; or the petition office.
 */
function escalationRecipients(current: Case, step: EscalationStep, org: OrgSnapshot): { role: EscalationStep["to"]; ids: string[] } {
  if (step.to === "unit_head") return { role: step.to, ids: unitHeads(current, org) };
  if (step.to === "petition_office") return { role: step.to, ids: officeAdmins(current, org) };
  const ok = tellable(current);
  const holder = current.leaderOfficialId ? org.officials.find((o) => o.id === current.leaderOfficialId && ok(o)) : undefined;
  if (holder) return { role: step.to, ids: [holder.id] };
  const leaders = org.officials.filter((o) => ok(o) && o.unitId === current.unitId && o.roles.includes("responsible_leader")).map((o) => o.id);
  return { role: step.to, ids: leaders.length > 0 ? leaders : officeAdmins(current, org) };
}
