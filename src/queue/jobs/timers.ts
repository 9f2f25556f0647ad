/**
 * Deadline timers on the queue (src/casework/wake-cases.ts does the work). `wake-case` is a
 * delayed job set for the moment a case's next step is due, with an id from the case and that
 * moment, so setting the same wake-up twice adds one job and a moved date adds another (the stale
 * one wakes the case for nothing and is refused). `sweep-timers` runs on a BullMQ job scheduler
 * (one schedule in Redis, however many timer processes upsert it) and wakes whatever is due that
 * lost its timer: Redis flushed, a job removed, a process down at the moment.
 */
import type { Queue } from "bullmq";
import { z } from "zod";
import { sweepDueCases, wakeCase } from "../../casework/wake-cases";
import type { JobContext } from "./context";
import { cappedBackoff, defineJob } from "./define-job";
import { enqueueNotices } from "./send-notice";
import type { WorkCalendar } from "../../deadlines/calendar";
import { uncoveredYears } from "../../deadlines/coverage";
import { dayInZone } from "../../kernel/dates";
import { alertPetitionOffice } from "../../store/office-alerts";

export const wakeCaseJob = defineJob({
  name: "wake-case",
  schema: z.object({ caseId: z.uuid() }),
  options: { attempts: 5, backoff: cappedBackoff(5_000), removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
  async handle({ caseId }, ctx) {
    const result = await wakeCase(await runDeps(ctx), caseId);
    if (!result.ok) return result.refusal.code;
    await queueCommitted(ctx, [{ caseId, outboxIds: result.outboxIds, wakeAt: result.wakeAt }]);
    return "woken";
  },
});

export const sweepTimersJob = defineJob({
  name: "sweep-timers",
  schema: z.object({}),
  // The next run of the schedule is the retry: a failed sweep is not repeated on its own.
  options: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  async handle(_data, ctx) {
    const deps = await runDeps(ctx);
    const swept = await sweepDueCases(deps);
    await queueCommitted(ctx, swept.committed);
    await warnOfUncoveredCalendar(ctx, deps.org.office.calendar);
    if (swept.found > 0) ctx.log.info({ component: "timers", found: swept.found, woken: swept.woken }, "sweep woke cases that were due");
    return { found: swept.found, woken: swept.woken };
  },
});

/** The petition office hears, once per year, of a year the calendar file should have and does not. */
async function warnOfUncoveredCalendar(ctx: JobContext, calendar: WorkCalendar): Promise<void> {
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  for (const year of uncoveredYears(calendar, today)) {
    const rows = await alertPetitionOffice(ctx.db, ctx.clock, { messageKey: "notice_calendar_uncovered", params: { year, from: today }, dedupKey: `calendar-uncovered:${year}` });
    await enqueueNotices(ctx.queues.outbound, rows);
    if (rows.length > 0) ctx.log.warn({ component: "timers", year }, "the working-day calendar does not cover a year dates now reach: the petition office was told");
  }
}

const runDeps = async (ctx: JobContext) => ({ db: ctx.db, clock: ctx.clock, org: await ctx.org(), timeZone: ctx.timeZone });

/** After a wake's commit: its notices go out, and the case's next wake-up is set. */
async function queueCommitted(ctx: JobContext, committed: { caseId: string; outboxIds: string[]; wakeAt: Date | null }[]): Promise<void> {
  await enqueueNotices(ctx.queues.outbound, committed.flatMap((c) => c.outboxIds.map((id) => ({ id }))));
  const now = ctx.clock.now();
  for (const c of committed) if (c.wakeAt) await scheduleWake(ctx.queues.timers, c.caseId, c.wakeAt, now);
}

export const wakeCaseJobId = (caseId: string, at: Date) => `wake-${caseId}-${at.getTime()}`;

/** Sets the case's timer for `at` (domain time: the delay is counted from the clock's now). */
export async function scheduleWake(queue: Queue, caseId: string, at: Date, now: Date): Promise<void> {
  await queue.add(wakeCaseJob.name, wakeCaseJob.parse({ caseId }), { ...wakeCaseJob.options, jobId: wakeCaseJobId(caseId, at), delay: Math.max(0, at.getTime() - now.getTime()) });
}

export const sweepSchedulerId = "sweep-timers";

/** The sweep's schedule, every `everyMs`; upserting it again (another process, a restart) changes nothing. */
export async function scheduleSweep(queue: Queue, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(sweepSchedulerId, { every: everyMs }, { name: sweepTimersJob.name, data: {}, opts: sweepTimersJob.options });
}
