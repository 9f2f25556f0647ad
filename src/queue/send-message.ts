/**
 * Sending one message to one person, whatever asked for it (an outbox row, ./delivery.ts; a notice
 * that must go out while PostgreSQL is down, ./jobs/tell-directly.ts). The channel is chosen now:
 * the person's preferred identity whose channel is live, else the next one (an official bound on
 * Telegram and WeChat hears on Telegram while the WeChat account is logged out). The text is
 * rendered now in that identity's language and its channel's idiom; files follow, each a part.
 * What the recipient can do about it (a notice's actions) rides on the last text part: the channel
 * shows it as buttons or numbered lines. On a numbered channel those commands are also remembered
 * for the person just before that part goes out, so a number typed in answer finds them.
 *
 * What the platform accepts is recorded as soon as it answers: where the caller keeps it (the
 * outbox row, in PostgreSQL), and when that fails (the database is away) in the sent ledger in
 * Redis, where the retry looks first. A retry resumes after the parts already accepted, and a
 * retry of a message accepted whole sends nothing. PostgreSQL first, not Redis: Redis is where
 * a crash can lose the last writes and with them the job's lock, letting a second worker take the
 * job while the first is still sending; the database mark, a few milliseconds after the platform's
 * answer, is what that second worker then finds. A platform's "retry after" is thrown for the job to wait without
 * spending an attempt. Some channels send only from one process (WeChat from the one logged in to
 * the account, a terminal from the one where it is open): a message for those is handed to that
 * process's own queue, and one for a terminal open nowhere is parked.
 */
import type { Queue } from "bullmq";
import type { FileStore } from "../files/file-store";
import { idiomOf, userKey, type AttachmentKind, type ChannelName, type Language } from "../kernel/channel";
import type { Clock } from "../kernel/clock";
import type { Reveal } from "../kernel/sealed";
import type { Log } from "../log";
import type { OrgSnapshot } from "../org/types";
import { splitText } from "../conversation/split";
import { RecipientAwayError, UndeliverableError, type ChannelSender } from "../channels/sender";
import type { LastActions } from "../conversation/last-actions";
import type { Choice } from "../conversation/types";
import { presentNotice, UnknownNoticeError, type RenderedNotice } from "../notices/render";

/** A channel that sends from one process only, through that process's own queue. */
export interface RemoteChannel {
  /** Whether a process can send to `to` now: WeChat's account is logged in; the person's terminal is open somewhere. */
  isOnline(to: ChatIdentity): Promise<boolean>;
  /**
   * The queue whose worker sends to `to` (WeChat's own, logged in or waiting for a scan; the queue
   * of the process where the terminal is open), or undefined when there is none: the terminal is
   * open nowhere, and the message is parked until it opens.
   */
  queueFor(to: ChatIdentity): Promise<Queue | undefined>;
}

/** What the platform has accepted of one message: through which channel, how many parts, all of it or not. */
export interface SentProgress {
  channel: ChannelName;
  parts: number;
  done: boolean;
  /** When the platform accepted the last of those parts: the message's sent time. */
  at: Date;
}

/**
 * Where sending progress is kept when the caller's own record fails, readable by a retry while the
 * database is away (src/redis/sent-ledger.ts). Keyed by what is being sent (an outbox row's id).
 */
export interface SentLedger {
  read(key: string): Promise<SentProgress | undefined>;
  record(key: string, progress: SentProgress): Promise<void>;
  /** Once the fact is kept elsewhere (the outbox row's mark). */
  forget(key: string): Promise<void>;
}

export interface SendDeps {
  ledger: SentLedger;
  /** Where attachments are read from when a message carries them. */
  files: Pick<FileStore, "read">;
  clock: Clock;
  senders: ReadonlyMap<ChannelName, ChannelSender>;
  remote?: ReadonlyMap<ChannelName, RemoteChannel>;
  /**
   * The worker of one channel's own queue (WeChat's) sends through that channel and no other.
   * @defaultValue every channel of `senders` and `remote`
   */
  only?: ChannelName;
  /** Names (units, areas, categories) are looked up when a message is rendered, not before. */
  org: () => Promise<OrgSnapshot>;
  log: Log;
  /** Opens the petitioner's sealed name and phone for the official a notice is addressed to. */
  reveal: Reveal;
  /**
   * Where a notice's actions sent as numbered lines are remembered for a typed number to pick
   * (src/redis/last-actions.ts). Without it the lines are still shown; only their words work.
   */
  lastActions?: Pick<LastActions, "remember">;
}

