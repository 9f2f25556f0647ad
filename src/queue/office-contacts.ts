/**
 * Who the petition office is on chat, known without PostgreSQL: a copy in Redis, refreshed from
 * the database now and then (by the timers role) and whenever it is read while the database
 * answers. A delayed petition usually means the database is down, and the office must hear of it
 * all the same.
 */
import type { Log } from "../log";
import type { IntakeDelayNotes } from "../redis/intake-delay";
import type { Db } from "../store/client";
import { petitionOfficeContacts, type OfficeContact } from "../store/office-alerts";

/** Reads the office's identities from the database and keeps the copy. */
export async function refreshOfficeContacts(db: Db, notes: IntakeDelayNotes): Promise<OfficeContact[]> {
  const contacts = await petitionOfficeContacts(db);
  await notes.saveOfficeContacts(contacts);
  return contacts;
}

/**
 * The office's identities now: from the database when it answers within `timeoutMs` (an unreachable
 * host can hang a connection for minutes), else the last copy.
 */
export async function officeContactsNow(db: Db, notes: IntakeDelayNotes, log: Log, timeoutMs = 3_000): Promise<OfficeContact[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([refreshOfficeContacts(db, notes), timeout]);
  } catch (error) {
    log.warn({ component: "postgres", error: error instanceof Error ? error.message.split("\n")[0] : String(error) }, "petition office read from its Redis copy: the database did not answer");
    return notes.officeContacts();
  } finally {
    clearTimeout(timer);
  }
}

/** Refreshes the copy now and then every `everyMs`; returns a stop function. */
export function startOfficeContactsRefresh(deps: { db: Db; notes: IntakeDelayNotes; log: Log }, everyMs = 5 * 60_000): () => void {
  const run = () => refreshOfficeContacts(deps.db, deps.notes).catch((error: unknown) => deps.log.warn({ component: "postgres", error: String(error).split("\n")[0] }, "petition office contacts not refreshed"));
  void run();
  const timer = setInterval(run, everyMs);
  return () => clearInterval(timer);
}
