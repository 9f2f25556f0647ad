/**
 * Telling someone a notice without an outbox row: for what must reach people while PostgreSQL is
 * down (a petition that cannot be recorded yet). The job carries the recipient's chat identities
 * (preferred first) and the typed notice; the text is rendered when it is sent, in the identity's
 * language and its channel's idiom, and sent like every notice (../send-message.ts: what the
 * platform accepted is kept in the sent ledger, so a retry does not send it again). Its job id
 * comes from a de-duplication key, so one notice is queued once however often it is asked for. Runs on the outbound queue
 * and on the own queues of WeChat and of terminal processes: a WeChat recipient is handed over to the
 * process logged in to WeChat, a terminal one to the process where that terminal is open.
 */
import { createHash } from "node:crypto";
import type { Queue } from "bullmq";
import { z } from "zod";
import type { ChannelName, Language } from "../../kernel/channel";
import type { NoticeMessage } from "../../kernel/notices";
import { standardOfficeDay } from "../../deadlines/promises";
import type { OrgSnapshot } from "../../org/types";
import { sendMessage } from "../send-message";
import type { JobContext } from "./context";
import { cappedBackoff, defineJob, waitingOutRetryAfter } from "./define-job";

const identity = z.object({
  channel: z.enum(["telegram", "wechat", "terminal"]),
  botAccount: z.string(),
  platformId: z.string(),
  language: z.enum(["zh-CN", "en"]),
});
export type ChatIdentity = z.infer<typeof identity>;

const schema = z.object({
  /** The recipient's identities, preferred first; the first this deployment can reach is used. */
  to: z.array(identity).min(1),
  /** A notice key of src/kernel/notices.ts and its parameters, checked by its presenter when rendered. */
  message: z.object({ key: z.string(), params: z.record(z.string(), z.unknown()) }),
  dedupKey: z.string().min(1),
});

export type DirectResult = "sent" | "handed_off" | "undeliverable" | "away";

/** Names are not needed by the notices sent this way; without the database there may be no organisation to read. */
const noOrg: OrgSnapshot = { areas: [], units: [], officials: [], categories: [], rules: [], deadlinePolicies: [], deadlineRules: [], office: standardOfficeDay };

export const tellDirectlyJob = defineJob({
  name: "tell-directly",
  schema,
  options: {
    attempts: 40,
    backoff: cappedBackoff(5_000),
    // Kept a week, so the same notice asked for again in that time is still a no-op.
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  handle: ({ to, message, dedupKey }, ctx, taken) =>
    waitingOutRetryAfter(taken, async (): Promise<DirectResult> => {
      const { job } = taken;
      // Without the database there may be no organisation to read; these notices name nothing from it.
      const deps = { ...ctx.delivery, org: () => ctx.org().catch(() => noOrg) };
      const sent = await sendMessage(deps, `direct-${job.id}`, { to, key: message.key, params: message.params, attachments: [] }, {
        // Only one process can send on that channel (WeChat's, the terminal's); its own queue carries it there.
        handOff: (queue) => addDirect(queue, tellDirectlyJob.parse(job.data)),
      });
      // No outbox row to park it in: a notice that cannot be delivered is dropped, and the log says so (never its text).
      if (sent.result === "undeliverable" || sent.result === "parked") ctx.log.warn({ component: "delivery", jobId: job.id, dedupKey, result: sent.result }, "direct notice not delivered");
      else ctx.log.info({ component: "delivery", jobId: job.id, dedupKey, key: message.key, result: sent.result }, "direct notice sent");
      return sent.result === "sent_before" ? "sent" : sent.result === "parked" ? "away" : sent.result;
    }),
});

/** BullMQ ids may not contain ":" (dedup keys do): the key's hash, prefixed. */
export const tellDirectlyJobId = (dedupKey: string) => `tell-${createHash("sha256").update(dedupKey).digest("hex").slice(0, 32)}`;

async function addDirect(queue: Queue, data: z.infer<typeof schema>): Promise<void> {
  await queue.add(tellDirectlyJob.name, data, { ...tellDirectlyJob.options, jobId: tellDirectlyJobId(data.dedupKey) });
}

/** Queues `message` for `to` on the outbound queue, once per `dedupKey`. */
export async function tellDirectly(ctx: Pick<JobContext, "queues">, notice: { to: ChatIdentity[]; message: NoticeMessage; dedupKey: string }): Promise<void> {
  if (notice.to.length === 0) return;
  await addDirect(ctx.queues.outbound, tellDirectlyJob.parse(notice));
}

/** The identity a petitioner wrote from, as the submission carries it. */
export function chatIdentityOf(user: { channel: ChannelName; botAccount: string; platformId: string }, language: Language): ChatIdentity {
  return { channel: user.channel, botAccount: user.botAccount, platformId: user.platformId, language };
}
