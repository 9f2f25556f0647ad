/**
 * Delivers outbox rows. The channel is chosen now: the recipient's preferred identity whose channel
 * is live, else the next one (an official bound on Telegram and WeChat hears on Telegram while the
 * WeChat account is logged out). The text is rendered now in that identity's language, then any
 * files the notice carries follow, each a part. What the platform accepts is written to the sent
 * ledger (Redis) as soon as it answers, then the row is marked sent in the database: a retry after
 * a failure part-way sends only the parts still missing, and a retry after the database failed to
 * take the mark (or the process died before it) marks the row and sends nothing. A platform's
 * "retry after" is thrown for the job to wait without spending an attempt; a message that can
 * never be delivered is marked failed instead of retried.
 *
 * Some channels can only send from the process logged in to them (WeChat): rows for those are
 * handed to that channel's own queue, whose worker in the channel process paces and sends them.
 */
import type { Clock } from "../kernel/clock";
import { idiomOf, type ChannelName } from "../kernel/channel";
import type { Log } from "../log";
import type { Reveal } from "../kernel/sealed";
import type { FileStore } from "../files/file-store";
import type { Db } from "../store/client";
import { splitText } from "../conversation/split";
import { loadDelivery, markFailed, markPartsSent, markSent, recordAttemptError, type OutboxDelivery } from "../store/outbox-repository";
import { RecipientAwayError, RetryAfterError, UndeliverableError, type ChannelSender } from "../channels/sender";
import type { OrgSnapshot } from "../org/types";
import { renderNotice, UnknownNoticeError } from "../notices/render";

/** A channel that sends from another process, through its own queue. */
export interface RemoteChannel {
  /** Whether the channel's account is logged in now. */
  isOnline(botAccount: string): Promise<boolean>;
  /** Queues the row for that channel's worker (a second hand-off of one row is a no-op). */
  handOff(outboxId: string): Promise<void>;
}

/** What the platform has accepted for one outbox row: through which channel, how many parts, all of it or not. */
export interface SentProgress {
  channel: ChannelName;
  parts: number;
  done: boolean;
  /** When the platform accepted the last of those parts: the notice's sent time. */
  at: Date;
}

/**
 * Where delivery progress is kept the moment a platform answers, readable by a retry while the
 * database is away (src/redis/sent-ledger.ts).
 */
export interface SentLedger {
  read(outboxId: string): Promise<SentProgress | undefined>;
  record(outboxId: string, progress: SentProgress): Promise<void>;
  /** Once the database has the mark. */
  forget(outboxId: string): Promise<void>;
}

export interface DeliveryDeps {
  db: Db;
  ledger: SentLedger;
  /** Where attachments are read from when a notice carries them. */
  files: Pick<FileStore, "read">;
  clock: Clock;
  senders: ReadonlyMap<ChannelName, ChannelSender>;
  remote?: ReadonlyMap<ChannelName, RemoteChannel>;
  /**
   * The worker of one channel's own queue (WeChat's) sends through that channel and no other.
   * @defaultValue every channel of `senders` and `remote`
   */
  only?: ChannelName;
  /** Names (units, areas, categories) are looked up when a notice is rendered, not before. */
  org: () => Promise<OrgSnapshot>;
  log: Log;
  /** Opens the petitioner's sealed name and phone for the official a notice is addressed to. */
  reveal: Reveal;
}

export type DeliveryResult = "sent" | "already_done" | "missing" | "undeliverable" | "parked" | "handed_off";

type Identity = OutboxDelivery["identities"][number];

export class NoLiveChannelError extends Error {
  override name = "NoLiveChannelError";
}

/**
 * The identity to use: the first (they come preferred first) whose channel is live; else the first
 * this process can reach at all, to wait there for its channel to come back.
 */
async function chooseTarget(deps: DeliveryDeps, identities: Identity[]): Promise<Identity | undefined> {
  const reachable = identities.filter((identity) => deps.senders.has(identity.channel) || deps.remote?.has(identity.channel));
  for (const identity of reachable) {
    if (deps.senders.has(identity.channel)) return identity;
    if (await deps.remote!.get(identity.channel)!.isOnline(identity.botAccount)) return identity;
  }
  return reachable[0];
}

/**
 * `attempt`: the job's attempt number, kept on the row when it is marked sent (so a row delivered on
 * a retry says so); unset for a delivery outside a job (a pull channel), which counts one more.
 */
