/**
 * Delivers outbox rows: a row is sent through ./send-message.ts (channel chosen now, rendered now),
 * and each part the platform accepts is recorded on the row at once — the part count, then the
 * sent mark. A row marked sent is never sent again; when the database does not take a record, the
 * sent ledger (Redis) keeps it, the job is retried, and the retry marks the row — with the time the
 * platform took it — and sends nothing. A message that can never be delivered is marked failed
 * instead of retried.
 *
 * Some channels can only send from the process logged in to them (WeChat): rows for those are
 * handed to that channel's own queue, whose worker in the channel process paces and sends them.
 */
import type { Db } from "../store/client";
import { loadDelivery, markFailed, markPartsSent, markSent, recordAttemptError } from "../store/outbox-repository";
import { RetryAfterError } from "../channels/sender";
import { sendMessage, type SendDeps } from "./send-message";


export interface DeliveryDeps extends SendDeps {
  db: Db;
}

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
  const row = await loadDelivery(deps.db, outboxId);
  if (!row) return "missing";
  if (row.status !== "pending") return "already_done";
  let sent;
  try {
    sent = await sendMessage(
      deps,
      outboxId,
      { to: row.identities, key: row.messageKey, params: row.params, attachments: row.attachments },
      {
        handOff: (channel) => deps.remote!.get(channel)!.handOff(outboxId),
        earlier: { channel: row.partsChannel, parts: row.partsSent },
        keep: (progress) =>
          progress.done ? markSent(deps.db, outboxId, progress.channel, progress.at, { attempt }) : markPartsSent(deps.db, outboxId, progress.channel, progress.parts),
      },
    );
  } catch (error) {
    if (!(error instanceof RetryAfterError)) await recordAttemptError(deps.db, outboxId, error instanceof Error ? error.message : String(error)).catch(() => {});
    throw error;
  }
  switch (sent.result) {
    case "sent_before":
      // Delivered by an earlier try whose mark never reached the database: mark it, send nothing.
      await markSent(deps.db, outboxId, sent.channel, sent.at, { attempt, late: true });
      await deps.ledger.forget(outboxId).catch(() => {});
      deps.log.info({ component: "delivery", outboxId, channel: sent.channel }, "notice was delivered before; marked sent from the ledger, not sent again");
      return "already_done";
    case "sent":
      // Only the ledger has the mark (the database was away): the retry copies it to the row.
      if (!sent.kept) throw new MarkPendingError(`notice ${outboxId} was delivered; its sent mark waits for the database`);
      return "sent";
    case "undeliverable":
      await markFailed(deps.db, outboxId, sent.reason);
      return "undeliverable";
    case "parked":
      // Left pending for the channel to deliver when the recipient is back.
      return "parked";
    case "handed_off":
      return "handed_off";
  }
}
