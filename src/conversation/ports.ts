/**
 * What the conversation needs from the rest of the system, as small interfaces: the intake
 * queue, the case store (read-only views) and official binding. src/queue and src/store provide
 * them; tests of the core provide in-memory ones.
 */
import type { OrgSnapshot } from "../org/types";
import type { CaseActionKind } from "../cases/available";
import type { CaseCommand, TransferFacts } from "../cases/commands";
import type { ClosureGap } from "../cases/handling";
import type { RefusalBecause, RefusalCode } from "../cases/outcome";
import type { CaseState } from "../cases/states";
import type { CaseCard, CaseListEntry, CaseView, OverdueEntry, TimelineEntry } from "../cases/views";
import type { ConfirmedPetition } from "../cases/submission";
import type { ChannelUser, Language } from "../kernel/channel";
import type { Speaker } from "./speaker";

export type BindOutcome = { ok: true; officialName: string } | { ok: false; reason: "invalid" | "expired" | "used" };

export type LinkOutcome = { ok: true; movedCases: number } | { ok: false; reason: "invalid" | "same_account" };

/**
 * A case command as a person in chat gives it: ids for kept files are the store's to make, and so
 * are a transfer's facts (who in the receiving unit is how loaded, the transfer limit). A command
 * left with no input of the person's own (approve a transfer) takes none.
 */
type Provided = "newId" | keyof TransferFacts;
type WithoutIds<C> = C extends { kind: infer K; input: infer I }
  ? [Exclude<keyof I, Provided>] extends [never]
    ? { kind: K }
    : { kind: K; input: Omit<I, Provided> }
  : C;
export type CaseAction = WithoutIds<Exclude<CaseCommand, { kind: "submit" } | { kind: "assign" } | { kind: "claim" } | { kind: "wake" }>>;

/**
 * How an action went: the case as it stands after it, or why not — with the state and the last
 * step, for the one who lost a race; for a refused transfer, the unit it was to go to.
 */
export type ActOutcome =
  | { ok: true; card: CaseCard | null }
  | { ok: false; code: RefusalCode | "no_such_case"; gaps?: ClosureGap[]; because?: RefusalBecause; state?: CaseState; last?: TimelineEntry; unitId?: string };

/**
 * Officials' (and petitioners') work on cases, by tracking code, for the account speaking: the
 * provider knows the official or person behind it. Views and refusals are audited by the provider.
 */
export interface CaseworkPort {
  /** The open cases this official may act on, soonest due first. */
  casesFor(user: ChannelUser): Promise<CaseListEntry[]>;
  /** The case as this official may see it; null for "no such case" and "not yours" alike (the attempt is audited). */
  openCase(user: ChannelUser, trackingCode: string): Promise<CaseCard | null>;
  /**
   * Whether this official may start `kind` on the case now, before giving any input: ok, or the
   * refusal the action would meet (audited as act's are). Nothing personal is opened.
   */
  mayStart(user: ChannelUser, trackingCode: string, kind: CaseActionKind): Promise<ActOutcome>;
  /** Petitioners' actions (withdraw, add) act as the person behind the account, the others as the official. */
  act(user: ChannelUser, trackingCode: string, action: CaseAction): Promise<ActOutcome>;
  /**
   * nobody unreached: the open cases whose official and unit head have no chat account, soonest
   * due first; null unless the account is a petition office admin's. The look is audited.
   */
  unreached(user: ChannelUser): Promise<CaseListEntry[] | null>;
  /**
   * overdue lists: the open cases past their date or due soon that this official answers for —
   * the petition office all, a unit head their unit's, a handling official or 包案 leader those
   * they hold — most late first; null for an account that is no active official's. Audited.
   */
  overdue(user: ChannelUser): Promise<OverdueList | null>;
}

/** overdue lists: whose the list is (all, a unit's, an official's own), the office's today, the cases. */
export interface OverdueList {
  scope: "all" | "unit" | "own";
  unitId: string;
  today: string;
  /** Due soon: today or within this many days after it. */
  soonDays: number;
  entries: OverdueEntry[];
}

/**
 * visits: how a claim went. `no_match` (wrong code or digits, said alike so neither can be probed)
 * with the tries left before `locked`; `taken`: another account claimed it; `already_yours`.
 */
export type ClaimOutcome =
  | { ok: true; code: string }
  | { ok: false; reason: "no_match"; triesLeft: number }
  | { ok: false; reason: "locked"; minutes: number }
  | { ok: false; reason: "taken" | "already_yours"; code: string };

export interface ConversationPorts {
  /** Handling cases in chat. */
  casework: CaseworkPort;
  /** Queues the petition for recording (sealing the name and phone on the way). */
  submitPetition(petition: ConfirmedPetition): Promise<void>;
  /** The person's own cases, newest first. */
  casesOf(user: ChannelUser): Promise<CaseView[]>;
  /** follow-up (回访): the person's answered cases waiting for their rating, newest first. */
  awaitingRating(user: ChannelUser): Promise<CaseView[]>;
  /** One case, only if it belongs to this person; null for "not yours" and "no such code" alike. */
  caseOf(user: ChannelUser, trackingCode: string): Promise<CaseView | null>;
  bindOfficial(user: ChannelUser, language: Language, code: string): Promise<BindOutcome>;
  /** Notices go to this account first from now on; false when the account has nothing to prefer yet. */
  preferAccount(user: ChannelUser): Promise<boolean>;
  /** A short-lived code to send from the person's other account; with its lifetime in minutes. */
  issueLinkCode(user: ChannelUser): Promise<{ code: string; minutes: number }>;
  /** Joins this account to the one that showed `code`, with all its cases. */
  linkAccount(user: ChannelUser, language: Language, code: string): Promise<LinkOutcome>;
  /** Who this account is: a citizen, or an official (bound with /bind) with their roles. */
  speaker(user: ChannelUser): Promise<Speaker>;
  /** The current organisation (categories, areas…), cached by the provider. */
  org(): Promise<OrgSnapshot>;
  /**
   * visits: links the case a cadre recorded for this citizen to this account, when `digits` are
   * the last four of the phone recorded. Wrong tries are counted and lock the claim for a while.
   */
  claimVisit(user: ChannelUser, language: Language, trackingCode: string, digits: string): Promise<ClaimOutcome>;
}