export interface ChatIdentity {
  channel: ChannelName;
  botAccount: string;
  platformId: string;
  language: Language;
}

export interface Message {
  /** Who gets it, preferred identity first. */
  to: ChatIdentity[];
  /** A notice key and its parameters, rendered at sending. */
  key: string;
  params: unknown;
  /** Files sent after the text, in order. */
  attachments: { kind: AttachmentKind; mimeType: string; fileName: string | null; storageKey: string }[];
}

export type Sent =
  /** `kept`: the caller's own record took the last part; false, only the ledger has it. */
  | { result: "sent"; channel: ChannelName; at: Date; kept: boolean }
  /** Accepted whole by an earlier try (its record was in the ledger): nothing sent now. */
  | { result: "sent_before"; channel: ChannelName; at: Date }
  /** The person's channel holds it until they are back (a terminal open nowhere). */
  | { result: "parked" }
  | { result: "undeliverable"; reason: string }
  /** The chosen channel sends from another process; `handOff` was called for it. */
  | { result: "handed_off"; channel: ChannelName };

export class NoLiveChannelError extends Error {
  override name = "NoLiveChannelError";
}

export interface SendOptions {
  /** Queues the message on `queue`, whose worker (in the process that can send it) sends it. */
  handOff(queue: Queue): Promise<void>;
  /** Parts an earlier try recorded elsewhere (the outbox row's own count). */
  earlier?: { channel: ChannelName | null; parts: number };
  /** What the ledger holds for this message, when the caller has read it already. */
  recorded?: SentProgress | null;
  /**
   * The caller's own record of what was accepted (the outbox row's part count, then its sent
   * mark). Without one, or when it fails, the ledger keeps it.
   */
  keep?(progress: SentProgress): Promise<void>;
}

/**
 * Sends `message` (or the parts an earlier try left), recording each accepted part under
 * `ledgerKey`. Throws what a retry may cure (the platform or the network failing, RetryAfterError,
 * NoLiveChannelError); returns what it will not.
 */
export async function sendMessage(deps: SendDeps, ledgerKey: string, message: Message, options: SendOptions): Promise<Sent> {
  const recorded = options.recorded !== undefined ? options.recorded : await deps.ledger.read(ledgerKey);
  if (recorded?.done) return { result: "sent_before", channel: recorded.channel, at: recorded.at };
  if (message.to.length === 0) return { result: "undeliverable", reason: "recipient has no chat account" };
  const target = await chooseTarget(deps, message.to);
  // The person's channels are not running in this deployment now; try again later.
  if (!target) throw new NoLiveChannelError(`no running channel among ${message.to.map((i) => i.channel).join(", ")}`);
  if (!deps.senders.has(target.channel)) {
    const queue = await deps.remote!.get(target.channel)!.queueFor(target);
    if (!queue) return { result: "parked" };
    await options.handOff(queue);
    return { result: "handed_off", channel: target.channel };
  }
  let notice: RenderedNotice;
  try {
    notice = presentNotice(target.language, message.key, message.params, await deps.org(), idiomOf(target.channel), deps.reveal);
  } catch (error) {
    if (error instanceof UnknownNoticeError) return { result: "undeliverable", reason: error.message };
    throw error;
  }
  const sender = deps.senders.get(target.channel)!;
  const texts = splitText(notice.text, sender.maxTextLength).filter((part) => part.trim().length > 0);
  const { choices } = notice;
  const steps: (() => Promise<void>)[] = [
    ...texts.map((part, index) =>
      index < texts.length - 1 || choices.length === 0
        ? () => sender.send(target, part)
        : async () => {
            await rememberOffered(deps, target, choices);
            await sender.send(target, part, choices);
          },
    ),
    ...message.attachments.map((attachment) => async () => {
      const bytes = await deps.files.read(attachment.storageKey);
      await sender.sendFile(target, { kind: attachment.kind, bytes, mimeType: attachment.mimeType, fileName: attachment.fileName ?? undefined });
    }),
  ];
  // A retry resumes after the parts an earlier try delivered, on the same channel; on another
  // channel the person has seen nothing yet, so it starts again.
  const resumeAt = Math.max(
    recorded?.channel === target.channel ? recorded.parts : 0,
    options.earlier?.channel === target.channel ? options.earlier.parts : 0,
  );
  let at = deps.clock.now();
  let kept = true;
  try {
    for (let step = resumeAt; step < steps.length; step++) {
      await steps[step]!();
      at = deps.clock.now();
      kept = await recordAccepted(deps, ledgerKey, { channel: target.channel, parts: step + 1, done: step + 1 === steps.length, at }, options);
    }
  } catch (error) {
    if (error instanceof UndeliverableError) return { result: "undeliverable", reason: error.message };
    if (error instanceof RecipientAwayError) return { result: "parked" };
    throw error;
  }
  return { result: "sent", channel: target.channel, at, kept };
}

