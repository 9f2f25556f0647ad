/**
 * What a probe is judged by, read after its batch has drained: from the case store (cases, events,
 * outbox rows), from the stand-in platform's record of accepted calls (sends, duplicates, acks
 * that never arrived) and from the processes (crashes, personal data in their logs).
 */
import type { Job, Queue } from "bullmq";
import type { Queues } from "../../src/queue/queues";
import type { Db } from "../../src/store/client";
import type { AcceptedCall } from "./platform";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The petitions one probe offered, and how to find their cases. */
export interface Batch {
  /** Cases expected: one per petition offered. */
  offered: number;
  /** Petitions offered on the intake queue, by idempotency key. */
  keys?: string[];
  /** Or: petitions filed through the terminal by this user. */
  terminalUser?: string;
  /** Telegram chats of the petitioners, each expecting its acknowledgement with the tracking code. */
  chats: string[];
  names: string[];
  phones: string[];
  /** When the last fault was over (the drain is timed from here). */
  calmAt: number;
  notes: string[];
  /** Seconds the jobs of a killed worker stayed "active" before another worker took them. */
  stuckActive: Promise<number>[];
  /**
   * When a process that sends was killed: the signal sent, and its exit seen (ms). Until the exit,
   * the dying process's sockets may still be open, so an accepted call can look answered.
   */
  kills: { signalled: number; exited: number }[];
}

/**
 * A message the platform accepted this shortly before a sender was killed (or after the signal,
 * before the process was gone) may never have had its acceptance recorded: the window between the
 * platform's answer and the outbox row's mark (src/queue/send-message.ts; p99 about 11 ms, npm run
 * bench:sent-window measures it), with room for the load of the run. A copy sent again after it
 * is the residue the README states.
 */
export const crashWindowMs = 100;

interface CaseFigures {
  trackingCode: string;
  identityId: string;
  events: number;
  outbox: number;
}

export async function casesOf(db: Db, batch: Batch): Promise<CaseFigures[]> {
  const rows = batch.keys
    ? await db.$queryRaw<{ trackingCode: string; identityId: string; events: bigint; outbox: bigint }[]>`
        SELECT p."trackingCode", p."identityId",
          (SELECT count(*) FROM "CaseEvent" e WHERE e."petitionId" = p.id) AS events,
          (SELECT count(*) FROM "Outbox" o JOIN "CaseEvent" e ON o."eventId" = e.id WHERE e."petitionId" = p.id) AS outbox
        FROM "Petition" p WHERE p."idempotencyKey" = ANY(${batch.keys}::text[])`
    : await db.$queryRaw<{ trackingCode: string; identityId: string; events: bigint; outbox: bigint }[]>`
        SELECT p."trackingCode", p."identityId",
          (SELECT count(*) FROM "CaseEvent" e WHERE e."petitionId" = p.id) AS events,
          (SELECT count(*) FROM "Outbox" o JOIN "CaseEvent" e ON o."eventId" = e.id WHERE e."petitionId" = p.id) AS outbox
        FROM "Petition" p JOIN "Identity" i ON i.id = p."identityId"
        WHERE i.channel = 'terminal' AND i."platformId" = ${batch.terminalUser}`;
  return rows.map((row) => ({ trackingCode: row.trackingCode, identityId: row.identityId, events: Number(row.events), outbox: Number(row.outbox) }));
}

export async function storedCount(db: Db, batch: Batch): Promise<number> {
  return (await casesOf(db, batch)).length;
}

/** Resolves once `count` cases of the batch are stored (store errors during an outage are waited out). */
export async function whenStored(db: Db, batch: Batch, count: number, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await storedCount(db, batch).catch(() => 0)) >= count) return;
    await pause(100);
  }
  throw new Error(`fewer than ${count} cases stored after ${timeoutMs / 1000} s`);
}

async function queuesIdle(queues: Queues): Promise<boolean> {
  const counts = await Promise.all([queues.intake, queues.outbound].map((queue) => queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children")));
  return counts.every((count) => Object.values(count).every((n) => n === 0));
}

/**
 * Drained: every petition offered is a case, no notice written since `since` is pending, and the
 * queues hold nothing. Returns the seconds from `batch.calmAt`, or undefined at the timeout.
 */
export async function drain(db: Db, queues: Queues, batch: Batch, since: Date, timeoutMs: number): Promise<number | undefined> {
  const deadline = batch.calmAt + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const stored = await storedCount(db, batch);
      const pending = await db.outbox.count({ where: { createdAt: { gte: since }, status: "pending" } });
      if (stored >= batch.offered && pending === 0 && (await queuesIdle(queues))) return (Date.now() - batch.calmAt) / 1000;
    } catch {
      // A store that is down is waited for like everything else.
    }
    await pause(250);
  }
  return undefined;
}

