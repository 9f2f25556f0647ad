/**
 * Delivers outbox rows: a row is sent through ./send-message.ts (channel chosen now, rendered now,
 * each part the platform accepts recorded in the sent ledger at once), then marked sent in the
 * database. A row marked sent is never sent again; a retry after the database failed to take the
 * mark (or after the process died before it) finds the ledger's record, marks the row — with the
 * time the platform took it — and sends nothing. A message that can never be delivered is marked
 * failed instead of retried.
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
        fallback: async (progress) => {
          // The whole notice is marked below either way; a part is counted on the row.
          if (!progress.done) await markPartsSent(deps.db, outboxId, progress.channel, progress.parts);
        },
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
      // If this fails (the database is away), the job is retried and finds the ledger's record.
      await markSent(deps.db, outboxId, sent.channel, sent.at, { attempt });
      await deps.ledger.forget(outboxId).catch(() => {});
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
