/**
 * What the conversation needs from the rest of the system, as small interfaces: the intake
 * queue, the case store (read-only views) and official binding. src/queue and src/store provide
 * them; tests of the core provide in-memory ones.
 */
import type { OrgSnapshot } from "../org/types";
import type { CaseView } from "../cases/views";
import type { ConfirmedPetition } from "../cases/submission";
import type { ChannelUser, Language } from "../kernel/channel";
import type { Speaker } from "./speaker";

export type BindOutcome = { ok: true; officialName: string } | { ok: false; reason: "invalid" | "expired" | "used" };

export type LinkOutcome = { ok: true; movedCases: number } | { ok: false; reason: "invalid" | "same_account" };

export interface ConversationPorts {
  /** Queues the petition for recording (sealing the name and phone on the way). */
  submitPetition(petition: ConfirmedPetition): Promise<void>;
  /** The person's own cases, newest first. */
  casesOf(user: ChannelUser): Promise<CaseView[]>;
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
}