/**
 * How long the jobs that were active when a worker was killed stay active with that worker's
 * lock: until each is done, waiting again, or taken afresh (a new processedOn).
 */
export function stuckActive(queues: Queues, killedAt: number, timeoutMs: number): Promise<number> {
  const watch = async (): Promise<number> => {
    const held: { queue: Queue; id: string; processedOn?: number }[] = [];
    for (const queue of [queues.intake, queues.outbound]) {
      for (const job of (await queue.getActive()) as Job[]) if (job.id) held.push({ queue, id: job.id, processedOn: job.processedOn });
    }
    const deadline = killedAt + timeoutMs;
    while (held.length > 0 && Date.now() < deadline) {
      for (let i = held.length - 1; i >= 0; i--) {
        const { queue, id, processedOn } = held[i]!;
        const job = await queue.getJob(id);
        const state = job ? await job.getState() : "gone";
        if (state !== "active" || job?.processedOn !== processedOn) held.splice(i, 1);
      }
      if (held.length > 0) await pause(250);
    }
    return (Date.now() - killedAt) / 1000;
  };
  return watch();
}

export interface SendFigures {
  accepted: number;
  /**
   * Extra copies of one (chat, text) the platform accepted: a person read the same message twice,
   * though the product had every chance to know the first had gone out.
   */
  duplicates: number;
  /**
   * Extra copies of a message whose first copy a crash caught: accepted while its sender was
   * already dead (in flight at a kill -9: the platform carried it out with nobody to tell; the Bot
   * API has no idempotency key), or accepted within crashWindowMs before a kill. Shown, not failed.
   */
  resentAfterCrash: number;
  /** For each duplicate: when each copy was accepted, relative to the nearest kill (to see why). */
  duplicateDetails: string[];
  /** Petitioners whose acknowledgement (the text with their tracking code) never arrived. */
  acksMissing: number;
}

export function sendFigures(calls: AcceptedCall[], chats: string[], trackingCodesByChat: Map<string, string>, kills: Batch["kills"] = []): SendFigures {
  const caughtByCrash = (call: AcceptedCall) => !call.answered || kills.some((kill) => call.at >= kill.signalled - crashWindowMs && call.at <= kill.exited);
  // Per (method, chat, text): whether an earlier copy's acceptance could be known to its sender.
  const known = new Map<string, boolean>();
  const firstCopy = new Map<string, AcceptedCall>();
  const duplicateDetails: string[] = [];
  const sinceKill = (at: number) => {
    const signals = kills.map((kill) => kill.signalled);
    const nearest = signals.reduce<number | undefined>((best, kill) => (best === undefined || Math.abs(at - kill) < Math.abs(at - best) ? kill : best), undefined);
    return nearest === undefined ? "no kill" : `${at - nearest} ms from a kill signal`;
  };
  let duplicates = 0;
  let resentAfterCrash = 0;
  for (const call of calls) {
    const key = `${call.method}\u0000${call.chatId}\u0000${call.text}`;
    const earlier = known.get(key);
    if (earlier === true) {
      duplicates++;
      const first = firstCopy.get(key)!;
      duplicateDetails.push(`${call.method} to ${call.chatId}: first accepted ${sinceKill(first.at)}${first.answered ? "" : " (sender gone)"}, again ${sinceKill(call.at)}`);
    }
    else if (earlier === false) resentAfterCrash++;
    known.set(key, (earlier ?? false) || !caughtByCrash(call));
    if (!firstCopy.has(key)) firstCopy.set(key, call);
  }
  const textsByChat = new Map<string, string[]>();
  for (const call of calls) textsByChat.set(call.chatId, [...(textsByChat.get(call.chatId) ?? []), call.text]);
  let acksMissing = 0;
  for (const chat of chats) {
    const code = trackingCodesByChat.get(chat);
    if (!code) continue; // no case: counted as lost, not twice
    if (!(textsByChat.get(chat) ?? []).some((text) => text.includes(code))) acksMissing++;
  }
  return { accepted: calls.length, duplicates, resentAfterCrash, duplicateDetails, acksMissing };
}

export async function outboxFigures(db: Db, since: Date): Promise<{ sent: number; pending: number; failed: number }> {
  const rows = await db.outbox.groupBy({ by: ["status"], where: { createdAt: { gte: since } }, _count: { _all: true } });
  const count = (status: string) => rows.find((row) => row.status === status)?._count._all ?? 0;
  return { sent: count("sent"), pending: count("pending"), failed: count("failed") + count("cancelled") };
}

/** Identity id → Telegram chat id, for the batch's petitioners. */
export async function chatsOfIdentities(db: Db, identityIds: string[]): Promise<Map<string, string>> {
  const rows = await db.identity.findMany({ where: { id: { in: identityIds } }, select: { id: true, platformId: true } });
  return new Map(rows.map((row) => [row.id, row.platformId]));
}
