/**
 * Petitions an older version queued with the name and phone in clear: waiting, delayed or failed
 * jobs are recorded later (the worker seals them then), and finished jobs keep their data for a
 * day, failed ones for a month. This rewrites the data of every such job sealed, once: a marker
 * in Redis says the queue was swept, so later starts skip it.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { isSealed } from "../kernel/sealed";
import type { ConfirmedPetition } from "../cases/submission";
import type { PersonalDataCipher } from "./cipher";
import { sealPetition } from "./seal-petition";

const states = ["waiting", "delayed", "prioritized", "waiting-children", "failed", "completed"] as const;
const page = 500;

export async function sealQueuedPetitions(intake: Queue, redis: Redis, cipher: PersonalDataCipher): Promise<number> {
  const marker = intake.toKey("personal-data-sealed");
  if (await redis.get(marker)) return 0;
  let sealed = 0;
  for (const state of states) {
    for (let start = 0; ; start += page) {
      const jobs = await intake.getJobs([state], start, start + page - 1, true);
      for (const job of jobs) {
        const data = job.data as Partial<ConfirmedPetition> | undefined;
        const clear = [data?.contactName, data?.contactPhone].some((value) => typeof value === "string" && !isSealed(value));
        if (!clear) continue;
        try {
          await job.updateData(sealPetition(cipher, data as ConfirmedPetition));
          sealed++;
        } catch {
          // Removed meanwhile (finished and cleaned up): nothing left to seal.
        }
      }
      if (jobs.length < page) break;
    }
  }
  await redis.set(marker, new Date().toISOString());
  return sealed;
}
