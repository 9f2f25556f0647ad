/**
 * The conversation engine: one inbound message in, the replies out. Commands work at any step;
 * the intake dialogue itself lives in intake.ts. State is read once and written once per message,
 * so the cost of step 8 is the cost of step 1, and a restart continues where the person was.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../kernel/clock";
import { normaliseCode } from "../kernel/codes";
import { IntakeDialogue } from "./intake";
import type { ConversationPorts } from "./ports";
import type { ConversationState, StateStore } from "./state";
import { stateVersion } from "./state";
import { sanitiseText } from "./text";
import { formatCaseDetail, formatCaseList } from "./status";
import { render, type MessageKey, type MessageParams } from "../kernel/texts";
import { userKey, type ChannelUser, type Language } from "../kernel/channel";
import type { InboundMessage, Reply } from "./types";

/** Short texts adapters need outside a dialogue turn (button answers, apologies, hints, greetings). */
export type NoticeKey = "button_stale" | "button_foreign" | "error_generic" | "choose_by_number" | "friend_greeting";

/** What a chat adapter needs of the conversation (the engine provides it; adapter tests fake it). */
export interface ConversationPort {
  /** All replies to send, in order. */
  handle(message: InboundMessage): Promise<Reply[]>;
  /** A short text in the person's language. */
  notice(user: ChannelUser, key: NoticeKey): Promise<string>;
}

export interface EngineOptions {
  store: StateStore;
  ports: ConversationPorts;
  clock: Clock;
  defaultLanguage: Language;
  idleMinutes: number;
  maxDescriptionChars: number;
  timeZone: string;
  newDraftId?: () => string;
}

/** Plain words that work like commands at any step (and on channels without a command menu). */
const commandWords: Record<string, string> = {
  取消: "cancel",
  算了: "cancel",
  不要了: "cancel",
  cancel: "cancel",
  stop: "cancel",
  查询: "status",
  进度: "status",
  查进度: "status",
  status: "status",
  帮助: "help",
  help: "help",
  关联账号: "link",
  首选: "prefer",
};

export class ConversationEngine {
  private readonly intake: IntakeDialogue;

  constructor(private readonly options: EngineOptions) {
    this.intake = new IntakeDialogue({
      ports: options.ports,
      maxDescriptionChars: options.maxDescriptionChars,
      clock: options.clock,
      newDraftId: options.newDraftId ?? randomUUID,
    });
  }

  async handle(message: InboundMessage): Promise<Reply[]> {
    const key = userKey(message.user);
    const now = this.options.clock.now();
    const stored = await this.options.store.get(key);
    const state: ConversationState = stored ?? {
      v: stateVersion,
      language: this.initialLanguage(message.languageHint),
      lastActiveAt: now.toISOString(),
    };
    const t = (messageKey: MessageKey, params?: MessageParams) => render(state.language, messageKey, params);

    if (message.chat === "group") return [{ text: t("group_chat") }];

    const replies: Reply[] = [];
    if (state.intake && now.getTime() - Date.parse(state.lastActiveAt) > this.options.idleMinutes * 60_000) {
      state.intake = undefined;
      replies.push({ text: t("expired") });
      if (message.kind === "choice") {
        await this.save(key, state, now);
        return replies;
      }
    }

    const command = message.kind === "text" ? (parseCommand(message.text) ?? commandWord(message.text)) : undefined;
    if (command) {
      replies.push(...(await this.runCommand(command, message.user, state)));
    } else if (message.kind === "choice" && !state.intake) {
      // A button from a finished or cancelled petition: it must not start anything new.
      replies.push({ text: render(state.language, "button_stale") }, { text: render(state.language, "idle_hint") });
    } else if (state.intake) {
      const result = await this.intake.answer(state.intake, message, state.language);
      state.intake = result.intake;
      replies.push(...result.replies);
    } else {
      replies.push(...(await this.startIntake(state, message)));
    }
    await this.save(key, state, now);
    return replies;
  }

  /** A short text for the adapter's own notices (button answers, apologies), in the person's language. */
  async notice(user: ChannelUser, key: NoticeKey): Promise<string> {
    const state = await this.options.store.get(userKey(user));
    return render(state?.language ?? this.options.defaultLanguage, key);
  }

