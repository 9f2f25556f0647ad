/**
 * Personal data at start-up: the keys (from the environment, or the data folder's generated key
 * file), then the step that seals whatever an older version left in clear, in PostgreSQL and in the
 * intake queue's jobs (run by every process after the SQL migrations; idempotent, and safe when
 * several processes start at once). An error names any key still sealing stored values that is
 * not listed, before anyone needs them opened.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "../config";
import type { Log } from "../log";
import type { PersonalDataCipher } from "../privacy/cipher";
import { loadPersonalDataCipher } from "../privacy/local-keys";
import { resealPersonalData } from "../privacy/reseal";
import { sealQueuedPetitions } from "../privacy/seal-queued-petitions";
import type { Db } from "../store/client";
import { sealedKeyUse } from "../store/personal-data";

export async function preparePersonalData(db: Db, queue: { intake: Queue; redis: Redis }, config: Config, log: Log): Promise<PersonalDataCipher> {
  const cipher = await loadPersonalDataCipher(config, log);
  const sealed = await resealPersonalData(db, cipher, { scope: "clear", log });
  const jobs = await sealQueuedPetitions(queue.intake, queue.redis, cipher);
  if (sealed.petitions + sealed.notices + sealed.kept + jobs > 0) log.info({ petitions: sealed.petitions, notices: sealed.notices, kept: sealed.kept, jobs }, "sealed names and phone numbers stored in clear by an earlier version");
  const unlisted = [...(await sealedKeyUse(db))].filter(([keyId]) => !cipher.keyIds.includes(keyId));
  for (const [keyId, values] of unlisted) {
    log.error({ keyId, values }, "stored names or phone numbers are sealed under a key MINQING_DATA_KEYS does not list: they cannot be shown until it is listed again");
  }
  return cipher;
}
