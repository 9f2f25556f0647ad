/**
 * A confirmed petition on its way to the case store: what the citizen told the intake dialogue.
 * Plain JSON, because it travels as a queue job; the submit command turns it into a case. The
 * name and phone are sealed where the petition leaves the conversation (src/app), so the queue
 * and the store only ever hold them sealed.
 */
import type { EmergencyNumber, Priority, VisitKind } from "../kernel/answers";
import type { ChannelUser, Language, StoredAttachment } from "../kernel/channel";
import type { PhoneHash, Sealed } from "../kernel/sealed";

/** A point the petitioner shared (WGS 84 degrees), as the platform gave it. */
export interface SharedLocation {
  latitude: number;
  longitude: number;
}

/** The petition as the conversation confirmed it, the name and phone still as the citizen typed them. */
export interface ConfirmedPetition {
  /** From the draft: one confirmation → one case, however often the job runs. */
  idempotencyKey: string;
  user: ChannelUser;
  language: Language;
  categoryId: string;
  areaId: string;
  /** May be empty when the petition is told by attachments alone (a voice message, photos). */
  description: string;
  attachments: StoredAttachment[];
  anonymous: boolean;
  contactName?: string;
  contactPhone?: string;
  location?: SharedLocation;
  /**
   * A conduct complaint: whom it is about, in the petitioner's words, and the unit and official
   * of the organisation the conversation matched them to (the petitioner confirmed a guess).
   */
  accused?: string;
  accusedUnitId?: string;
  accusedOfficialId?: string;
  submittedAt: string;
  /**
   * Recorded by a visiting cadre on behalf of a citizen: `user` is then the cadre's account (bound
   * to `officialId`), and the name and phone are the citizen's, both required.
   */
  visit?: { kind: VisitKind; officialId: string };
  // priority (急事急办)
  /**
   * The priority the conversation proposes (src/routing/urgency.ts): the category's default, urgent
   * on an urgent word. Absent (a petition queued before priorities): the category's default.
   */
  priority?: Priority;
  /** The organisation's urgent words the petition contains, and the numbers the citizen was told to call. */
  urgency?: { words: string[]; calls: EmergencyNumber[] };
}

/** What is queued and recorded: the contact sealed, the phone's keyed hash beside it for lookups. */
export type PetitionSubmission = Omit<ConfirmedPetition, "contactName" | "contactPhone"> & {
  contactName?: Sealed;
  contactPhone?: Sealed;
  contactPhoneHash?: PhoneHash;
};
