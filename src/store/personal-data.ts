/**
 * The rows that hold names and phone numbers, read and rewritten in batches for the privacy
 * module: sealing what an older version stored in clear, re-sealing under a new key, and finding
 * petitions by the phone's keyed hash. Which rows need what is the caller's to say (by the prefix a
 * value must start with); every rewrite is guarded by the value it read, so two processes doing
 * it at once, or a row changing meanwhile, never lose a write.
 */
import type { Db } from "./client";

export interface PetitionContact {
  id: string;
  contactName: string | null;
  contactPhone: string | null;
  contactPhoneHash: string | null;
}

/** Up to `limit` petitions after `after` (by id) with a name or phone not starting with `sealedPrefix`, or a phone whose hash is missing or does not start with `hashPrefix`. */
export async function petitionContactsToReseal(db: Db, query: { sealedPrefix: string; hashPrefix: string; after: string | null; limit: number }): Promise<PetitionContact[]> {
  const { sealedPrefix, hashPrefix, limit } = query;
  const after = query.after ?? "00000000-0000-0000-0000-000000000000";
  return db.$queryRaw<PetitionContact[]>`
    SELECT id::text AS id, "contactName", "contactPhone", "contactPhoneHash" FROM "Petition"
    WHERE id > ${after}::uuid
      AND (NOT starts_with("contactName", ${sealedPrefix})
        OR NOT starts_with("contactPhone", ${sealedPrefix})
        OR ("contactPhone" IS NOT NULL AND ("contactPhoneHash" IS NULL OR NOT starts_with("contactPhoneHash", ${hashPrefix}))))
    ORDER BY id LIMIT ${limit}`;
}

/** Writes each petition's new values where the row still holds the ones read; returns how many were written. */
export async function rewritePetitionContacts(db: Db, rewrites: { from: PetitionContact; to: Omit<PetitionContact, "id"> }[]): Promise<number> {
  if (rewrites.length === 0) return 0;
  const results = await db.$transaction(
    rewrites.map(({ from, to }) =>
      db.petition.updateMany({
        where: { id: from.id, contactName: from.contactName, contactPhone: from.contactPhone, contactPhoneHash: from.contactPhoneHash },
        data: to,
      }),
    ),
  );
  return results.reduce((sum, result) => sum + result.count, 0);
}

export interface NoticeParams {
  id: string;
  params: unknown;
}

/** Up to `limit` assignment notices after `after` whose petitioner (flat text in old rows, or name and phone) does not start with `sealedPrefix`. */
export async function assignmentNoticesToReseal(db: Db, query: { sealedPrefix: string; after: string | null; limit: number }): Promise<NoticeParams[]> {
  const { sealedPrefix, limit } = query;
  const after = query.after ?? "00000000-0000-0000-0000-000000000000";
  return db.$queryRaw<NoticeParams[]>`
    SELECT id::text AS id, params FROM "Outbox"
    WHERE "messageKey" = 'notice_assignment' AND id > ${after}::uuid
      AND ((jsonb_typeof(params->'petitioner') = 'string' AND NOT starts_with(params->>'petitioner', ${sealedPrefix}))
        OR NOT starts_with(params->'petitioner'->>'name', ${sealedPrefix})
        OR NOT starts_with(params->'petitioner'->>'phone', ${sealedPrefix}))
    ORDER BY id LIMIT ${limit}`;
}

/** Writes each notice's new parameters where the row still holds the ones read. */
export async function rewriteNoticeParams(db: Db, rewrites: { from: NoticeParams; to: unknown }[]): Promise<number> {
  if (rewrites.length === 0) return 0;
  const results = await db.$transaction(
    rewrites.map(({ from, to }) => db.$executeRaw`UPDATE "Outbox" SET params = ${JSON.stringify(to)}::jsonb WHERE id = ${from.id}::uuid AND params = ${JSON.stringify(from.params)}::jsonb`),
  );
  return results.reduce((sum, count) => sum + count, 0);
}

export interface KeptSubmission {
  idempotencyKey: string;
  submission: unknown;
}

/** Up to `limit` kept confirmations (PendingPetition) after `after` whose name or phone does not start with `sealedPrefix`, or whose phone hash is missing or not under `hashPrefix`. */
export async function keptSubmissionsToReseal(db: Db, query: { sealedPrefix: string; hashPrefix: string; after: string | null; limit: number }): Promise<KeptSubmission[]> {
  const { sealedPrefix, hashPrefix, limit } = query;
  return db.$queryRaw<KeptSubmission[]>`
    SELECT "idempotencyKey", submission FROM "PendingPetition"
    WHERE "idempotencyKey" > ${query.after ?? ""}
      AND (NOT starts_with(submission->>'contactName', ${sealedPrefix})
        OR NOT starts_with(submission->>'contactPhone', ${sealedPrefix})
        OR (submission->>'contactPhone' IS NOT NULL AND (submission->>'contactPhoneHash' IS NULL OR NOT starts_with(submission->>'contactPhoneHash', ${hashPrefix}))))
    ORDER BY "idempotencyKey" LIMIT ${limit}`;
}

/** Writes each kept confirmation's new submission where the row still holds the one read. */
export async function rewriteKeptSubmissions(db: Db, rewrites: { from: KeptSubmission; to: unknown }[]): Promise<number> {
  if (rewrites.length === 0) return 0;
  const results = await db.$transaction(
    rewrites.map(({ from, to }) => db.$executeRaw`UPDATE "PendingPetition" SET submission = ${JSON.stringify(to)}::jsonb WHERE "idempotencyKey" = ${from.idempotencyKey} AND submission = ${JSON.stringify(from.submission)}::jsonb`),
  );
  return results.reduce((sum, count) => sum + count, 0);
}

/** The ids of the keys that sealed the values stored, with how many values each sealed. */
export async function sealedKeyUse(db: Db): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ keyId: string; n: bigint }[]>`
    SELECT split_part(value, ':', 3) AS "keyId", count(*) AS n FROM (
      SELECT "contactName" AS value FROM "Petition" UNION ALL
      SELECT "contactPhone" FROM "Petition" UNION ALL
      SELECT params->'petitioner'->>'name' FROM "Outbox" WHERE "messageKey" = 'notice_assignment' UNION ALL
      SELECT params->'petitioner'->>'phone' FROM "Outbox" WHERE "messageKey" = 'notice_assignment' UNION ALL
      SELECT params->>'petitioner' FROM "Outbox" WHERE "messageKey" = 'notice_assignment' AND jsonb_typeof(params->'petitioner') = 'string' UNION ALL
      SELECT submission->>'contactName' FROM "PendingPetition" UNION ALL
      SELECT submission->>'contactPhone' FROM "PendingPetition"
    ) AS sealed WHERE starts_with(value, 'enc:')
    GROUP BY 1`;
  return new Map(rows.map((row) => [row.keyId, Number(row.n)]));
}

export interface PetitionByPhone {
  id: string;
  trackingCode: string;
  personId: string;
  state: string;
  submittedAt: Date;
}

/** Petitions whose phone hashes to one of `hashes` (one per hash key listed), newest first. */
export async function petitionsByPhoneHash(db: Db, hashes: readonly string[]): Promise<PetitionByPhone[]> {
  if (hashes.length === 0) return [];
  return db.petition.findMany({
    where: { contactPhoneHash: { in: [...hashes] } },
    select: { id: true, trackingCode: true, personId: true, state: true, submittedAt: true },
    orderBy: { submittedAt: "desc" },
  });
}

