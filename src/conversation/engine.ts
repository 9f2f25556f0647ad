/**
 * The conversation engine: one inbound message in, the replies out. It runs the dialogues declared
 * in dialogue.ts, the same machinery for each: choices numbered and scoped, stale buttons spotted,
 * typed numbers mapped to the choices shown, cancel, help, language and idle drafts. Commands work
 * at any step, typed or pressed: a choice whose value is a command ("/accept MQ2345ABCD", a
 * notice's button) runs as that command. On channels without buttons, a number typed while no
 * dialogue shows choices picks from the commands last offered outside one (a notice's numbered
 * actions, ./last-actions.ts). State is read once and written once per message, so the cost of
 * step 8 is the cost of step 1, and a restart continues where the person was.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../kernel/clock";
import { render, type MessageKey, type MessageParams } from "../kernel/texts";
import { idiomOf, userKey, type ChannelUser, type Language } from "../kernel/channel";
import type { OrgSnapshot } from "../org/types";
import { parseScopedValue, scopeChoices, typedNumber } from "./choices";
import { commands as defaultCommands, type CommandContext, type CommandDeclaration } from "./commands";
import { sayReply, type AnyDialogue, type DialogueContext, type Said, type StartingMessage, type StepDeclaration, type Turn } from "./dialogue";
import { caseworkCommands, caseworkDialogues, surveyReply } from "./casework";
import { intakeDialogue } from "./dialogues/intake";
import { visitDialogue } from "./dialogues/intake/visit";
import { claimDialogue } from "./dialogues/claim";
import type { ConversationPorts } from "./ports";
import { mayUse, type Speaker } from "./speaker";
import type { ConversationState, DialogueRun, StateStore } from "./state";
import { stateVersion } from "./state";
import { sanitiseText } from "./text";
import type { InboundMessage, Reply } from "./types";
import type { LastActions } from "./last-actions";

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
  /** A draft idle longer than this is offered back (continue or start afresh) rather than silently continued. */
  idleMinutes: number;
  /** A draft idle longer than this is dropped (the person is told once). 24 when not given. */
  draftKeepHours?: number;
  maxDescriptionChars: number;
  timeZone: string;
  /** Ids of new dialogue runs (intake: the petition's idempotency key). */
  newDraftId?: () => string;
  /** The dialogues people can open; intake and the casework actions when not given. */
  dialogues?: AnyDialogue[];
  /** Commands besides the engine's own; the standard ones (status, bind, prefer, link) and casework's when not given. */
  commands?: CommandDeclaration[];
  /**
   * The commands last offered to each person as numbered lines outside a dialogue (a notice's
   * actions). Without it a typed number only ever answers a dialogue.
   */
  lastActions?: LastActions;
}

/** Plain words that work like the engine's own commands at any step. */
const engineWords: Record<string, string> = {
  取消: "cancel",
  算了: "cancel",
  不要了: "cancel",
  cancel: "cancel",
  stop: "cancel",
  帮助: "help",
  help: "help",
};

/** Answers to "continue your unfinished draft?" as people type them; numbers 1 and 2 work too. */
const resumeWords: Record<string, "continue" | "restart"> = {
  继续: "continue",
  继续填写: "continue",
  接着填: "continue",
  好: "continue",
  好的: "continue",
  是: "continue",
  是的: "continue",
  要: "continue",
  continue: "continue",
  yes: "continue",
  y: "continue",
  ok: "continue",
  重新: "restart",
  重新开始: "restart",
  重来: "restart",
  重新填写: "restart",
  不: "restart",
  不用: "restart",
  否: "restart",
  restart: "restart",
  new: "restart",
  "start afresh": "restart",
  "start again": "restart",
  no: "restart",
  n: "restart",
};

/** The pseudo-step that scopes the offer's buttons ("intake.resume_offer:continue"), apart from any real step. */
const resumeStep = "resume_offer";

/** Words that switch the language on channels without slash commands. */
const languageWords: Record<string, string> = { english: "en", 中文: "zh" };

