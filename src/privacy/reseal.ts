/**
 * Bringing stored names and phone numbers under the current keys, in batches:
 *
 * - "clear" (at every start-up, after the SQL migrations): seals what an older version stored in
 *   clear, in petitions, assignment notices and confirmations kept until recorded, and fills
 *   missing phone hashes. Cheap when
 *   there is nothing to do: one scan of each table that finds no row.
 * - "rotate" (`npm run admin -- rotate-data-key`): also re-seals every value sealed under an
 *   older data key, and re-hashes every phone hashed under an older hash key.
 *
 * Idempotent and safe to run in several processes at once: each rewrite is guarded by the value
 * it read. A value sealed under a key that is no longer listed cannot be opened; it is left as it
 * is and counted, so the operator can put the key back.
 */
import { isSealed, sealedPrefix } from "../kernel/sealed";
import type { Log } from "../log";
import type { Db } from "../store/client";
import {
  assignmentNoticesToReseal,
  keptSubmissionsToReseal,
  petitionContactsToReseal,
  rewriteKeptSubmissions,
  rewriteNoticeParams,
  rewritePetitionContacts,
  type PetitionContact,
} from "../store/personal-data";
import { UnsealError, type PersonalDataCipher } from "./cipher";

export type ResealScope = "clear" | "rotate";

export interface ResealReport {
  /** Petitions, assignment notices and kept confirmations (not yet recorded) rewritten. */
  petitions: number;
  notices: number;
  kept: number;
  /** Values that could not be opened (sealed under a key not listed); left as they were. */
  unreadable: number;
}

export async function resealPersonalData(db: Db, cipher: PersonalDataCipher, options: { scope: ResealScope; batchSize?: number; log?: Log }): Promise<ResealReport> {
  const limit = options.batchSize ?? 500;
  const report: ResealReport = { petitions: 0, notices: 0, kept: 0, unreadable: 0 };
  const rotate = options.scope === "rotate";
  const reseal = (value: string): string => {
    if (rotate ? cipher.isCurrent(value) : isSealed(value)) return value;
    return cipher.seal(isSealed(value) ? cipher.open(value) : value);
  };

  const petitionPrefixes = { sealedPrefix: rotate ? `${sealedPrefix}${cipher.currentKeyId}:` : sealedPrefix, hashPrefix: rotate ? `${cipher.currentHashKeyId}:` : "" };
  for (let after: string | null = null; ; ) {
    const rows = await petitionContactsToReseal(db, { ...petitionPrefixes, after, limit });
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const rewrites = rows.flatMap((row) => {
      try {
        return [{ from: row, to: resealedContact(row, reseal, cipher, rotate) }];
      } catch (error) {
        if (!(error instanceof UnsealError)) throw error;
        report.unreadable++;
        options.log?.error({ petitionId: row.id, error: error.message }, "a petition's contact details cannot be opened; left as they are");
        return [];
      }
    });
    report.petitions += await rewritePetitionContacts(db, rewrites);
  }

  for (let after: string | null = null; ; ) {
    const rows = await assignmentNoticesToReseal(db, { sealedPrefix: petitionPrefixes.sealedPrefix, after, limit });
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const rewrites = rows.flatMap((row) => {
      try {
        return [{ from: row, to: resealedParams(row.params, reseal) }];
      } catch (error) {
        if (!(error instanceof UnsealError)) throw error;
        report.unreadable++;
        options.log?.error({ outboxId: row.id, error: error.message }, "a notice's petitioner cannot be opened; left as it is");
        return [];
      }
    });
    report.notices += await rewriteNoticeParams(db, rewrites);
  }

  for (let after: string | null = null; ; ) {
    const rows = await keptSubmissionsToReseal(db, { ...petitionPrefixes, after, limit });
    if (rows.length === 0) break;
    after = rows.at(-1)!.idempotencyKey;
    const rewrites = rows.flatMap((row) => {
      try {
        return [{ from: row, to: resealedSubmission(row.submission, reseal, cipher, rotate) }];
      } catch (error) {
        if (!(error instanceof UnsealError)) throw error;
        report.unreadable++;
        options.log?.error({ idempotencyKey: row.idempotencyKey, error: error.message }, "a kept confirmation's contact details cannot be opened; left as they are");
        return [];
      }
    });
    report.kept += await rewriteKeptSubmissions(db, rewrites);
  }
  return report;
}

function resealedContact(row: PetitionContact, reseal: (value: string) => string, cipher: PersonalDataCipher, rotate: boolean): Omit<PetitionContact, "id"> {
  const { contactName, contactPhone, contactPhoneHash } = row;
  const hashOk = contactPhoneHash !== null && (!rotate || cipher.hashIsCurrent(contactPhoneHash));
  return {
    contactName: contactName === null ? null : reseal(contactName),
    contactPhone: contactPhone === null ? null : reseal(contactPhone),
    contactPhoneHash: contactPhone === null ? contactPhoneHash : hashOk ? contactPhoneHash : cipher.phoneHash(isSealed(contactPhone) ? cipher.open(contactPhone) : contactPhone),
  };
}

/** A confirmation kept until it is recorded: the submission as the intake job carries it. */
function resealedSubmission(submission: unknown, reseal: (value: string) => string, cipher: PersonalDataCipher, rotate: boolean): unknown {
  if (typeof submission !== "object" || submission === null) return submission;
  const { contactName, contactPhone, contactPhoneHash } = submission as Record<string, unknown>;
  const row = {
    id: "",
    contactName: typeof contactName === "string" ? contactName : null,
    contactPhone: typeof contactPhone === "string" ? contactPhone : null,
    contactPhoneHash: typeof contactPhoneHash === "string" ? contactPhoneHash : null,
  };
  const next = resealedContact(row, reseal, cipher, rotate);
  return {
    ...submission,
    ...(next.contactName !== null ? { contactName: next.contactName } : {}),
    ...(next.contactPhone !== null ? { contactPhone: next.contactPhone } : {}),
    ...(next.contactPhoneHash !== null ? { contactPhoneHash: next.contactPhoneHash } : {}),
  };
}

/** The petitioner of an assignment notice: name and phone, or (rows from before ids) one flat text. */
function resealedParams(params: unknown, reseal: (value: string) => string): unknown {
  if (typeof params !== "object" || params === null) return params;
  const { petitioner } = params as { petitioner?: unknown };
  if (typeof petitioner === "string") return { ...params, petitioner: reseal(petitioner) };
  if (typeof petitioner !== "object" || petitioner === null) return params;
  const { name, phone } = petitioner as { name?: unknown; phone?: unknown };
  return {
    ...params,
    petitioner: { ...petitioner, ...(typeof name === "string" ? { name: reseal(name) } : {}), ...(typeof phone === "string" ? { phone: reseal(phone) } : {}) },
  };
}
