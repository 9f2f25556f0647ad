/**
 * Notices to WeChat contacts, called by the WeChat queue's worker in the process logged in to
 * WeChat. Every message waits for its slot from the pacer it shares with the conversation's
 * replies, so the account's overall rate holds whatever mix is being sent. While the account is
 * logged out, sending waits (ChannelOfflineError spends no attempt) until the next login. A
 * notice's actions are numbered lines under its last part; the notice's own text says to reply
 * with the number or the words, so no hint is added here.
 */
import { FileBox } from "file-box";
import { ChannelOfflineError, type ChannelAddress, type ChannelSender, type OutboundFile } from "../../src/channels/sender";
import { numberedText } from "../../src/conversation/numbered";
import type { Choice } from "../../src/conversation/types";
import type { ContactDirectory } from "./contacts";
import type { Pacer } from "./pacer";
import { maxMessageLength } from "./render";

const extensions: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/gif": "gif",
  "image/webp": "webp",
  "audio/silk": "silk",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "video/mp4": "mp4",
  "application/pdf": "pdf",
};

export class WechatSender implements ChannelSender {
  readonly channel = "wechat" as const;
  readonly maxTextLength = maxMessageLength;

  constructor(
    private readonly session: { isLoggedIn: boolean },
    private readonly directory: ContactDirectory,
    private readonly pacer: Pacer,
  ) {}

  async send(to: ChannelAddress, text: string, choices: Choice[] = []): Promise<void> {
    const contact = await this.contact(to);
    await this.pacer.turn(to.platformId);
    await contact.say(numberedText({ text, choices }));
  }

  async sendFile(to: ChannelAddress, file: OutboundFile): Promise<void> {
    const contact = await this.contact(to);
    // WeChat shows a file as a picture, a video or a document by its name's extension.
    const name = file.fileName ?? `${file.kind}.${extensions[file.mimeType] ?? "bin"}`;
    await this.pacer.turn(to.platformId);
    await contact.say(FileBox.fromBase64(Buffer.from(file.bytes).toString("base64"), name));
  }

  private async contact(to: ChannelAddress) {
    if (!this.session.isLoggedIn) throw new ChannelOfflineError(`WeChat account ${to.botAccount}`);
    const contact = await this.directory.contactFor(to.platformId);
    // Not found may mean the contact list is still loading after a login: retried, not dropped.
    if (!contact) throw new Error("WeChat contact not found in this login");
    return contact;
  }
}
