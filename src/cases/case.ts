/**
 * A case as the lifecycle sees it: the facts a decision is made from, read from the store before
 * each command. Plain data with no database type in it, so the decisions are pure functions
 * tested without PostgreSQL.
 */
import type { Priority } from "../kernel/answers";
import type { ChannelName, Language, StoredAttachment } from "../kernel/channel";
import type { PhoneHash, Sealed } from "../kernel/sealed";
import type { Handling } from "./handling";
import type { CaseState } from "./states";

import type { CaseDeadlines } from "../deadlines/promises";

// priority (急事急办): the words live with the other shared answers
export type { Priority };

/** A file kept with the case, named by its id so notices can carry it. */
export type CaseAttachment = StoredAttachment & { id: string };

export interface Case {
  id: string;
  trackingCode: string;
  /** The number of the last event: the next event gets seq + 1, and a commit is guarded by it. */
  seq: number;
  state: CaseState;
  /**
   * The petitioner (a person, never an official) and the account the petition came from; no
   * account for a case a cadre recorded at a visit until the citizen claims it.
   */
  personId: string;
  identityId: string | null;
  channel: ChannelName;
  language: Language;
  categoryId: string;
  areaId: string;
  description: string;
  attachments: CaseAttachment[];
  anonymous: boolean;
  /** Sealed: the core carries them, only those handling the case see them opened. */
  contactName: Sealed | null;
  contactPhone: Sealed | null;
  /** The phone's keyed hash, to find a person's petitions by phone. */
  contactPhoneHash: PhoneHash | null;
  location: { latitude: number; longitude: number } | null;
  priority: Priority;
  /** Who holds the case now: the handling actions are this unit's. */
  unitId: string | null;
  officialId: string | null;
  /** 首问负责: the first official to accept the case follows it through every transfer until it closes. */
  ownerOfficialId: string | null;
  /** 包案: a leader who holds the case (approves its answer and signs it off with the unit). */
  leaderOfficialId: string | null;
  /**
   * 协办: other units invited to add their part. Their officials see the case and add to it; the
   * holding unit alone answers, approves and closes. A column, not Handling: /cases finds them by it.
   */
  coHandlingUnitIds: string[];
  /** Where the handling stands: the answer and its approvals, the revisit, the sign-offs. */
  handling: Handling;
  /** Promises copied from the deadline policy when made: a later policy change never rewrites them. */
  deadlinePolicyId: string | null;
  deadlines: CaseDeadlines | null;
  acceptBy: string | null;
  answerBy: string | null;
  /** When the next timer step of the case is due (src/deadlines/schedule.ts); null: nothing pending. */
  nextWakeAt: Date | null;
  submittedAt: Date;
}

/** Who acts: the petitioner, an official, or Minqing itself (routing, timers). */
export type Actor =
  | { kind: "person"; id: string; channel?: ChannelName }
  | { kind: "official"; id: string; channel?: ChannelName }
  | { kind: "system" };
