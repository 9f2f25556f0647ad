/**
 * Delivers outbox rows: a row is sent through ./send-message.ts (channel chosen now, rendered now),
 * and each part the platform accepts is recorded on the row at once — the part count, then the
 * sent mark. A row marked sent is never sent again; when the database does not take a record, the
 * sent ledger (Redis) keeps it, the job is retried, and the retry marks the row — with the time the
 * platform took it — and sends nothing. A message that can never be delivered is marked failed
 * instead of retried.
 *
 * One sender at a time: a delivery claims the row in the database before it sends (20 s, released
 * when it fails). Two workers can run one job at once — Redis lost the job's lock in a crash, or a
 * worker stalled past its lock — and the second then waits, without spending an attempt, until the
 * first has marked the row or its claim has run out (the first died).
 *
 * Some channels can only send from one process (WeChat from the one logged in to the account, a
 * terminal from the one where it is open): rows for those are handed to that process's own queue,
 * whose worker sends them (through the same claim and marks, so still once).
 */
import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import type { ChannelName } from "../kernel/channel";
import type { Reveal } from "../kernel/sealed";
import { recordAudit } from "../store/audit-log";
import type { Db } from "../store/client";
import { claimForSending, loadDelivery, type OutboxDelivery, markFailed, markPartsSent, markSent, recordAttemptError, releaseClaim } from "../store/outbox-repository";
import { RetryAfterError } from "../channels/sender";
import { sendMessage, type SendDeps } from "./send-message";

export interface DeliveryDeps extends SendDeps {
  db: Db;
  /**
   * With `remote`: queues the row's send-notice job on another process's queue (./jobs/send-notice.ts
   * enqueueNotices; handed in, since that job type runs this delivery).
   */
  queueRow?(queue: Queue, outboxId: string): Promise<void>;
}

/** The row is being sent by another worker: try again when its claim runs out (waiting, not failing). */
export class HeldElsewhereError extends RetryAfterError {
  override name = "HeldElsewhereError";
  constructor(outboxId: string, retryAfterMs: number) {
    super(retryAfterMs);
    this.message = `notice ${outboxId} is being sent by another worker; looking again in ${retryAfterMs} ms`;
  }
}

/** The row may not be sent yet (held to the morning, or to working hours): the job waits until it may. */
export class NotYetError extends RetryAfterError {
  override name = "NotYetError";
  constructor(outboxId: string, notBefore: Date, retryAfterMs: number) {
    super(retryAfterMs);
    this.message = `notice ${outboxId} waits until ${notBefore.toISOString()}`;
  }
}

/** Longer than any one delivery takes (a long notice with files on a paced channel). */
const claimLeaseMs = 20_000;

/** Delivered, and kept in the sent ledger only: the job is retried to mark the row. */
export class MarkPendingError extends Error {
  override name = "MarkPendingError";
}

export type DeliveryResult = "sent" | "already_done" | "missing" | "undeliverable" | "parked" | "handed_off";

/**
 * `attempt`: the job's attempt number, kept on the row when it is marked sent (so a row delivered on
 * a retry says so); unset for a delivery outside a job (a pull channel), which counts one more.
 */
export async function deliver(deps: DeliveryDeps, outboxId: string, attempt?: number): Promise<DeliveryResult> {
  // Delivered by an earlier try whose mark never reached the database: mark it, send nothing.
  const recorded = (await deps.ledger.read(outboxId)) ?? null;
  if (recorded?.done) return markedLate(deps, outboxId, recorded, attempt);
  const token = randomUUID();
  const claim = await claimForSending(deps.db, outboxId, token, claimLeaseMs);
  if (claim === "missing") return "missing";
  if (claim === "not_pending") return "already_done";
  // Another sender has it now; look again when its claim runs out (waiting, not failing).
  if (claim !== "claimed") throw new HeldElsewhereError(outboxId, claim.busyForMs + 100);
  const row = await loadDelivery(deps.db, outboxId);
  if (!row) return "missing";
  if (row.status !== "pending") return "already_done";
  const waitMs = row.heldUntil ? row.heldUntil.getTime() - deps.clock.now().getTime() : 0;
  if (row.heldUntil && waitMs > 0) {
    await releaseClaim(deps.db, outboxId, token);
    throw new NotYetError(outboxId, row.heldUntil, waitMs);
  }
  let sent;
  // Whether this rendering opened the petitioner's name or phone for the official: a view of personal data, audited.
  let revealed = false;
  const reveal: Reveal = (value) => {
    revealed = true;
    return deps.reveal(value);
  };
  try {
    sent = await sendMessage(
      { ...deps, reveal },
      outboxId,
      { to: row.identities, key: row.messageKey, params: row.params, attachments: row.attachments },
      {
        // The other process's worker claims it next: let go first, so it need not wait for the claim.
        handOff: async (queue) => {
          await releaseClaim(deps.db, outboxId, token);
          await deps.queueRow!(queue, outboxId);
        },
        earlier: { channel: row.partsChannel, parts: row.partsSent },
        recorded,
        keep: (progress) =>
          progress.done ? markSent(deps.db, outboxId, progress.channel, progress.at, { attempt }) : markPartsSent(deps.db, outboxId, progress.channel, progress.parts),
      },
    );
  } catch (error) {
    if (!(error instanceof RetryAfterError)) await recordAttemptError(deps.db, outboxId, error instanceof Error ? error.message : String(error)).catch(() => {});
    await releaseClaim(deps.db, outboxId, token).catch(() => {});
    throw error;
  }
  switch (sent.result) {
    case "sent_before":
      return markedLate(deps, outboxId, sent, attempt);
    case "sent":
      if (revealed) await auditShown(deps, row);
      // Only the ledger has the mark (the database was away): the retry copies it to the row.
      if (!sent.kept) {
        await releaseClaim(deps.db, outboxId, token).catch(() => {});
        throw new MarkPendingError(`notice ${outboxId} was delivered; its sent mark waits for the database`);
      }
      return "sent";
    case "undeliverable":
      await markFailed(deps.db, outboxId, sent.reason);
      return "undeliverable";
    case "parked":
      // Left pending for the channel to deliver when the recipient is back.
      await releaseClaim(deps.db, outboxId, token);
      return "parked";
    case "handed_off":
      return "handed_off";
  }
}

async function markedLate(deps: DeliveryDeps, outboxId: string, recorded: { channel: ChannelName; at: Date }, attempt: number | undefined): Promise<DeliveryResult> {
  await markSent(deps.db, outboxId, recorded.channel, recorded.at, { attempt, late: true });
  await deps.ledger.forget(outboxId).catch(() => {});
  deps.log.info({ component: "delivery", outboxId, channel: recorded.channel }, "notice was delivered before; marked sent from the ledger, not sent again");
  return "already_done";
}

/** The official was shown the petitioner's name or phone in a notice: on record, like a view in chat. */
async function auditShown(deps: DeliveryDeps, row: OutboxDelivery): Promise<void> {
  if (!row.recipientOfficialId) return;
  const entry = { actor: { kind: "official", id: row.recipientOfficialId } as const, outcome: "viewed" as const, action: "personal_data", petitionId: row.petitionId, detail: `notice ${row.messageKey}` };
  // Delivered already: a failed audit write must not make the notice go out again. It is logged instead.
  await recordAudit(deps.db, entry, deps.clock.now()).catch((error: unknown) => deps.log.error({ err: error, outboxId: row.id }, "could not write the audit entry of a notice showing personal data"));
}