/** Everything one message's handling needs, built once per message. */
interface Turning {
  user: ChannelUser;
  state: ConversationState;
  now: Date;
  speaker(): Promise<Speaker>;
  org(): Promise<OrgSnapshot>;
  replies: Reply[];
  /** A catalogue text in the person's language and their channel's idiom. */
  t(key: MessageKey, params?: MessageParams): string;
  /** Set once the continue-or-start-afresh question is among the replies. */
  offerShown?: boolean;
}

export class ConversationEngine implements ConversationPort {
  private readonly dialogues: Map<string, AnyDialogue>;
  private readonly commands: CommandDeclaration[];
  private readonly newRunId: () => string;

  constructor(private readonly options: EngineOptions) {
    const dialogues = options.dialogues ?? [
      intakeDialogue({ ports: options.ports, clock: options.clock, maxDescriptionChars: options.maxDescriptionChars }),
      ...caseworkDialogues({ ports: options.ports, timeZone: options.timeZone }),
      // visits: a cadre records a petition for a citizen; the citizen claims it later
      visitDialogue({ ports: options.ports, clock: options.clock, maxDescriptionChars: options.maxDescriptionChars }),
      claimDialogue({ ports: options.ports }),
    ];
    this.dialogues = new Map(dialogues.map((d) => [d.id, d]));
    this.commands = options.commands ?? [...defaultCommands, ...caseworkCommands];
    this.newRunId = options.newDraftId ?? randomUUID;
  }

  async handle(message: InboundMessage): Promise<Reply[]> {
    const key = userKey(message.user);
    const now = this.options.clock.now();
    const stored = await this.options.store.get(key);
    const state: ConversationState = stored ?? {
      v: stateVersion,
      language: this.initialLanguage(message.languageHint),
      runs: [],
      lastActiveAt: now.toISOString(),
    };
    if (message.chat === "group") return [{ text: render(state.language, "group_chat", {}, idiomOf(message.user.channel)) }];

    const turning = this.turning(message.user, state, now);
    const expired = this.expireIdle(state, now);
    if (expired) turning.replies.push({ text: turning.t("expired") });
    const command = await this.commandOf(message, state);
    if (command === "not_offered") {
      turning.replies.push({ text: turning.t("choose_from_list") });
      await this.save(key, state, now);
      return turning.replies;
    }
    if (expired && message.kind === "choice" && !command) {
      // A button of the dialogue that just expired: it answers nothing now.
      await this.save(key, state, now);
      return turning.replies;
    }

    const front = state.runs[0];
    if (front && !front.offer && this.isPaused(front, now) && !answersStep(front, message)) {
      // (A button of the very question the draft is at is an answer to it: the person is going on, so it is not asked.)
      // Back after a pause: the draft is offered back before anything else is read as an answer.
      // A command still runs (help, status, cancel, language; a dialogue's start command shows the
      // offer); other text is held, so "start afresh" begins the new draft with it.
      front.offer = message.kind === "text" && !command ? { held: message.text } : {};
      if (!command) {
        await this.prompt(turning, front, this.dialogues.get(front.dialogue));
        await this.save(key, state, now);
        return turning.replies;
      }
    } else if (front?.offer && !command) {
      await this.answerOffer(turning, front, message);
      await this.save(key, state, now);
      return turning.replies;
    }
    if (command) {
      await this.runCommand(turning, command);
      // A command that says nothing of the dialogue (status, say): the question still follows it.
      const waiting = state.runs[0];
      if (waiting?.offer && !turning.offerShown) this.promptOffer(turning, waiting);
    } else if (state.runs.length > 0) {
      await this.answer(turning, message);
    } else if (message.kind === "choice") {
      // A button from a finished or cancelled dialogue: it must not start anything new.
      turning.replies.push({ text: turning.t("button_stale") }, { text: turning.t("idle_hint") });
    } else {
      await this.startUnprompted(turning, message);
    }
    await this.save(key, state, now);
    return turning.replies;
  }