/**
 * On a numbered channel, the commands of the lines about to be shown become what a typed number
 * picks (src/conversation/last-actions.ts). Before sending, so an answer typed at once finds them;
 * a retry of the part remembers them again. Best effort: Redis away must not hold a notice back,
 * and the words on each line still work without it.
 */
async function rememberOffered(deps: SendDeps, target: ChatIdentity, choices: Choice[]): Promise<void> {
  if (!deps.lastActions || idiomOf(target.channel) !== "numbered") return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.lastActions.remember(userKey(target), choices.map((choice) => choice.value)),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ledgerWaitMs} ms`)), ledgerWaitMs))),
    ]);
  } catch (error) {
    deps.log.warn({ component: "redis", channel: target.channel, ...errorFields(error) }, "a notice's actions were not remembered: a typed number will not pick them");
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The identity to use: the first (they come preferred first) whose channel is live; else the first
 * this process can reach at all, to wait there for its channel to come back (WeChat's queue while
 * the account is logged out; the outbox, for a terminal that is closed).
 */
async function chooseTarget(deps: SendDeps, identities: ChatIdentity[]): Promise<ChatIdentity | undefined> {
  const reachable = identities.filter((identity) => (!deps.only || identity.channel === deps.only) && (deps.senders.has(identity.channel) || deps.remote?.has(identity.channel)));
  for (const identity of reachable) {
    if (deps.senders.has(identity.channel)) return identity;
    if (await deps.remote!.get(identity.channel)!.isOnline(identity)) return identity;
  }
  return reachable[0];
}

/**
 * A healthy Redis answers in a millisecond or two; one that is away would hold the command until
 * it is back (the connection queues it). The ledger gives up after this.
 */
const ledgerWaitMs = 250;

export class AcceptanceNotRecordedError extends Error {
  override name = "AcceptanceNotRecordedError";
}

/**
 * The caller's record first; if it fails, the ledger. Returns whether the caller's record took it.
 * With neither, the part was delivered but nothing says so: stop here (a retry sends that part
 * again — the one duplicate left, logged).
 */
async function recordAccepted(deps: SendDeps, ledgerKey: string, progress: SentProgress, options: SendOptions): Promise<boolean> {
  if (options.keep) {
    try {
      await options.keep(progress);
      return true;
    } catch (error) {
      deps.log.warn({ component: "postgres", ledgerKey, ...errorFields(error) }, "delivered; the database did not take the mark, the sent ledger keeps it");
    }
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.ledger.record(ledgerKey, progress),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ledgerWaitMs} ms`)), ledgerWaitMs))),
    ]);
    return false;
  } catch (error) {
    deps.log.error({ component: "delivery", ledgerKey, ...errorFields(error) }, "delivered, but neither the database nor the sent ledger took it: a retry will send it again");
    throw new AcceptanceNotRecordedError(`delivered part ${progress.parts} could not be recorded`);
  } finally {
    clearTimeout(timer);
  }
}

const errorFields = (error: unknown) => ({ errorType: error instanceof Error ? error.name : "Error", error: error instanceof Error ? error.message.split("\n")[0] : String(error) });
