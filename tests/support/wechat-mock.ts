/**
 * WeChat without the network: wechaty-puppet-mock's Mocker plays WeChat's side. People are mock
 * contacts who write to the bot's account and read what it sends them; the test logs the account
 * in and out. The puppet below fills the mock's gaps that this product relies on, as the Telegram
 * emulator's transformer does there:
 * - contact remarks (aliases) are kept, as WeChat keeps them (the mock forgets them);
 * - friend requests can be emitted with a payload (the mock never makes them).
 */
import { randomBytes } from "node:crypto";
import { FileBox } from "file-box";
import { types, type payloads } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";

type ContactMock = ReturnType<mock.Mocker["createContact"]>;
type RoomMock = ReturnType<mock.Mocker["createRoom"]>;
type MessageMock = InstanceType<mock.Mocker["MessageMock"]>;

export class TestPuppet extends PuppetMock {
  private readonly friendships = new Map<string, payloads.Friendship>();
  readonly acceptedFriendships: string[] = [];

  override async contactAlias(contactId: string, alias?: string | null): Promise<any> {
    const payload = this.mocker.contactPayload(contactId);
    if (alias === undefined) return payload.alias ?? "";
    this.mocker.contactPayload(contactId, { ...payload, alias: alias ?? "" });
    await this.dirtyPayload(types.Payload.Contact, contactId);
  }

  /** A stranger asks to be friends, as WeChat would announce it. */
  requestFriendship(contactId: string, hello: string): string {
    const id = `friendship-${randomBytes(4).toString("hex")}`;
    this.friendships.set(id, { id, contactId, hello, ticket: id, timestamp: Date.now(), type: types.Friendship.Receive });
    this.emit("friendship", { friendshipId: id });
    return id;
  }

  override async friendshipRawPayload(id: string): Promise<any> {
    const payload = this.friendships.get(id);
    if (!payload) throw new Error(`no friendship ${id}`);
    return payload;
  }

  override async friendshipAccept(id: string): Promise<void> {
    this.acceptedFriendships.push(id);
  }
}

/** One thing the bot sent: a text, or a file with its name and bytes. */
export interface WechatReceived {
  text?: string;
  file?: { name: string; bytes: Buffer };
}

export class WechatWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new TestPuppet({ mocker: this.mocker });
  readonly account: ContactMock;

  constructor(botName = "民情直通车") {
    this.account = this.mocker.createContact({ name: botName });
  }

  login(): void {
    this.mocker.login(this.account);
  }

  async logout(): Promise<void> {
    await this.puppet.logout();
  }

  scan(value: string): void {
    this.mocker.scan(value, types.ScanStatus.Waiting);
  }

  person(name: string, payload: { alias?: string } = {}): WechatPerson {
    return new WechatPerson(this, this.mocker.createContact({ name, ...payload }));
  }

  group(topic: string, members: WechatPerson[]): WechatGroup {
    const room = this.mocker.createRoom({ topic, memberIdList: [this.account.id, ...members.map((m) => m.contact.id)] });
    return new WechatGroup(this, room);
  }
}

