/** Recognising WeChat contacts across logins: stable ids as they are, or a tag in the remark. */
import { describe, expect, it } from "vitest";
import type { Contact } from "wechaty";
import { ContactDirectory } from "../../bots/wechat/contacts";
import { createLogger } from "../../src/log";

/** A contact whose remark is kept (or, with `keepsRemarks: false`, silently dropped) like a puppet's. */
function fakeContact(id: string, remark: string | undefined, keepsRemarks = true) {
  let alias = remark;
  return {
    id,
    alias: async (value?: string) => {
      if (value === undefined) return alias;
      if (keepsRemarks) alias = value;
      return undefined;
    },
  } as unknown as Contact;
}

function directory(mode: "stable" | "alias", contacts: Contact[]) {
  const warnings: string[] = [];
  const log = createLogger("warn");
  log.warn = ((message: string) => void warnings.push(message)) as typeof log.warn;
  const finder = {
    find: async (query: { id: string } | { alias: RegExp }) =>
      (await Promise.all(contacts.map(async (c) => ((("id" in query && c.id === query.id) || ("alias" in query && query.alias.test((await c.alias()) ?? ""))) ? c : undefined)))).find(Boolean),
  };
  return { directory: new ContactDirectory(mode, finder, log), warnings };
}

describe("WeChat contact identities", () => {
  it("uses the puppet's id as is when ids are stable", async () => {
    const contact = fakeContact("wxid_abc", undefined);
    const { directory: d } = directory("stable", [contact]);
    expect(await d.platformIdOf(contact)).toBe("wxid_abc");
    expect(await d.contactFor("wxid_abc")).toBe(contact);
  });

  it("tags a new contact's remark, keeps an operator's remark, and finds them again under a new id", async () => {
    const before = fakeContact("temp-1", "村委王主任");
    const first = directory("alias", [before]);
    const tag = await first.directory.platformIdOf(before);
    expect(tag).toMatch(/^mq-[a-z0-9]{10}$/);
    expect(await before.alias()).toBe(`村委王主任 ${tag}`);
    // Asked again, the same tag: the remark is read, not rewritten.
    expect(await first.directory.platformIdOf(before)).toBe(tag);

    // Next login: a new id, the remark as WeChat kept it.
    first.directory.forgetLogin();
    const after = fakeContact("temp-2", `村委王主任 ${tag}`);
    const second = directory("alias", [after]);
    expect(await second.directory.platformIdOf(after)).toBe(tag);
    expect(await second.directory.contactFor(tag)).toBe(after);
  });

  it("falls back to this login's id, and warns, when the puppet does not keep remarks", async () => {
    const contact = fakeContact("temp-9", undefined, false);
    const { directory: d, warnings } = directory("alias", [contact]);
    expect(await d.platformIdOf(contact)).toBe("temp-9");
    expect(warnings.join(" ")).toContain("did not keep the contact remark");
  });
});