  /** A short text for the adapter's own notices (button answers, apologies), in the person's language. */
  async notice(user: ChannelUser, key: NoticeKey): Promise<string> {
    const state = await this.options.store.get(userKey(user));
    return render(state?.language ?? this.options.defaultLanguage, key, {}, idiomOf(user.channel));
  }

  private turning(user: ChannelUser, state: ConversationState, now: Date): Turning {
    let speaker: Promise<Speaker> | undefined;
    let org: Promise<OrgSnapshot> | undefined;
    return {
      user,
      state,
      now,
      speaker: () => (speaker ??= this.options.ports.speaker(user)),
      org: () => (org ??= this.options.ports.org()),
      replies: [],
      t: (key, params) => render(state.language, key, params, idiomOf(user.channel)),
    };
  }

  // ── commands ────────────────────────────────────────────────────────────────────────────────

  /**
   * The command a message means, if any: typed ("/status", "查询", a pasted code), pressed (a
   * choice whose value is a command: a notice's button, at any time, never a stale dialogue
   * button), or picked by number from the commands last offered outside a dialogue.
   * "not_offered": a number that picks nothing from that list.
   */
  private async commandOf(message: InboundMessage, state: ConversationState): Promise<ParsedCommand | "not_offered" | undefined> {
    if (message.kind === "choice") return parseCommand(message.value);
    if (message.kind !== "text") return undefined;
    return parseCommand(message.text) ?? commandWord(message.text, this.commands, this.dialogues.values()) ?? (await this.offeredCommand(message.user, message.text, state));
  }

  /**
   * "1" on a channel without buttons, while no dialogue shows choices of its own (none open, or
   * the one in front asks for text): the command of that number among those last offered. The
   * list is read only for such a number, so ordinary messages cost no more.
   */
  private async offeredCommand(user: ChannelUser, text: string, state: ConversationState): Promise<ParsedCommand | "not_offered" | undefined> {
    const { lastActions } = this.options;
    if (!lastActions || idiomOf(user.channel) !== "numbered") return undefined;
    const front = state.runs[0];
    // The dialogue's own list (or the continue-or-restart question) is what a number answers; and
    // a rating (回访) is never a number typed while another dialogue is open, whatever it asks.
    if (front && (front.offer || front.shown.length > 0)) return undefined;
    const number = typedNumber(text);
    if (number === undefined) return undefined;
    const offered = await lastActions.recall(userKey(user));
    if (offered.length === 0) return undefined;
    const command = offered[number - 1];
    if (front && command?.startsWith("/rate ")) return undefined;
    return (command !== undefined && parseCommand(command)) || "not_offered";
  }

  /**
   * A command's reply that lists commands as choices ("more actions" of a case): on channels
   * without buttons they become the list a typed number picks from, as a notice's do.
   */
  private async rememberOffered(turning: Turning, replies: Reply[]): Promise<void> {
    const { lastActions } = this.options;
    if (!lastActions || idiomOf(turning.user.channel) !== "numbered") return;
    const listed = replies.findLast((reply) => (reply.choices?.length ?? 0) > 0)?.choices;
    if (!listed || !listed.every((choice) => parseCommand(choice.value))) return;
    await lastActions.remember(userKey(turning.user), listed.map((choice) => choice.value));
  }

