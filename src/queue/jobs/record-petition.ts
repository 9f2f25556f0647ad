/**
 * Recording a confirmed petition: taken off the intake queue and recorded as a case (one
 * transaction, idempotent), then the notices the transaction wrote are queued. If the process dies
 * between the commit and the queueing, the outbox relay queues them later. A petition that cannot
 * be recorded after every attempt is not dropped in silence: the petitioner hears that it is
 * delayed, the petition office is alerted, and the failed job (kept a month) can be retried from
 * the queue.
 */
import type { Queue } from "bullmq";
import { z } from "zod";
import { hasPetitionContent } from "../../cases/petition-content";
import type { PetitionSubmission } from "../../cases/submission";
import { alertPetitionOffice } from "../../store/office-alerts";
import { notifyPetitionNotRecorded, recordPetition } from "../../casework/record-petition";
import { defineJob } from "./define-job";
import { enqueueNotices } from "./send-notice";

const attachment = z.object({
  kind: z.enum(["photo", "document", "voice", "video"]),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mimeType: z.string().max(200),
  size: z.number().int().nonnegative(),
  fileName: z.string().max(500).optional(),
  storageKey: z.string(),
  sourceFileId: z.string().optional(),
});

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
    contactName: z.string().max(60).optional(),
    contactPhone: z.string().max(20).optional(),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
    submittedAt: z.iso.datetime(),
  })
  .refine(hasPetitionContent, "a petition needs a description that tells something, or an attachment");

export const recordPetitionJob = defineJob({
  name: "record-petition",
  schema,
  options: {
    attempts: 10,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    // Kept for a month so an operator can see and retry a petition that could not be stored.
    removeOnFail: { age: 30 * 24 * 3600 },
  },
  async handle(submission, ctx, { job }): Promise<{ trackingCode: string; created: boolean }> {
    const recorded = await recordPetition({ db: ctx.db, clock: ctx.clock, timeZone: ctx.timeZone, org: await ctx.org() }, submission);
    await enqueueNotices(
      ctx.queues.outbound,
      recorded.pendingOutboxIds.map((id) => ({ id })),
    );
    ctx.log.info({ jobId: job.id, petitionId: recorded.petitionId, trackingCode: recorded.trackingCode, created: recorded.created }, "petition recorded");
    return { trackingCode: recorded.trackingCode, created: recorded.created };
  },
  async onFinalFailure(ctx, { jobId, data }) {
    const rows = await alertPetitionOffice(ctx.db, ctx.clock, { messageKey: "notice_not_recorded_office", params: { job: jobId }, dedupKey: `not-recorded-office:${jobId}` });
    // Malformed data names no petitioner to tell; the office still hears of it.
    const parsed = schema.safeParse(data);
    if (parsed.success) rows.push(...(await notifyPetitionNotRecorded(ctx.db, ctx.clock, parsed.data, jobId)));
    await enqueueNotices(ctx.queues.outbound, rows, ctx.clock.now().getTime());
  },
});

/** BullMQ job ids may not be integers or contain ":"; derived from the draft, so adding twice is a no-op. */
export const recordPetitionJobId = (idempotencyKey: string) => `intake-${idempotencyKey}`;

/** Adds a confirmed petition; a second add of the same confirmation is a no-op while the job exists. */
export async function enqueuePetition(intake: Queue, submission: PetitionSubmission): Promise<void> {
  const data = recordPetitionJob.parse(submission);
  await intake.add(recordPetitionJob.name, data, { ...recordPetitionJob.options, jobId: recordPetitionJobId(data.idempotencyKey) });
}
