import { z } from "zod";
import { defineJob } from "./define-job";

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
export const recordPetitionJob = defineJob(
  "record-petition",
  z.object({
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
  }).refine((petition) => petition.description.trim().length > 0 || petition.attachments.length > 0, "a petition needs a description or an attachment"),
);

/** BullMQ job ids may not be integers or contain ":"; derived from the draft, so adding twice is a no-op. */
export const recordPetitionJobId = (idempotencyKey: string) => `intake-${idempotencyKey}`;