  private async runCommand(turning: Turning, command: ParsedCommand): Promise<void> {
    const { state, replies } = turning;
    switch (command.name) {
      case "help":
        replies.push({ text: turning.t("help") });
        // Officials also do casework here: say how, in their channel's words.
        // priority (急事急办): its command's line follows the officials' help
        if ((await turning.speaker()).kind === "official") replies.push({ text: turning.t("help_official") + turning.t("help_official_priority") + turning.t("help_official_overdue") + turning.t("help_official_due_date") });
        await this.reprompt(turning);
        return;
      case "cancel":
        return this.cancel(turning);
      case "lang": {
        const wanted = command.argument.toLowerCase();
        const language: Language | undefined = wanted.startsWith("en") ? "en" : wanted.startsWith("zh") || wanted === "中文" ? "zh-CN" : undefined;
        if (!language) {
          replies.push({ text: turning.t("language_unknown") });
          return;
        }
        state.language = language;
        replies.push({ text: turning.t("language_set") });
        await this.reprompt(turning);
        return;
      }
    }
    const declared = this.commands.find((c) => c.name === command.name);
    if (declared && mayUse(await turning.speaker(), declared.who)) {
      const answer = await declared.run(command.argument, this.commandContext(turning));
      replies.push(...answer);
      await this.rememberOffered(turning, answer);
      return;
    }
    const starts = [...this.dialogues.values()].find((d) => d.startedBy?.commands?.includes(command.name));
    if (starts && mayUse(await turning.speaker(), starts.who)) return this.startByCommand(turning, starts, command.argument);
    replies.push({ text: turning.t("unknown_command") });
  }

  /** A command that opens a dialogue: continues it when open, else opens it (behind one in progress). */
  private async startByCommand(turning: Turning, dialogue: AnyDialogue, argument: string): Promise<void> {
    const { state, replies } = turning;
    if (dialogue.startedBy?.argument && !argument) {
      replies.push({ text: turning.t(dialogue.startedBy.argument) });
      return;
    }
    let open = state.runs.find((run) => run.dialogue === dialogue.id);
    if (open && argument && dialogue.startedBy?.replaces) {
      state.runs = state.runs.filter((run) => run !== open);
      open = undefined;
    }
    if (open) {
      state.runs = [open, ...state.runs.filter((run) => run !== open)];
      await this.reprompt(turning);
      return;
    }
    const inProgress = state.runs[0];
    if (inProgress) {
      // The one in progress keeps answering; the new one waits and is named.
      const opened = await this.open(turning, dialogue, undefined, argument);
      if ("refused" in opened) {
        for (const line of opened.refused) replies.push(this.sayReply(turning, line));
        return;
      }
      state.runs.push(opened.run);
      replies.push({ text: turning.t("dialogue_queued", { name: turning.t(dialogue.title), current: this.titleOf(turning, inProgress) }) });
      await this.reprompt(turning);
      return;
    }
    await this.begin(turning, dialogue, undefined, argument);
  }

  private cancel(turning: Turning): Promise<void> | void {
    const { state, replies } = turning;
    const run = state.runs.shift();
    replies.push({ text: turning.t(run ? "cancelled" : "nothing_to_cancel") });
    if (run) return this.nameWaiting(turning);
  }

  // ── dialogues ───────────────────────────────────────────────────────────────────────────────

  private commandContext(turning: Turning): CommandContext {
    return { user: turning.user, language: turning.state.language, ports: this.options.ports, timeZone: this.options.timeZone, t: turning.t };
  }

  /** A message outside any dialogue: the dialogue that starts unprompted for this person, with the message. */
  private async startUnprompted(turning: Turning, message: InboundMessage): Promise<void> {
    const speaker = await turning.speaker();
    // follow-up (回访): words outside any dialogue may be the answer to a survey waiting for one.
    if (speaker.kind === "citizen" && message.kind === "text") {
      const rated = await surveyReply(this.commandContext(turning), sanitiseText(message.text));
      if (rated) {
        turning.replies.push(...rated);
        await this.rememberOffered(turning, rated);
        return;
      }
    }
    const dialogue = [...this.dialogues.values()].find((d) => d.startedBy?.unprompted && mayUse(speaker, d.who));
    if (!dialogue) {
      turning.replies.push({ text: turning.t("idle_hint") });
      return;
    }
    await this.begin(turning, dialogue, startingMessage(message));
  }

  /** Opens a dialogue in front: its opening lines, what it kept of the first message, its first prompt. */
  private async begin(turning: Turning, dialogue: AnyDialogue, first: StartingMessage | undefined, argument?: string): Promise<void> {
    const opened = await this.open(turning, dialogue, first, argument);
    if ("refused" in opened) {
      for (const line of opened.refused) turning.replies.push(this.sayReply(turning, line));
      return;
    }
    const { run, said } = opened;
    turning.state.runs.unshift(run);
    for (const line of [...(dialogue.opening ?? []), ...said]) turning.replies.push(this.sayReply(turning, line));
    await this.prompt(turning, run, dialogue);
  }

