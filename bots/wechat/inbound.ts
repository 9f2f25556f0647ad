/**
 * A Wechaty message → our channel-neutral InboundMessage. Images, files, voice and video are
 * downloaded into the file store here (the conversation only ever sees a stored reference);
 * a location becomes its point when the puppet gives one (from the puppet's location payload; a puppet that cannot
 * read locations throws, and the message stays "unsupported"); stickers, cards and links become "unsupported" so the person hears what to send
 * instead; system messages, recalls and payments are not for the conversation and are ignored.
 */
import { types, type Message } from "wechaty";
import type { AttachmentKind } from "../../src/kernel/channel";
import type { InboundMessage } from "../../src/conversation/types";
import type { FileStore } from "../../src/files/file-store";
import type { Log } from "../../src/log";

export type InboundBase = Pick<InboundMessage, "user" | "chat">;

const fileKinds: Partial<Record<types.Message, { kind: AttachmentKind; mimeType: string }>> = {
  [types.Message.Image]: { kind: "photo", mimeType: "image/jpeg" },
  [types.Message.Attachment]: { kind: "document", mimeType: "application/octet-stream" },
  // WeChat voice messages are SILK-encoded; kept as they come, officials' clients can play them.
  [types.Message.Audio]: { kind: "voice", mimeType: "audio/silk" },
  [types.Message.Video]: { kind: "video", mimeType: "video/mp4" },
};

const unsupportedKinds: Partial<Record<types.Message, string>> = {
  [types.Message.Emoticon]: "sticker",
  [types.Message.Location]: "location",
  [types.Message.Contact]: "contact",
  [types.Message.Url]: "link",
  [types.Message.MiniProgram]: "mini_program",
  [types.Message.ChatHistory]: "chat_history",
};

export interface WechatFileOptions {
  store: FileStore;
  maxMb: number;
  log: Log;
}

export async function toInbound(message: Message, base: InboundBase, files: WechatFileOptions, text: string): Promise<InboundMessage | undefined> {
  const type = message.type();
  if (type === types.Message.Text) return { ...base, kind: "text", text };
  const file = fileKinds[type];
  if (file) return { ...base, ...(await download(message, file, files)) };
  if (type === types.Message.Location) {
    const point = await locationOf(message);
    if (point) return { ...base, kind: "location", ...point };
  }
  const what = unsupportedKinds[type];
  return what ? { ...base, kind: "unsupported", what } : undefined;
}

/**
 * The shared point, or undefined when the puppet gives none (or nonsense). Read from the puppet's
 * payload: wechaty 1.20's Message.toLocation() builds its Location class unbound and always throws
 * ("Wechaty User Class (WUC) can not be instantiated directly"). A puppet that cannot read
 * locations throws here too, and the message stays "unsupported".
 */
async function locationOf(message: Message): Promise<{ latitude: number; longitude: number } | undefined> {
  try {
    const { latitude, longitude } = await message.wechaty.puppet.messageLocation(message.id);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
    return { latitude, longitude };
  } catch {
    return undefined;
  }
}

type Downloaded = Extract<InboundMessage, { kind: "attachment" | "attachment_failed" }> extends infer M ? (M extends unknown ? Omit<M, keyof InboundBase> : never) : never;

async function download(message: Message, file: { kind: AttachmentKind; mimeType: string }, options: WechatFileOptions): Promise<Downloaded> {
  const maxBytes = options.maxMb * 1024 * 1024;
  const tooLarge = { kind: "attachment_failed", reason: "too_large", maxMb: options.maxMb } as const;
  try {
    const box = await message.toFileBox();
    // The stated size is -1 when unknown, and only a claim otherwise: checked again on the bytes.
    if (box.size > maxBytes) return tooLarge;
    const bytes = await box.toBuffer();
    if (bytes.byteLength > maxBytes) return tooLarge;
    const saved = await options.store.save(bytes);
    return {
      kind: "attachment",
      attachment: {
        kind: file.kind,
        sha256: saved.sha256,
        mimeType: box.mediaType || file.mimeType,
        size: saved.size,
        storageKey: saved.storageKey,
        ...(box.name ? { fileName: box.name } : {}),
      },
    };
  } catch (error) {
    options.log.warn({ fileKind: file.kind, error: error instanceof Error ? error.name : "unknown" }, "wechat attachment download failed");
    return { kind: "attachment_failed", reason: "download_failed" };
  }
}
