/**
 * Commands that answer at once, outside any dialogue step: each says who may use it. The engine's
 * own commands (start, help, cancel, lang) act on the dialogues and live in engine.ts.
 */
import { normaliseCode } from "../kernel/codes";
import type { ChannelUser, Language } from "../kernel/channel";
import type { MessageKey, MessageParams } from "../kernel/texts";
import type { ConversationPorts } from "./ports";
import type { Audience } from "./speaker";
import { formatCaseDetail, formatCaseList } from "./status";
import type { Reply } from "./types";

export interface CommandContext {
  user: ChannelUser;
  language: Language;
  ports: ConversationPorts;
  timeZone: string;
  /** A catalogue text in the person's language and channel idiom. */
  t(key: MessageKey, params?: MessageParams): string;
}

export interface CommandDeclaration {
  name: string;
  /** Plain words that work like the command on its own (channels without a command menu). */
  words?: string[];
  /** Other text that means this command on its own, with its argument (e.g. a pasted tracking code). */
  recognise?(text: string): string | undefined;
  who: Audience;
  run(argument: string, ctx: CommandContext): Promise<Reply[]>;
}

/** "MQ2345ABCD", "查询 MQ2345ABCD", "进度：mq 2345 abcd" → the tracking code; anything else → undefined. */
export function trackingCodeQuery(text: string): string | undefined {
  const match = /^(?:(?:查询码|查询|查进度|进度|status)[\s:：]*)?(mq[\s\-0-9a-z]{8,14})$/i.exec(text.normalize("NFKC").trim());
  if (!match) return undefined;
  const code = normaliseCode(match[1]!);
  return /^MQ[0-9A-Z]{8}$/.test(code) ? code : undefined;
}

const status: CommandDeclaration = {
  name: "status",
  words: ["查询", "进度", "查进度", "status"],
  recognise: trackingCodeQuery,
  who: "citizen",
  run: async (argument, { user, language, ports, timeZone, t }) => {
    const org = await ports.org();
    if (argument) {
      const view = await ports.caseOf(user, normaliseCode(argument));
      if (!view) return [{ text: t("status_not_found") }];
      return [{ text: formatCaseDetail(view, org, language, timeZone) }];
    }
    const views = await ports.casesOf(user);
    if (views.length === 0) return [{ text: t("status_none") }];
    return [{ text: formatCaseList(views, org, language, timeZone) }];
  },
};

/** Officials bind their chat account with a code from the petition office: before binding they are "anyone". */
/** "绑定 CODE" / "关联账号 CODE" typed on channels without slash commands → the code. */
function wordWithCode(word: string) {
  return (text: string): string | undefined => {
    const match = new RegExp(`^${word}[\\s:：]+([0-9a-z][0-9a-z\\s-]{3,20})$`, "i").exec(text.normalize("NFKC").trim());
    return match ? match[1]!.trim() : undefined;
  };
}

const bind: CommandDeclaration = {
  name: "bind",
  recognise: wordWithCode("绑定"),
  who: "anyone",
  run: async (argument, { user, language, ports, t }) => {
    if (!argument) return [{ text: t("bind_usage") }];
    const outcome = await ports.bindOfficial(user, language, argument);
    if (outcome.ok) return [{ text: t("bind_ok", { name: outcome.officialName }) }];
    return [{ text: t(`bind_${outcome.reason}`) }];
  },
};

const prefer: CommandDeclaration = {
  name: "prefer",
  words: ["首选"],
  who: "anyone",
  run: async (_argument, { user, ports, t }) => [{ text: t((await ports.preferAccount(user)) ? "prefer_ok" : "prefer_nothing") }],
};

const link: CommandDeclaration = {
  name: "link",
  words: ["关联账号"],
  recognise: wordWithCode("关联账号"),
  who: "citizen",
  run: async (argument, { user, language, ports, t }) => {
    if (!argument) {
      const { code, minutes } = await ports.issueLinkCode(user);
      return [{ text: t("link_code", { code, minutes }) }];
    }
    const outcome = await ports.linkAccount(user, language, argument);
    if (outcome.ok) return [{ text: t("link_ok", { count: outcome.movedCases }) }];
    return [{ text: t(outcome.reason === "same_account" ? "link_same_account" : "link_invalid") }];
  },
};

export const commands: CommandDeclaration[] = [status, bind, prefer, link];
