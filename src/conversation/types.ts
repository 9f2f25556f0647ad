/**
 * What the conversation core understands and says, with no platform in it. Adapters in bots/
 * turn platform updates into an InboundMessage and render each Reply in the platform's idiom
 * (inline keyboards on Telegram, numbered lists elsewhere).
 */
import type { ChannelUser, StoredAttachment } from "../kernel/channel";

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
    /** A point the person shared (WGS 84 degrees): Telegram's location or venue, WeChat's location. */
    | { kind: "location"; latitude: number; longitude: number }
    /** Stickers, contacts, polls…: things the conversation cannot use. */
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
