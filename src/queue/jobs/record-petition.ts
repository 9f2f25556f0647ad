/**
 * Recording a confirmed petition: taken off the intake queue and recorded as a case (one
 * transaction, idempotent), then the notices the transaction wrote are queued. If the process dies
 * between the commit and the queueing, the outbox relay queues them later. A petition that cannot
 * be recorded is not left in silence: once it has waited PETITION_DELAY_NOTICE_SECONDS the
 * petitioner and the petition office hear that it is delayed (./petition-delayed.ts) and its
 * acknowledgement, when it comes, says the wait is over; after every attempt the petitioner hears
 * that staff take it from there, the office is alerted, and the failed job (kept a month) can be
 * retried from the queue.
 */
import type { Queue } from "bullmq";
import { z } from "zod";
import { hasPetitionContent } from "../../cases/petition-content";
import type { PetitionSubmission } from "../../cases/submission";
import { alertPetitionOffice } from "../../store/office-alerts";
import { notifyPetitionNotRecorded, recordPetition } from "../../casework/record-petition";
import { emergencyNumbers, priorities, visitKinds } from "../../kernel/answers";
import { isSealed } from "../../kernel/sealed";
import { officeContactsNow } from "../office-contacts";
import type { JobContext } from "./context";
import { cappedBackoff, defineJob } from "./define-job";
import { petitionDelayedJobId, scheduleDelayCheck } from "./petition-delayed";
import { enqueueNotices } from "./send-notice";
import { scheduleWake } from "./timers";
import { chatIdentityOf, tellDirectly } from "./tell-directly";

const attachment = z.object({
  kind: z.enum(["photo", "document", "voice", "video"]),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mimeType: z.string().max(200),
  size: z.number().int().nonnegative(),
  fileName: z.string().max(500).optional(),
  storageKey: z.string(),
  sourceFileId: z.string().optional(),
});

/** Sealed (src/privacy), or clear in a petition queued before sealing began (sealed when recorded). */
const contactField = (clearMax: number) => z.string().refine((value) => value.length <= (isSealed(value) ? 1000 : clearMax), `must be at most ${clearMax} characters`);

/** A confirmed petition, carried from the conversation to the case store. */
const schema = z
  .object({
    idempotencyKey: z.string().min(8).max(100),
    user: z.object({ channel: z.enum(["telegram", "wechat", "terminal"]), botAccount: z.string(), platformId: z.string() }),
    language: z.enum(["zh-CN", "en"]),
    categoryId: z.string(),
    areaId: z.string(),
    description: z.string().max(20_000),
    attachments: z.array(attachment).max(50),
    anonymous: z.boolean(),
    contactName: contactField(60).optional(),
    contactPhone: contactField(20).optional(),
    contactPhoneHash: z.string().max(100).optional(),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
    /** A conduct complaint's accused: the petitioner's words and the organisation's ids they matched. */
    accused: z.string().max(500).optional(),
    accusedUnitId: z.string().max(100).optional(),
    accusedOfficialId: z.string().max(100).optional(),
    submittedAt: z.iso.datetime(),
    // visits: recorded by this cadre for a citizen (the record-petition step checks the account is theirs)
    visit: z.object({ kind: z.enum(visitKinds), officialId: z.string().max(200) }).optional(),
    // priority (急事急办): proposed by the conversation, with the urgent words that raised it
    priority: z.enum(priorities).optional(),
    urgency: z.object({ words: z.array(z.string().max(40)).max(50), calls: z.array(z.enum(emergencyNumbers)).max(3) }).optional(),
  })
  .refine(hasPetitionContent, "a petition needs a description that tells something, or an attachment");

