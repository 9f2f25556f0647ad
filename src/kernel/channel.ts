/**
 * Who is speaking and in what language: the words every part of Minqing shares about people on
 * chat platforms, with no platform in them.
 */
export type Language = "zh-CN" | "en";
export const languages: readonly Language[] = ["zh-CN", "en"];

export type ChannelName = "telegram" | "wechat" | "terminal";

/**
 * How a channel offers choices: as buttons with a command menu (Telegram), or as numbered lines
 * answered by typing (WeChat, the terminal). Texts that say 点 or name a slash command have a
 * variant for the numbered idiom.
 */
export type Idiom = "buttons" | "numbered";

export function idiomOf(channel: ChannelName): Idiom {
  return channel === "telegram" ? "buttons" : "numbered";
}

/** Who wrote: one account on one platform, as the platform names it. */
export interface ChannelUser {
  channel: ChannelName;
  /** The bot account that received the message (one deployment may run several bots). */
  botAccount: string;
  /** The platform's id of the person, as a string (Telegram ids exceed 32 bits). */
  platformId: string;
}

/** A stable key for one account, used for conversation state, tokens and locks. */
export function userKey(user: ChannelUser): string {
  return `${user.channel}/${user.botAccount}/${user.platformId}`;
}

export type AttachmentKind = "photo" | "document" | "voice" | "video";

/** A file the adapter has already saved in the file store; only its reference travels. */
export interface StoredAttachment {
  kind: AttachmentKind;
  sha256: string;
  mimeType: string;
  size: number;
  fileName?: string;
  storageKey: string;
  /** The platform's own id of the file, kept to re-send it cheaply on that platform. */
  sourceFileId?: string;
}
