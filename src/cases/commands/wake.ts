/**
 * Wake (a timer fired, or the sweep found the case due): Minqing re-reads the case against the
 * clock and takes the timer steps whose time has come (src/deadlines/schedule.ts) — reminders,
 * escalations, progress notices — each as an event with its level, each once.
 */
import type { Actor, Case } from "../case";
import { dueSteps, type ScheduleContext } from "../../deadlines/schedule";
import { refuse, type Decision } from "../outcome";

export function decideWake(current: Case, actor: Actor, now: Date, ctx: ScheduleContext): Decision {
  if (actor.kind !== "system") return refuse("not_allowed", "only Minqing's timers wake a case");
  const due = dueSteps(current, now, ctx);
  if (due.length === 0) return refuse("already_done", `nothing of case ${current.trackingCode} is due at ${now.toISOString()}`);
  return refuse("already_done", "timer steps are not taken yet");
}
