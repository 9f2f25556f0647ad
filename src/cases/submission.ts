/**
 * A confirmed petition on its way to the case store: what the citizen told the intake dialogue.
 * Plain JSON, because it travels as a queue job; the submit command turns it into a case.
 */
import type { ChannelUser, Language, StoredAttachment } from "../kernel/channel";

/** A point the petitioner shared (WGS 84 degrees), as the platform gave it. */
export interface SharedLocation {
  latitude: number;
  longitude: number;
}

export interface PetitionSubmission {
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
  submittedAt: string;
}
