/**
 * The WeChat conversation: messages in, the conversation's replies out, through one logged-in
 * Wechaty. It translates and nothing else; what to say is the conversation's business.
 *
 * Private chats run the guided conversation. In groups the bot speaks only when @mentioned, and
 * then only the conversation's one neutral line ("add me as a friend…"): a grievance is never
 * discussed in front of a group. Friend requests are accepted and greeted, since a petitioner
 * must be a friend before they can write privately.
 */
import { types, type Contact, type Friendship, type Message, type Wechaty } from "wechaty";
import type { ConversationPort } from "../../src/conversation/engine";
import type { ChannelUser } from "../../src/kernel/channel";
import type { Log } from "../../src/log";
import type { ContactDirectory } from "./contacts";
import { toInbound, type WechatFileOptions } from "./inbound";
import type { Pacer } from "./pacer";
import { renderReply, renderTurn } from "./render";

export interface WechatConversationOptions {
  /** Our name for this WeChat account (identities' botAccount); stable across logins. */
  account: string;
  conversation: ConversationPort;
  directory: ContactDirectory;
  pacer: Pacer;
  files: WechatFileOptions;
  /** Said to a new friend; the catalogue's greeting when unset. */
  greeting?: string;
  /**
   * True the first time a message id is seen. Puppets may deliver a message again after a
   * reconnect; a repeated "confirm" must not act twice.
   */
  firstSeen(messageId: string): Promise<boolean>;
  log: Log;
}

export function attachConversation(bot: Wechaty, options: WechatConversationOptions): void {
  const { conversation, directory, pacer, log } = options;
  const inOrder = new SerialQueues();

  async function say(to: Contact | NonNullable<ReturnType<Message["room"]>>, key: string, parts: string[]): Promise<void> {
    for (const part of parts) {
      await pacer.turn(key, "reply");
      await to.say(part);
    }
  }

  async function onPrivate(message: Message, talker: Contact): Promise<void> {
    const user: ChannelUser = { channel: "wechat", botAccount: options.account, platformId: await directory.platformIdOf(talker) };
    try {
      const inbound = await toInbound(message, { user, chat: "private" }, options.files, message.text());
      if (!inbound) return;
      const replies = await conversation.handle(inbound);
      const hint = replies.some((reply) => reply.choices?.length) ? await conversation.notice(user, "choose_by_number") : "";
      await say(talker, user.platformId, renderTurn(replies, hint));
    } catch (error) {
      log.error({ error: errorName(error) }, "wechat message failed");
      const apology = await conversation.notice(user, "error_generic").catch(() => undefined);
      if (apology) await say(talker, user.platformId, [apology]).catch(() => {});
    }
  }

  async function onGroup(message: Message, talker: Contact): Promise<void> {
    const room = message.room()!;
    // Unmentioned group talk is not for us; not even read further.
    if (!(await message.mentionSelf())) return;
    const user: ChannelUser = { channel: "wechat", botAccount: options.account, platformId: talker.id };
    const replies = await conversation.handle({ user, chat: "group", kind: "text", text: "" });
    for (const reply of replies) await say(room, room.id, renderReply({ text: reply.text }, ""));
  }

  bot.on("message", (message: Message) => {
    if (message.self()) return;
    const talker = message.talker();
    // Official accounts and WeChat's own service notices are not people.
    if (talker.type() !== types.Contact.Individual) return;
    const room = message.room();
    const key = room ? `room:${room.id}` : talker.id;
    const handle = async () => {
      if (!(await options.firstSeen(message.id))) return;
      await (room ? onGroup(message, talker) : onPrivate(message, talker));
    };
    inOrder.run(key, handle).catch((error: unknown) => {
      log.error({ error: errorName(error) }, "wechat message failed");
    });
  });

  bot.on("friendship", (friendship: Friendship) => {
    void acceptFriend(friendship).catch((error: unknown) => log.error({ error: errorName(error) }, "wechat friend request failed"));
  });

  async function acceptFriend(friendship: Friendship): Promise<void> {
    if (friendship.type() !== types.Friendship.Receive) return;
    await friendship.accept();
    const contact = friendship.contact();
    const user: ChannelUser = { channel: "wechat", botAccount: options.account, platformId: await directory.platformIdOf(contact) };
    log.info("wechat friend request accepted");
    await say(contact, user.platformId, [options.greeting ?? (await conversation.notice(user, "friend_greeting"))]);
  }
}

/** Runs work for one key strictly in turn (one contact's messages), different keys in parallel. */
class SerialQueues {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/** The error's type and the start of its message: puppet errors can be long, and the log is no place for what people wrote. */
function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 120)}` : "unknown error";
}
