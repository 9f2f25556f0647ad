/**
 * How the outbound queue reaches people: each channel adapter provides a sender. The queue decides
 * when and whether to send; the sender only talks to its platform and says how that went.
 */
import type { AttachmentKind, ChannelName } from "../kernel/channel";
import type { Choice } from "../conversation/types";

export interface ChannelAddress {
  botAccount: string;
  platformId: string;
}

export interface ChannelSender {
  readonly channel: ChannelName;
  /** The longest text one message may carry; the queue splits longer notices into parts. */
  readonly maxTextLength: number;
  /**
   * Sends one message of plain text, at most maxTextLength characters. Throws the errors below.
   * `choices` (a notice's actions, on its last text part) go with it in the channel's idiom: an
   * inline keyboard whose buttons only `to` may press (Telegram), or numbered lines under the text
   * (WeChat, the terminal), which maxTextLength leaves room for. Each value is a command; what
   * comes back when one is picked is that value.
   */
  send(to: ChannelAddress, text: string, choices?: Choice[]): Promise<void>;
  /** Sends one file (a photo, voice message, video or document) as the platform shows that kind. */
  sendFile(to: ChannelAddress, file: OutboundFile): Promise<void>;
}

export interface OutboundFile {
  kind: AttachmentKind;
  bytes: Uint8Array;
  mimeType: string;
  fileName?: string;
}

/** The platform asked us to wait (Telegram 429 retry_after): try again later, not counted as a failure. */
export class RetryAfterError extends Error {
  override name = "RetryAfterError";
  constructor(readonly retryAfterMs: number) {
    super(`platform asked to retry after ${retryAfterMs} ms`);
  }
}

/**
 * The channel's own account is logged out (a WeChat account waiting for a new scan): sending waits
 * for it without spending attempts, like a platform's "retry after".
 */
export class ChannelOfflineError extends RetryAfterError {
  override name = "ChannelOfflineError";
  constructor(what: string, retryAfterMs = 15_000) {
    super(retryAfterMs);
    this.message = `${what} is logged out; trying again in ${retryAfterMs / 1000} s`;
  }
}

/**
 * The recipient is not reachable on this channel right now but will come back (a terminal that is
 * closed): the notice stays pending in the outbox, no attempt is spent, and the channel delivers it
 * itself when the recipient returns.
 */
export class RecipientAwayError extends Error {
  override name = "RecipientAwayError";
}

/** Sending can never succeed (the person blocked the bot, the chat is gone): do not retry. */
export class UndeliverableError extends Error {
  override name = "UndeliverableError";
}