  private async open(turning: Turning, dialogue: AnyDialogue, first: StartingMessage | undefined, argument?: string): Promise<{ run: DialogueRun; said: Said[] } | { refused: Said[] }> {
    const id = this.newRunId();
    const begun = await dialogue.begin(this.context(turning, id, undefined), first, argument);
    if ("refused" in begun) return begun;
    const run: DialogueRun = { dialogue: dialogue.id, id, step: dialogue.first, data: begun.data, shown: [], lastActiveAt: turning.now.toISOString() };
    dialogue.steps[dialogue.first]?.onEnter?.(this.context(turning, id, run.data));
    return { run, said: begun.say ?? [] };
  }

  /** The run in progress with its declaration and valid data; a run that cannot continue is dropped. */
  private current(state: ConversationState): { run: DialogueRun; dialogue: AnyDialogue; step: StepDeclaration<unknown, string>; data: unknown } | undefined {
    while (state.runs.length > 0) {
      const run = state.runs[0]!;
      const dialogue = this.dialogues.get(run.dialogue);
      const step = dialogue?.steps[run.step];
      const data = dialogue?.data.safeParse(run.data);
      if (dialogue && step && data?.success) return { run, dialogue, step, data: data.data };
      state.runs.shift();
    }
    return undefined;
  }

  private async answer(turning: Turning, message: InboundMessage): Promise<void> {
    const open = this.current(turning.state);
    if (!open) return this.startUnprompted(turning, message);
    const { run, dialogue, step } = open;
    const ctx = this.context(turning, run.id, open.data);
    const turn = await this.read(step, run, message, ctx);
    run.data = ctx.data;
    run.lastActiveAt = turning.now.toISOString();
    await this.apply(turning, run, dialogue, ctx, turn);
  }

  /** Reads one message as an answer to the step: the engine's part is everything not about the step's meaning. */
  private async read(step: StepDeclaration<unknown, string>, run: DialogueRun, message: InboundMessage, ctx: DialogueContext<unknown>): Promise<Turn<string>> {
    const again = (key: MessageKey, params?: MessageParams): Turn<string> => ({ stay: true, say: [{ key, params }] });
    const pick = (scoped: string): Promise<Turn<string>> | Turn<string> => {
      const value = parseScopedValue(scoped);
      if (!value || (value.dialogue ?? run.dialogue) !== run.dialogue || value.step !== run.step) return again("button_stale");
      return step.choice ? step.choice(value.value, ctx) : again("choose_from_list");
    };
    switch (message.kind) {
      case "choice":
        return pick(message.value);
      case "text": {
        const number = run.shown.length > 0 ? typedNumber(message.text) : undefined;
        if (number !== undefined) {
          const shown = run.shown[number - 1];
          return shown === undefined ? again("choose_from_list") : pick(shown);
        }
        const text = sanitiseText(message.text);
        if (!text) return again("text_expected");
        if (step.text) return step.text(text, ctx);
        return again(run.shown.length > 0 ? "choose_from_list" : "text_expected");
      }
      case "attachment":
        return step.attachment ? step.attachment(message.attachment, message.caption, ctx) : again("attachment_not_now");
      case "attachment_failed":
        return again(message.reason === "too_large" ? "attachment_too_large" : "attachment_failed", { max: message.maxMb ?? 0 });
      case "location":
        return step.location ? step.location({ latitude: message.latitude, longitude: message.longitude }, ctx) : again("unsupported_message");
      case "unsupported":
        return again("unsupported_message");
    }
  }

