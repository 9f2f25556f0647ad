/**
 * What the runtime sees of a chat platform: a channel it can start, send through and stop. Each
 * adapter (bots/telegram, bots/wechat, bots/terminal) builds one from plain options; the platform's
 * own objects (a grammY Bot, a Wechaty) stay inside the adapter.
 *
 * ```ts
 * const telegram = await createTelegramChannel({ token, apiRoot, mode: "polling", conversation, … });
 * await telegram.start();            // takes updates
 * senders.set(telegram.name, telegram.sender);
 * await telegram.stop();             // the updates in flight finish first
 * ```
 */
import type { ChannelName } from "../kernel/channel";
import type { ChannelSender } from "./sender";

export interface Channel {
  readonly name: ChannelName;
  /** How the start-up line names it, e.g. `telegram @minqing_bot (polling)`. */
  readonly label: string;
  /** The outbound queue's way to this channel's people; usable as soon as the channel is built. */
  readonly sender: ChannelSender;
  /**
   * Whether the channel's own account can send now. Always true for Telegram and the terminal;
   * false while a WeChat account waits for a login scan.
   */
  isOnline(): boolean;
  /** Starts taking messages (a channel built for sending only never starts). */
  start(): Promise<void>;
  /** Stops taking messages; the ones in flight finish first. */
  stop(): Promise<void>;
}