  private async runCommand(command: { name: string; argument: string }, user: ChannelUser, state: ConversationState): Promise<Reply[]> {
    const t = (key: MessageKey, params?: MessageParams) => render(state.language, key, params);
    switch (command.name) {
      case "start":
        if (state.intake) return this.intake.reprompt(state.intake, state.language);
        return this.startIntake(state, undefined);
      case "help":
        return [{ text: t("help") }, ...(state.intake ? await this.intake.reprompt(state.intake, state.language) : [])];
      case "cancel":
        return this.cancel(state);
      case "lang": {
        const wanted = command.argument.toLowerCase();
        const language: Language | undefined = wanted.startsWith("en") ? "en" : wanted.startsWith("zh") || wanted === "中文" ? "zh-CN" : undefined;
        if (!language) return [{ text: t("language_unknown") }];
        state.language = language;
        const reprompt = state.intake ? await this.intake.reprompt(state.intake, language) : [];
        return [{ text: render(language, "language_set") }, ...reprompt];
      }
      case "status":
        return this.status(user, state.language, command.argument);
      case "bind":
        return this.bind(user, state.language, command.argument);
      case "prefer":
        return [{ text: t((await this.options.ports.preferAccount(user)) ? "prefer_ok" : "prefer_nothing") }];
      case "link":
        return this.link(user, state.language, command.argument);
      default:
        return [{ text: t("unknown_command") }];
    }
  }

  private async startIntake(state: ConversationState, first: InboundMessage | undefined): Promise<Reply[]> {
    const { intake, replies } = await this.intake.begin(first, state.language);
    state.intake = intake;
    return [{ text: render(state.language, "greeting") }, ...replies];
  }

  private cancel(state: ConversationState): Reply[] {
    const had = state.intake !== undefined;
    state.intake = undefined;
    return [{ text: render(state.language, had ? "cancelled" : "nothing_to_cancel") }];
  }

  private async status(user: ChannelUser, language: Language, argument: string): Promise<Reply[]> {
    const org = await this.options.ports.org();
    if (argument) {
      const view = await this.options.ports.caseOf(user, normaliseCode(argument));
      if (!view) return [{ text: render(language, "status_not_found") }];
      return [{ text: formatCaseDetail(view, org, language, this.options.timeZone) }];
    }
    const views = await this.options.ports.casesOf(user);
    if (views.length === 0) return [{ text: render(language, "status_none") }];
    return [{ text: formatCaseList(views, org, language, this.options.timeZone) }];
  }

  private async bind(user: ChannelUser, language: Language, argument: string): Promise<Reply[]> {
    if (!argument) return [{ text: render(language, "bind_usage") }];
    const outcome = await this.options.ports.bindOfficial(user, language, argument);
    if (outcome.ok) return [{ text: render(language, "bind_ok", { name: outcome.officialName }) }];
    return [{ text: render(language, `bind_${outcome.reason}`) }];
  }

  private async link(user: ChannelUser, language: Language, argument: string): Promise<Reply[]> {
    if (!argument) {
      const { code, minutes } = await this.options.ports.issueLinkCode(user);
      return [{ text: render(language, "link_code", { code, minutes }) }];
    }
    const outcome = await this.options.ports.linkAccount(user, language, argument);
    if (outcome.ok) return [{ text: render(language, "link_ok", { count: outcome.movedCases }) }];
    return [{ text: render(language, outcome.reason === "same_account" ? "link_same_account" : "link_invalid") }];
  }

  private initialLanguage(hint: string | undefined): Language {
    if (hint?.toLowerCase().startsWith("zh")) return "zh-CN";
    return this.options.defaultLanguage;
  }

  private async save(key: string, state: ConversationState, now: Date) {
    state.lastActiveAt = now.toISOString();
    await this.options.store.set(key, state);
  }
}

/** "/status MQ123", "/start@MinqingBot", "/bind  ab12" → name and argument; anything else → undefined. */
export function parseCommand(text: string): { name: string; argument: string } | undefined {
  const match = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(sanitiseText(text));
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), argument: (match[2] ?? "").trim() };
}

function commandWord(text: string): { name: string; argument: string } | undefined {
  const name = commandWords[sanitiseText(text).toLowerCase()];
  return name ? { name, argument: "" } : undefined;
}
