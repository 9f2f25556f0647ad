/**
 * Telling someone a notice without an outbox row: for what must reach people while PostgreSQL is
 * down (a petition that cannot be recorded yet). The job carries the recipient's chat identities
 * (preferred first) and the typed notice; the text is rendered when it is sent, in the identity's
 * language and its channel's idiom, like every notice. Its job id comes from a de-duplication
 * key, so one notice is queued once however often it is asked for. Runs on the outbound queue
 * and on WeChat's own queue: a WeChat recipient is handed over to the process logged in to WeChat.
 */
import { createHash } from "node:crypto";
import { DelayedError, UnrecoverableError, type Queue } from "bullmq";
import { z } from "zod";
import { RecipientAwayError, RetryAfterError, UndeliverableError } from "../../channels/sender";
import { splitText } from "../../conversation/split";
import { idiomOf, type ChannelName, type Language } from "../../kernel/channel";
import type { NoticeMessage } from "../../kernel/notices";
import { renderNotice, UnknownNoticeError } from "../../notices/render";
import type { OrgSnapshot } from "../../org/types";
import type { JobContext } from "./context";
import { defineJob } from "./define-job";

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
const noOrg: OrgSnapshot = { areas: [], units: [], officials: [], categories: [], rules: [], deadlinePolicies: [] };

export const tellDirectlyJob = defineJob({
  name: "tell-directly",
  schema,
  options: {
    attempts: 8,
    backoff: { type: "exponential", delay: 5_000 },
    // Kept a week, so the same notice asked for again in that time is still a no-op.
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  async handle({ to, message, dedupKey }, ctx, { job, token }): Promise<DirectResult> {
    const { delivery } = ctx;
    const target = await chooseTarget(ctx, to);
    if (!target) throw new Error(`no running channel among ${to.map((i) => i.channel).join(", ")}`);
    if (!delivery.senders.has(target.channel)) {
      // Only the process logged in to that channel (WeChat) can send; its own queue carries it there.
      await handOff(ctx, target.channel, job.data);
      return "handed_off";
    }
    const org = await ctx.org().catch(() => noOrg);
    const text = rendered(() => renderNotice(target.language, message.key, message.params, org, idiomOf(target.channel)));
    const sender = delivery.senders.get(target.channel)!;
    try {
      for (const part of splitText(text, sender.maxTextLength).filter((p) => p.trim().length > 0)) await sender.send(target, part);
    } catch (error) {
      if (error instanceof RetryAfterError) {
        // Waiting is not failing (queue time, as in send-notice).
        await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
        throw new DelayedError();
      }
      // No outbox row to park it in: the notice is dropped, and the log says so (never its text).
      if (error instanceof UndeliverableError || error instanceof RecipientAwayError) {
        ctx.log.warn({ jobId: job.id, dedupKey, channel: target.channel, errorType: error.name }, "direct notice not delivered");
        return error instanceof UndeliverableError ? "undeliverable" : "away";
      }
      throw error;
    }
    ctx.log.info({ jobId: job.id, dedupKey, key: message.key, channel: target.channel }, "direct notice sent");
    return "sent";
  },
});

/**
 * As for outbox rows (../delivery.ts): the first identity whose channel is live, a local sender or
 * a logged-in remote account; else the first this process can reach at all, to wait there.
 */
async function chooseTarget({ delivery }: JobContext, to: ChatIdentity[]): Promise<ChatIdentity | undefined> {
  const reachable = to.filter((i) => (!delivery.only || i.channel === delivery.only) && (delivery.senders.has(i.channel) || delivery.remote?.has(i.channel)));
  for (const identity of reachable) {
    if (delivery.senders.has(identity.channel)) return identity;
    if (await delivery.remote!.get(identity.channel)!.isOnline(identity.botAccount)) return identity;
  }
  return reachable[0];
}

/** A notice that cannot be rendered never will be: fail at once. */
function rendered(render: () => string): string {
  try {
    return render();
  } catch (error) {
    if (error instanceof UnknownNoticeError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

async function handOff(ctx: JobContext, channel: ChannelName, data: unknown): Promise<void> {
  if (channel !== "wechat") throw new Error(`no sender for ${channel} in this process`);
  const parsed = tellDirectlyJob.parse(data);
  await addDirect(ctx.queues.wechat, parsed);
}

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
