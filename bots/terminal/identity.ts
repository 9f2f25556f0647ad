import type { ChannelUser } from "../../src/kernel/channel";

/** The terminal's bot account: one terminal channel per deployment. */
export const terminalAccount = "terminal";

/** Who is typing: `--as NAME` (default the OS user), normalised so "Alice" and "alice" are one. */
export function terminalUser(name: string): ChannelUser {
  const id = name.normalize("NFKC").trim().toLowerCase();
  if (!id) throw new Error("--as needs a name");
  if (id.length > 64) throw new Error("--as: a name of at most 64 characters");
  if (/[\p{Cc}\p{Cf}\s]/u.test(id)) throw new Error("--as: a name without spaces or control characters");
  return { channel: "terminal", botAccount: terminalAccount, platformId: id };
}
