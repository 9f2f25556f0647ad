/**
 * What the conversation core understands and says, with no platform in it. Adapters in bots/
 * turn platform updates into an InboundMessage and render each Reply in the platform's idiom
 * (inline keyboards on Telegram, numbered lists elsewhere).
 */
export type Language = "zh-CN" | "en";
export const languages: readonly Language[] = ["zh-CN", "en"];

export type ChannelName = "telegram" | "wechat" | "terminal";

/** Who wrote: one account on one platform, as the platform names it. */
export interface ChannelUser {
  channel: ChannelName;
  /** The bot account that received the message (one deployment may run several bots). */
  botAccount: string;
  /** The platform's id of the person, as a string (Telegram ids exceed 32 bits). */
  platformId: string;
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

interface InboundBase {
  user: ChannelUser;
  /** Grievances are never discussed in a group; only private chats run the conversation. */
  chat: "private" | "group";
  /** The platform's idea of the person's language (e.g. Telegram's language_code), a hint only. */
  languageHint?: string;
}

export type InboundMessage = InboundBase &
  (
    | { kind: "text"; text: string }
    /** A pressed button; `value` is the Choice.value it was rendered from. */
    | { kind: "choice"; value: string }
    | { kind: "attachment"; attachment: StoredAttachment; caption?: string }
    /** A file the adapter could not keep (too large, download failed). */
    | { kind: "attachment_failed"; reason: "too_large" | "download_failed"; maxMb?: number }
    /** Stickers, locations, contacts, polls…: things the conversation cannot use. */
    | { kind: "unsupported"; what: string }
  );

/** An option the person can pick: a button on Telegram, a numbered line elsewhere. */
export interface Choice {
  label: string;
  value: string;
}

export interface Reply {
  /** Plain text. Adapters send it without markup parsing, so nothing a citizen typed is interpreted. */
  text: string;
  choices?: Choice[];
}

/** A stable key for one account, used for conversation state, tokens and locks. */
export function userKey(user: ChannelUser): string {
  return `${user.channel}/${user.botAccount}/${user.platformId}`;
}