/** Collects what the bot says in one conversation, for `next` to wait on. */
class Inbox {
  private readonly received: WechatReceived[] = [];
  /** Everything ever received here, taken or not. */
  total = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly from: () => string) {}

  listen(emitter: { on(event: "message", listener: (message: MessageMock) => void): unknown }): void {
    emitter.on("message", (message: MessageMock) => {
      if (message.talker().id !== this.from()) return;
      void this.take(message);
    });
  }

  private async take(message: MessageMock): Promise<void> {
    this.total += 1;
    if (message.type() === types.Message.Text) this.received.push({ text: message.text() ?? "" });
    else {
      const box = await message.toFileBox();
      this.received.push({ file: { name: box.name, bytes: await box.toBuffer() } });
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Everything received so far and not yet taken by `next`. */
  pending(): WechatReceived[] {
    return [...this.received];
  }

  /** Removes and returns the first message satisfying `test` (and the ones before it), waiting for it. */
  async next(test: (message: WechatReceived) => boolean = () => true, timeoutMs = 8000): Promise<WechatReceived> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(test);
      if (index >= 0) return this.received.splice(0, index + 1)[index]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching WeChat message within ${timeoutMs} ms; got ${JSON.stringify(this.received.map((r) => r.text ?? `[file ${r.file?.name}]`))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits `ms` and returns what arrived meanwhile (for "nothing is said" checks). */
  async quietFor(ms: number): Promise<WechatReceived[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.received.splice(0);
  }
}

export class WechatPerson {
  readonly inbox: Inbox;

  constructor(
    readonly world: WechatWorld,
    public contact: ContactMock,
  ) {
    this.inbox = new Inbox(() => world.account.id);
    this.inbox.listen(contact);
  }

  /** Sends a text; returns the message's id (to deliver it again with `redeliver`). */
  say(text: string): string {
    const id = `message-${randomBytes(6).toString("hex")}`;
    this.world.mocker.MessageMock.create({ id, type: types.Message.Text, text, talkerId: this.contact.id, listenerId: this.world.account.id, timestamp: Date.now() } as payloads.Message);
    this.world.puppet.emit("message", { messageId: id });
    return id;
  }

  /** The puppet delivers an earlier message again, as some do after a reconnect. */
  redeliver(messageId: string): void {
    this.world.puppet.emit("message", { messageId });
  }

  /**
   * Sends a file. The mock guesses WeChat's type (image, voice, video) from the name, and takes
   * documents such as PDFs for unknown messages; pass `type` to say what WeChat would.
   */
  sendFile(bytes: Uint8Array, name: string, type?: types.Message): void {
    const box = FileBox.fromBase64(Buffer.from(bytes).toString("base64"), name);
    if (type === undefined) return this.contact.say(box).to(this.world.account);
    const id = `message-${randomBytes(6).toString("hex")}`;
    this.world.mocker.cacheFileBoxPayload.set(id, box.toJSON());
    this.world.mocker.MessageMock.create({ id, type, talkerId: this.contact.id, listenerId: this.world.account.id, timestamp: Date.now() } as payloads.Message);
    this.world.puppet.emit("message", { messageId: id });
  }

  /** Sends a message of a kind the mock cannot make by itself (a sticker, a location, a card…). */
  sendKind(type: types.Message): void {
    const id = `message-${randomBytes(6).toString("hex")}`;
    const message = this.world.mocker.MessageMock.create({ id, type, talkerId: this.contact.id, listenerId: this.world.account.id, timestamp: Date.now(), text: "" } as payloads.Message);
    this.world.puppet.emit("message", { messageId: message.id });
  }

  /**
   * The same person as WeChat shows them after a new login on a web-protocol puppet: a new contact
   * id, the same name and the remark the bot wrote. What they receive is read from the new contact.
   */
  reappearWithNewId(): void {
    const { id: old, ...payload } = this.world.mocker.contactPayload(this.contact.id);
    // The old id is gone from the account's contact list, as after a real new login.
    this.world.mocker.cacheContactPayload.delete(old);
    this.contact = this.world.mocker.createContact(payload);
    this.inbox.listen(this.contact);
  }

  next(test?: (message: WechatReceived) => boolean, timeoutMs?: number): Promise<WechatReceived> {
    return this.inbox.next(test, timeoutMs);
  }
}

export class WechatGroup {
  readonly inbox: Inbox;

  constructor(
    readonly world: WechatWorld,
    readonly room: RoomMock,
  ) {
    this.inbox = new Inbox(() => world.account.id);
    this.inbox.listen(room);
  }

  say(from: WechatPerson, text: string, mentionBot = false): void {
    from.contact.say(text, mentionBot ? [this.world.account] : []).to(this.room);
  }
}

/** A text message containing `text`. */
export const says = (text: string) => (message: WechatReceived) => message.text?.includes(text) ?? false;
