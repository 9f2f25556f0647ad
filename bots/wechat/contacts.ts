/**
 * Who a WeChat contact is, across logins. Puppets built on the iPad/Mac protocols
 * (wechaty-puppet-service with a PadLocal or similar token, wechaty-puppet-padlocal, wechaty-puppet-xp)
 * report the contact's wxid, which never changes: `stable` mode uses it as is. Web-protocol puppets
 * (wechaty-puppet-wechat, wechaty-puppet-wechat4u) hand out a new id at every login, so bindings,
 * drafts and notices keyed on it would silently point at nobody. In `alias` mode the bot writes a
 * tag of its own ("mq-…") into the contact's remark (备注) the first time it meets them; remarks are
 * kept by WeChat across logins and only this account can set them, so the tag read back at the
 * next message, whatever the contact's id is by then, says who they are.
 */
import type { Contact } from "wechaty";
import { randomCode } from "../../src/kernel/codes";
import type { Log } from "../../src/log";

export type ContactIdMode = "stable" | "alias";

/** What the directory needs of the logged-in bot: finding contacts. */
export interface ContactFinder {
  find(query: { id: string } | { alias: RegExp }): Promise<Contact | undefined>;
}

const tagPattern = /\bmq-([a-z0-9]{10})\b/;

export class ContactDirectory {
  /** This login's contact id for each tag seen; cleared at logout, when ids may change. */
  private readonly currentIds = new Map<string, string>();
  private warnedNoRemarks = false;

  constructor(
    private readonly mode: ContactIdMode,
    private readonly finder: ContactFinder,
    private readonly log: Log,
  ) {}

  /** The lasting id of the contact (our platformId). Tags the contact first if needed. */
  async platformIdOf(contact: Contact): Promise<string> {
    if (this.mode === "stable") return contact.id;
    const alias = (await contact.alias()) ?? "";
    const found = tagPattern.exec(alias);
    let tag = found ? `mq-${found[1]}` : undefined;
    if (!tag) {
      tag = `mq-${randomCode(10).toLowerCase()}`;
      // Kept next to a remark an operator may have written, not instead of it.
      await contact.alias(alias ? `${alias} ${tag}` : tag);
      const written = (await contact.alias()) ?? "";
      if (!written.includes(tag)) {
        // The puppet cannot set remarks: fall back to this login's id and say so, since the
        // contact will look like a new person after the next login.
        if (!this.warnedNoRemarks) {
          this.warnedNoRemarks = true;
          this.log.warn("wechat: this puppet did not keep the contact remark; contact ids will not survive a new login (set WECHAT_CONTACT_IDS=stable if the puppet's ids are stable)");
        }
        return contact.id;
      }
    }
    this.currentIds.set(tag, contact.id);
    return tag;
  }

  /** The contact behind a platformId in this login, or undefined if WeChat does not know them. */
  async contactFor(platformId: string): Promise<Contact | undefined> {
    if (this.mode === "stable" || !platformId.startsWith("mq-")) return this.finder.find({ id: platformId });
    const id = this.currentIds.get(platformId);
    if (id) return this.finder.find({ id });
    const contact = await this.finder.find({ alias: new RegExp(`\\b${platformId}\\b`) });
    if (contact) this.currentIds.set(platformId, contact.id);
    return contact;
  }

  /** After a logout the ids of this login mean nothing. */
  forgetLogin(): void {
    this.currentIds.clear();
  }
}
