/**
 * A petition not recorded in time (PETITION_DELAY_NOTICE_SECONDS after it was confirmed): the
 * petitioner hears that it is kept and will be recorded, and the petition office hears of it, once.
 * Added by the intake job when an attempt fails, due at the submission's time plus the threshold,
 * so a petition recorded at its first attempt costs nothing here. Everything it needs is in Redis
 * (the intake job's state, the "told" mark, the office's identities): PostgreSQL is usually the
 * thing that is down. The notices go directly (./tell-directly.ts), not through the outbox.
 */
import type { Queue } from "bullmq";
import { z } from "zod";
import type { PetitionSubmission } from "../../cases/submission";
import { officeContactsNow } from "../office-contacts";
import type { JobContext } from "./context";
import { cappedBackoff, defineJob } from "./define-job";
import { chatIdentityOf, tellDirectly } from "./tell-directly";

const schema = z.object({
  idempotencyKey: z.string().min(8).max(100),
  /** The intake job recording it, whose state says whether it is recorded meanwhile. */
  intakeJobId: z.string(),
  user: z.object({ channel: z.enum(["telegram", "wechat", "terminal"]), botAccount: z.string(), platformId: z.string() }),
  language: z.enum(["zh-CN", "en"]),
  submittedAt: z.iso.datetime(),
});

export type DelayCheck = "off" | "recorded" | "given_up" | "told_before" | "told";

export const petitionDelayedJob = defineJob({
  name: "petition-delayed",
  schema,
  options: {
    attempts: 5,
    backoff: cappedBackoff(5_000),
    // Kept a day, so a later failed attempt adding the check again finds it and adds nothing.
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  async handle(check, ctx, { job }): Promise<DelayCheck> {
    if (!ctx.intakeDelay) return "off";
    const { notes } = ctx.intakeDelay;
    const intake = await ctx.queues.intake.getJob(check.intakeJobId);
    // A job waiting, active or between attempts is never removed: gone means recorded and cleaned up.
    const state = intake ? await intake.getState() : "completed";
    if (state === "completed") return "recorded";
    // Out of attempts: its final failure tells them, in other words.
    if (state === "failed") return "given_up";
    if (await notes.wasTold(check.idempotencyKey)) return "told_before";

    const now = ctx.clock.now();
    const minutes = Math.max(1, Math.round((now.getTime() - Date.parse(check.submittedAt)) / 60_000));
    await tellDirectly(ctx, { to: [chatIdentityOf(check.user, check.language)], message: { key: "notice_delayed", params: {} }, dedupKey: `delayed:${check.idempotencyKey}` });
    for (const admin of await officeContactsNow(ctx.db, notes, ctx.log)) {
      await tellDirectly(ctx, {
        to: admin.identities,
        message: { key: "notice_delayed_office", params: { job: check.intakeJobId, minutes } },
        dedupKey: `delayed-office:${check.idempotencyKey}:${admin.officialId}`,
      });
    }
    // Marked once the notices are queued: a retry before this re-adds them, which is a no-op.
    await notes.markTold(check.idempotencyKey, now);
    ctx.log.warn({ jobId: job.id, intakeJobId: check.intakeJobId, minutes }, "petition delayed: petitioner and petition office told");
    return "told";
  },
});

export const petitionDelayedJobId = (idempotencyKey: string) => `delay-${idempotencyKey}`;

/**
 * After a failed attempt: checks, at the submission's time plus the threshold, whether the petition
 * is recorded by then. Added again by every failed attempt, a no-op while the check exists.
 */
export async function scheduleDelayCheck(ctx: Pick<JobContext, "intakeDelay" | "clock">, intake: Queue, submission: Pick<PetitionSubmission, "idempotencyKey" | "user" | "language" | "submittedAt">, intakeJobId: string): Promise<void> {
  if (!ctx.intakeDelay) return;
  const data = petitionDelayedJob.parse({
    idempotencyKey: submission.idempotencyKey,
    intakeJobId,
    user: submission.user,
    language: submission.language,
    submittedAt: submission.submittedAt,
  });
  await intake.add(petitionDelayedJob.name, data, { ...petitionDelayedJob.options, jobId: petitionDelayedJobId(submission.idempotencyKey), delay: delayDueIn(ctx, submission) });
}

/** Milliseconds until the petition has waited the threshold since its submission (0 when it has). */
function delayDueIn(ctx: Pick<JobContext, "intakeDelay" | "clock">, submission: Pick<PetitionSubmission, "submittedAt">): number {
  const due = Date.parse(submission.submittedAt) + (ctx.intakeDelay?.noticeAfterMs ?? 0);
  return Math.max(0, due - ctx.clock.now().getTime());
}