  private async apply(turning: Turning, run: DialogueRun, dialogue: AnyDialogue, ctx: DialogueContext<unknown>, turn: Turn<string>): Promise<void> {
    const { state, replies } = turning;
    const said = (turn.say ?? []).map((line) => this.sayReply(turning, line));
    replies.push(...said);
    if ("end" in turn) {
      // A finished action may offer what comes next (commands): numbers pick from them as from a command's.
      await this.rememberOffered(turning, said);
      state.runs = state.runs.filter((r) => r !== run);
      return this.nameWaiting(turning);
    }
    if ("to" in turn) {
      run.step = turn.to;
      dialogue.steps[turn.to]?.onEnter?.(ctx);
      run.data = ctx.data;
      if (turn.instead) {
        run.shown = [];
        replies.push(this.sayReply(turning, turn.instead));
        return;
      }
    }
    await this.prompt(turning, run, dialogue);
  }

  /** Shows the run's current step: its text and its choices, numbered and scoped. */
  private async prompt(turning: Turning, run: DialogueRun, dialogue: AnyDialogue | undefined): Promise<void> {
    if (run.offer) return this.promptOffer(turning, run);
    const step = dialogue?.steps[run.step];
    if (!dialogue || !step) return;
    const prompt = await step.prompt(this.context(turning, run.id, run.data));
    const choices = scopeChoices(dialogue.id, run.step, prompt.choices ?? []);
    run.shown = choices.map((c) => c.value);
    turning.replies.push({ ...this.sayReply(turning, prompt), choices });
  }

  private async reprompt(turning: Turning): Promise<void> {
    const open = this.current(turning.state);
    if (open) await this.prompt(turning, open.run, open.dialogue);
  }

  /** After a dialogue ends: the next waiting one comes forward and is named. */
  private async nameWaiting(turning: Turning): Promise<void> {
    const next = this.current(turning.state);
    if (!next) return;
    turning.replies.push({ text: turning.t("dialogue_waiting", { name: this.titleOf(turning, next.run) }) });
    await this.prompt(turning, next.run, next.dialogue);
  }

  // ── returning after a pause ─────────────────────────────────────────────────────────────────

  /** Idle long enough that the person is asked before the draft goes on. */
  private isPaused(run: DialogueRun, now: Date): boolean {
    return now.getTime() - Date.parse(run.lastActiveAt) > this.options.idleMinutes * 60_000;
  }

  /** "Your last petition was not submitted: continue?" with continue / start afresh. */
  private promptOffer(turning: Turning, run: DialogueRun): void {
    const choices = scopeChoices(run.dialogue, resumeStep, [
      { label: turning.t("resume_continue"), value: "continue" },
      { label: turning.t("resume_restart"), value: "restart" },
    ]);
    // run.shown stays the step's: 1 and 2 are read by answerOffer, and continuing needs the step's own.
    turning.offerShown = true;
    turning.replies.push({ text: turning.t("resume_offer", { name: this.titleOf(turning, run) }), choices });
  }

  /** The answer to the offer: a button, 1 or 2, or a word; anything else continues the draft with it. */
  private async answerOffer(turning: Turning, run: DialogueRun, message: InboundMessage): Promise<void> {
    let decision: "continue" | "restart" | undefined;
    if (message.kind === "choice") {
      const value = parseScopedValue(message.value);
      if (value?.dialogue === run.dialogue && value.step === resumeStep && (value.value === "continue" || value.value === "restart")) decision = value.value;
      else if (!answersStep(run, message)) {
        // A button from before the pause: the person has not yet said whether to go on.
        turning.replies.push({ text: turning.t("button_stale") });
        return this.promptOffer(turning, run);
      }
    } else if (message.kind === "text") {
      const number = typedNumber(message.text);
      if (number === 1) decision = "continue";
      else if (number === 2) decision = "restart";
      else if (number !== undefined) {
        turning.replies.push({ text: turning.t("choose_from_list") });
        return this.promptOffer(turning, run);
      } else decision = resumeWords[sanitiseText(message.text).toLowerCase().replace(/[。.!！~～]+$/, "")];
    }
    const held = run.offer?.held;
    run.offer = undefined;
    run.lastActiveAt = turning.now.toISOString();
    if (decision === "restart") {
      turning.state.runs = turning.state.runs.filter((r) => r !== run);
      const dialogue = this.dialogues.get(run.dialogue);
      turning.replies.push({ text: turning.t("resume_dropped") });
      if (dialogue) return this.begin(turning, dialogue, held === undefined ? undefined : { kind: "text", text: held });
      return this.startUnprompted(turning, message);
    }
    if (decision === "continue") {
      turning.replies.push({ text: turning.t("resume_continued") });
      return this.reprompt(turning);
    }
    // Neither answer: the person typed (or sent) the next thing. The draft is the likelier home
    // for it than a fresh one — they came back to it — and asking again would make them repeat
    // it; so the draft continues and the message is read as the answer to the step it was at.
    // "取消" still drops it, and the step re-prompts when the message does not fit.
    turning.replies.push({ text: turning.t("resume_continued") });
    return this.answer(turning, message);
  }

