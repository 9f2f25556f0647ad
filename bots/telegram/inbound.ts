/**
 * A Telegram update → our channel-neutral InboundMessage. Pure translation: what to do with a
 * group message, a sticker or an oversized file is the conversation's business, not ours.
 */
import type { Context } from "grammy";
import type { Message } from "grammy/types";
import type { ChannelUser } from "../../src/kernel/channel";
import type { InboundMessage } from "../../src/conversation/types";
import type { AttachmentOutcome, TelegramFileRef } from "./files";

export type Download = (ref: TelegramFileRef) => Promise<AttachmentOutcome>;

type Base = Pick<InboundMessage, "user" | "chat" | "languageHint">;

/** The person behind an update, or undefined for updates nobody we serve wrote (bots, channels). */
export function channelUser(ctx: Context): ChannelUser | undefined {
  const from = ctx.from;
  if (!from || from.is_bot) return undefined;
  return { channel: "telegram", botAccount: ctx.me.username, platformId: String(from.id) };
}

/** The part every inbound message shares; undefined when the update is not ours to answer. */
export function inboundBase(ctx: Context): Base | undefined {
  const user = channelUser(ctx);
  if (!user) return undefined;
  // A button pressed on an inline message has no chat; it can only be the person's own.
  const type = ctx.chat?.type ?? "private";
  if (type === "channel") return undefined;
  const chat = type === "private" ? "private" : "group";
  const languageHint = ctx.from?.language_code;
  return { user, chat, ...(languageHint !== undefined ? { languageHint } : {}) };
}

/** Content we cannot use, by the field Telegram marks it with; checked in this order. */
const unsupportedKinds = [
  "sticker",
  "animation",
  "contact",
  "poll",
  "dice",
  "game",
  "story",
  "invoice",
  "paid_media",
  "checklist",
  "giveaway",
] as const satisfies readonly (keyof Message)[];

/**
 * Translates a message; downloads its file through `download`. Undefined means "ignore quietly":
 * service messages (someone joined, a pin), commands addressed to another bot in a group.
 */
export async function toInbound(ctx: Context, message: Message, download: Download): Promise<InboundMessage | undefined> {
  const base = inboundBase(ctx);
  if (!base) return undefined;

  if (message.text !== undefined) {
    const text = withoutBotMention(message.text, ctx.me.username);
    return text === undefined ? undefined : { ...base, kind: "text", text };
  }

  // A venue carries its point in `location` too: either way the person said where it is.
  const point = message.venue?.location ?? message.location;
  if (point) return { ...base, kind: "location", latitude: point.latitude, longitude: point.longitude };

  const ref = fileRef(message);
  if (ref) {
    const outcome = await download(ref);
    if (outcome.kind === "attachment_failed") return { ...base, ...outcome };
    return { ...base, ...outcome, ...(message.caption !== undefined ? { caption: message.caption } : {}) };
  }

  const what = unsupportedKinds.find((kind) => message[kind] !== undefined);
  if (what) return { ...base, kind: "unsupported", what };
  return undefined;
}

function fileRef(message: Message): TelegramFileRef | undefined {
  if (message.photo && message.photo.length > 0) {
    // Telegram sends several sizes of one photo; keep the largest.
    const largest = message.photo.reduce((best, size) => (size.width * size.height > best.width * best.height ? size : best));
    return { kind: "photo", fileId: largest.file_id, ...size(largest.file_size), mimeType: "image/jpeg" };
  }
  // An animation (GIF) also fills `document` for old clients; it is not a document to us.
  if (message.document && !message.animation) {
    const { document } = message;
    return {
      kind: "document",
      fileId: document.file_id,
      ...size(document.file_size),
      mimeType: document.mime_type ?? "application/octet-stream",
      ...(document.file_name !== undefined ? { fileName: document.file_name } : {}),
    };
  }
  if (message.voice) {
    const { voice } = message;
    return { kind: "voice", fileId: voice.file_id, ...size(voice.file_size), mimeType: voice.mime_type ?? "audio/ogg" };
  }
  if (message.audio) {
    // A recorded statement sent as a music file is still someone speaking: treat it as voice.
    const { audio } = message;
    return {
      kind: "voice",
      fileId: audio.file_id,
      ...size(audio.file_size),
      mimeType: audio.mime_type ?? "audio/mpeg",
      ...(audio.file_name !== undefined ? { fileName: audio.file_name } : {}),
    };
  }
  if (message.video) {
    const { video } = message;
    return {
      kind: "video",
      fileId: video.file_id,
      ...size(video.file_size),
      mimeType: video.mime_type ?? "video/mp4",
      ...(video.file_name !== undefined ? { fileName: video.file_name } : {}),
    };
  }
  if (message.video_note) {
    const note = message.video_note;
    return { kind: "video", fileId: note.file_id, ...size(note.file_size), mimeType: "video/mp4" };
  }
  return undefined;
}

function size(fileSize: number | undefined): { fileSize?: number } {
  return fileSize !== undefined ? { fileSize } : {};
}

/**
 * In groups Telegram suffixes commands with the bot's name (/status@minqing_bot). The conversation
 * knows commands as /status, so the suffix naming us is dropped; one naming another bot means the
 * message was not for us (undefined).
 */
export function withoutBotMention(text: string, botUsername: string): string | undefined {
  const match = /^(\/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)/.exec(text);
  if (!match) return text;
  if (match[2]!.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return match[1]! + text.slice(match[0].length);
}