export const recordPetitionJob = defineJob({
  name: "record-petition",
  schema,
  options: {
    // About half an hour of retrying (waits from 2 s doubling to 30 s) before the office takes over.
    attempts: 60,
    backoff: cappedBackoff(2_000),
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    // Kept for a month so an operator can see and retry a petition that could not be stored.
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  async handle(submission, ctx, { job }): Promise<{ trackingCode: string; created: boolean }> {
    // Only a retry can follow a delay notice: a first attempt reads nothing more from Redis.
    const retry = job.attemptsMade > 0 || (job.attemptsStarted ?? 0) > 1;
    const delayTold = retry && ctx.intakeDelay ? await ctx.intakeDelay.notes.wasTold(submission.idempotencyKey) : false;
    let recorded;
    try {
      recorded = await recordPetition({ db: ctx.db, clock: ctx.clock, timeZone: ctx.timeZone, org: await ctx.org(), privacy: ctx.privacy }, submission, { delayTold });
    } catch (error) {
      // Not recorded yet: whether that lasts past the threshold is checked then (once per petition).
      // A database host that does not answer fails an attempt too: Prisma gives up starting a
      // transaction after 2 s.
      await scheduleDelayCheck(ctx, ctx.queues.intake, submission, job.id ?? recordPetitionJobId(submission.idempotencyKey)).catch((scheduleError: unknown) =>
        ctx.log.error({ component: "bullmq", jobId: job.id, error: String(scheduleError) }, "delay check not scheduled"),
      );
      throw error;
    }
    // Recorded after a failed attempt: the delay check waiting for it has nothing left to do.
    if (retry) await ctx.queues.intake.remove(petitionDelayedJobId(submission.idempotencyKey)).catch(() => {});
    await enqueueNotices(
      ctx.queues.outbound,
      recorded.pendingOutboxIds.map((id) => ({ id })),
    );
    // deadlines: the new case's first timer (nobody accepted it in time…); the sweep catches a lost one.
    if (recorded.wakeAt) await scheduleWake(ctx.queues.timers, recorded.petitionId, recorded.wakeAt, ctx.clock.now());
    ctx.log.info({ jobId: job.id, petitionId: recorded.petitionId, trackingCode: recorded.trackingCode, created: recorded.created, delayTold }, "petition recorded");
    return { trackingCode: recorded.trackingCode, created: recorded.created };
  },
  async onFinalFailure(ctx, { jobId, data }) {
    // Malformed data names no petitioner to tell; the office still hears of it.
    const parsed = schema.safeParse(data);
    const submission = parsed.success ? parsed.data : undefined;
    const delayTold = submission && ctx.intakeDelay ? await ctx.intakeDelay.notes.wasTold(submission.idempotencyKey).catch(() => false) : false;
    try {
      const rows = await alertPetitionOffice(ctx.db, ctx.clock, { messageKey: "notice_not_recorded_office", params: { job: jobId }, dedupKey: `not-recorded-office:${jobId}` });
      if (submission) rows.push(...(await notifyPetitionNotRecorded(ctx.db, ctx.clock, submission, jobId, { delayTold })));
      await enqueueNotices(ctx.queues.outbound, rows, ctx.clock.now().getTime());
    } catch (error) {
      // Still no database: the same notices go directly, as the delay notices did.
      ctx.log.warn({ component: "postgres", jobId, error: String(error).split("\n")[0] }, "final failure told directly: the outbox cannot be written");
      await tellFinalFailureDirectly(ctx, jobId, submission, delayTold);
    }
  },
});

async function tellFinalFailureDirectly(ctx: JobContext, jobId: string, submission: Pick<PetitionSubmission, "user" | "language"> | undefined, delayTold: boolean): Promise<void> {
  if (submission) {
    const key = delayTold ? "notice_not_recorded_after_delay" : "notice_not_recorded";
    await tellDirectly(ctx, { to: [chatIdentityOf(submission.user, submission.language)], message: { key, params: {} }, dedupKey: `not-recorded:${jobId}` });
  }
  if (!ctx.intakeDelay) return;
  for (const admin of await officeContactsNow(ctx.db, ctx.intakeDelay.notes, ctx.log)) {
    await tellDirectly(ctx, { to: admin.identities, message: { key: "notice_not_recorded_office", params: { job: jobId } }, dedupKey: `not-recorded-office:${jobId}:${admin.officialId}` });
  }
}

/** BullMQ job ids may not be integers or contain ":"; derived from the draft, so adding twice is a no-op. */
export const recordPetitionJobId = (idempotencyKey: string) => `intake-${idempotencyKey}`;

/** As queued: sealed, or read back (from the kept copy) as written before sealing began. */
type QueuedData = z.infer<typeof schema>;

/** Adds a confirmed petition; a second add of the same confirmation is a no-op while the job exists. */
export async function enqueuePetition(intake: Queue, submission: PetitionSubmission | QueuedData): Promise<void> {
  const data = recordPetitionJob.parse(submission);
  await intake.add(recordPetitionJob.name, data, { ...recordPetitionJob.options, jobId: recordPetitionJobId(data.idempotencyKey) });
}