  /** Drops runs idle longer than drafts are kept; true when one was dropped (the person is told). */
  private expireIdle(state: ConversationState, now: Date): boolean {
    const limit = Math.max(this.options.idleMinutes / 60, this.options.draftKeepHours ?? 24) * 3_600_000;
    const before = state.runs.length;
    state.runs = state.runs.filter((run) => now.getTime() - Date.parse(run.lastActiveAt) <= limit);
    return state.runs.length < before;
  }

  private context<D>(turning: Turning, runId: string, data: D): DialogueContext<D> {
    return {
      data,
      runId,
      user: turning.user,
      speaker: turning.speaker,
      language: turning.state.language,
      now: turning.now,
      buttons: idiomOf(turning.user.channel) === "buttons",
      org: turning.org,
      t: turning.t,
    };
  }

  private titleOf(turning: Turning, run: DialogueRun): string {
    const dialogue = this.dialogues.get(run.dialogue);
    return dialogue ? turning.t(dialogue.title) : run.dialogue;
  }

  private sayReply(turning: Turning, said: Said): Reply {
    return sayReply(said, turning.t);
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

/** A button of the question the run is at now (not an earlier one, not the offer's). */
function answersStep(run: DialogueRun, message: InboundMessage): boolean {
  if (message.kind !== "choice") return false;
  const value = parseScopedValue(message.value);
  return value !== undefined && (value.dialogue ?? run.dialogue) === run.dialogue && value.step === run.step;
}

function startingMessage(message: InboundMessage): StartingMessage | undefined {
  if (message.kind === "text") return { kind: "text", text: message.text };
  if (message.kind === "attachment") return { kind: "attachment", attachment: message.attachment, caption: message.caption };
  if (message.kind === "location") return { kind: "location", latitude: message.latitude, longitude: message.longitude };
  return undefined;
}

/** A command as the engine runs it: "/accept MQ2345ABCD" → `{ name: "accept", argument: "MQ2345ABCD" }`. */
export interface ParsedCommand {
  name: string;
  argument: string;
}

/** "/status MQ123", "/start@MinqingBot", "/bind  ab12" → name and argument; anything else → undefined. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const match = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(sanitiseText(text));
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), argument: (match[2] ?? "").trim() };
}

function commandWord(text: string, commands: CommandDeclaration[], dialogues: Iterable<AnyDialogue>): ParsedCommand | undefined {
  const clean = sanitiseText(text);
  const word = clean.toLowerCase();
  if (languageWords[word]) return { name: "lang", argument: languageWords[word]! };
  const name = engineWords[word] ?? commands.find((c) => c.words?.includes(word))?.name;
  if (name) return { name, argument: "" };
  for (const command of commands) {
    const argument = command.recognise?.(clean);
    if (argument !== undefined) return { name: command.name, argument };
  }
  for (const dialogue of dialogues) {
    const argument = dialogue.startedBy?.recognise?.(clean);
    const name = dialogue.startedBy?.commands?.[0];
    if (argument !== undefined && name) return { name, argument };
  }
  return undefined;
}