export async function deliver(deps: DeliveryDeps, outboxId: string, attempt?: number): Promise<DeliveryResult> {
  const { only } = deps;
  const delivery = await loadDelivery(deps.db, outboxId);
  if (!delivery) return "missing";
  if (delivery.status !== "pending") return "already_done";
  const recorded = await deps.ledger.read(outboxId);
  if (recorded?.done) {
    // Delivered by an earlier try whose mark never reached the database: mark it, send nothing.
    await markSent(deps.db, outboxId, recorded.channel, recorded.at, { attempt, late: true });
    await forgetQuietly(deps, outboxId);
    deps.log.info({ component: "delivery", outboxId, channel: recorded.channel }, "notice was delivered before; marked sent from the ledger, not sent again");
    return "already_done";
  }
  if (delivery.identities.length === 0) {
    await markFailed(deps.db, outboxId, "recipient has no chat account");
    return "undeliverable";
  }
  const identities = only ? delivery.identities.filter((identity) => identity.channel === only) : delivery.identities;
  const target = await chooseTarget(deps, identities);
  // The recipient's channels are not running in this deployment now; try again later.
  if (!target) throw new NoLiveChannelError(`no running channel among ${delivery.identities.map((i) => i.channel).join(", ")}`);
  if (!deps.senders.has(target.channel)) {
    await deps.remote!.get(target.channel)!.handOff(outboxId);
    return "handed_off";
  }
  let text: string;
  try {
    text = renderNotice(target.language, delivery.messageKey, delivery.params, await deps.org(), idiomOf(target.channel), deps.reveal);
  } catch (error) {
    if (!(error instanceof UnknownNoticeError)) throw error;
    await markFailed(deps.db, outboxId, error.message);
    return "undeliverable";
  }
  const sender = deps.senders.get(target.channel)!;
  const steps: (() => Promise<void>)[] = [
    ...splitText(text, sender.maxTextLength)
      .filter((part) => part.trim().length > 0)
      .map((part) => () => sender.send(target, part)),
    ...delivery.attachments.map((attachment) => async () => {
      const bytes = await deps.files.read(attachment.storageKey);
      await sender.sendFile(target, { kind: attachment.kind, bytes, mimeType: attachment.mimeType, fileName: attachment.fileName ?? undefined });
    }),
  ];
  // A retry resumes after the parts an earlier try delivered, on the same channel; on another
  // channel the person has seen nothing yet, so it starts again.
  const resumeAt = Math.max(
    recorded?.channel === target.channel ? recorded.parts : 0,
    delivery.partsChannel === target.channel ? delivery.partsSent : 0,
  );
  try {
    for (let step = resumeAt; step < steps.length; step++) {
      await steps[step]!();
      await recordDelivered(deps, outboxId, { channel: target.channel, parts: step + 1, done: step + 1 === steps.length, at: deps.clock.now() });
    }
  } catch (error) {
    if (error instanceof UndeliverableError) {
      await markFailed(deps.db, outboxId, error.message);
      return "undeliverable";
    }
    // Left pending for the channel to deliver when the recipient is back.
    if (error instanceof RecipientAwayError) return "parked";
    if (!(error instanceof RetryAfterError)) await recordAttemptError(deps.db, outboxId, error instanceof Error ? error.message : String(error));
    throw error;
  }
  // If this fails (the database is away), the job is retried and finds the ledger's record above.
  await markSent(deps.db, outboxId, target.channel, deps.clock.now(), { attempt });
  await forgetQuietly(deps, outboxId);
  return "sent";
}

/**
 * Kept in Redis first; if Redis does not take it, a part is kept in the database instead. The
 * whole notice is then marked sent in the database by the caller either way.
 */
async function recordDelivered(deps: DeliveryDeps, outboxId: string, progress: SentProgress): Promise<void> {
  try {
    await deps.ledger.record(outboxId, progress);
    return;
  } catch (error) {
    deps.log.error({ component: "delivery", outboxId, errorType: errorName(error), error: errorMessage(error) }, "delivered, but the sent ledger did not take it; keeping it in the database");
  }
  if (!progress.done) await markPartsSent(deps.db, outboxId, progress.channel, progress.parts);
}

/** The record has done its work once the database has the mark; left behind, it expires. */
async function forgetQuietly(deps: DeliveryDeps, outboxId: string): Promise<void> {
  await deps.ledger.forget(outboxId).catch(() => {});
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : "Error");
const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
