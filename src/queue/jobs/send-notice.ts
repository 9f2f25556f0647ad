import { z } from "zod";
import { defineJob } from "./define-job";

/** Deliver one outbox row. The row holds everything; the job only points at it. */
export const sendNoticeJob = defineJob("send-notice", z.object({ outboxId: z.uuid() }));

export const sendNoticeJobId = (outboxId: string) => `outbox-${outboxId}`;
