/**
 * What job handlers get to work with: one typed context, built once in the runtime (src/app) and
 * handed to every worker, so a handler names its needs here instead of importing the wiring.
 */
import type { Clock } from "../../kernel/clock";
import type { Log } from "../../log";
import type { OrgSnapshot } from "../../org/types";
import type { IntakeDelayNotes } from "../../redis/intake-delay";
import type { PersonalDataCipher } from "../../privacy/cipher";
import type { Db } from "../../store/client";
import type { DeliveryDeps } from "../delivery";
import type { Queues } from "../queues";

export interface JobContext {
  db: Db;
  clock: Clock;
  /** The deployment's time zone, for dates in case records (deadlines). */
  timeZone: string;
  /** The organisation as cached in this process. */
  org: () => Promise<OrgSnapshot>;
  queues: Queues;
  /** How notices reach people from this worker: the senders this process holds, and the rest. */
  delivery: DeliveryDeps;
  /** Seals names and phones of petitions queued before sealing began. */
  privacy: PersonalDataCipher;
  log: Log;
  /**
   * Petitions not recorded within `noticeAfterMs` of their submission (PETITION_DELAY_NOTICE_SECONDS):
   * the petitioner and the petition office are told, without PostgreSQL. Absent: they hear only
   * after the last attempt.
   */
  intakeDelay?: { noticeAfterMs: number; notes: IntakeDelayNotes };
}
