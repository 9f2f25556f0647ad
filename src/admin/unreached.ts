/**
 * The petition office's commands for cases nobody can be told about (item 6 of case handling),
 * for when the office itself has no chat account bound: `npm run admin -- unreached` lists the
 * open cases whose official and unit head have no chat account; `npm run admin -- reassign CODE
 * OFFICIAL_ID` gives one to another official. The command acts as Minqing itself on the
 * operator's word: the event says it came from the admin command and names the operator's login;
 * the list is written to the audit log as a view. The new official's notice is an outbox row: the
 * running Minqing's relay sends it (within RELAY_EVERY_SECONDS) — the command needs no Redis.
 */
import type { OfficeDay } from "../deadlines/promises";
import { userInfo } from "node:os";
import { runCaseCommand } from "../casework/run-command";
import type { CaseListEntry } from "../cases/views";
import type { Clock } from "../kernel/clock";
import { normaliseCode } from "../kernel/codes";
import { recordAudit } from "../store/audit-log";
import type { Db } from "../store/client";
import { reachableOfficials } from "../store/intake-store";
import { caseIdByCode } from "../store/official-cases";
import { loadOrgSnapshot } from "../store/org-repository";
import { unreachedCases } from "../store/unreached-cases";

/** A failure to report as one line (exit code 1). */
export class AdminCommandError extends Error {
  override name = "AdminCommandError";
}

/** The operator's login, for the record; "unknown" where the OS will not say. */
function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

export interface UnreachedRow {
  code: string;
  state: string;
  category: string;
  area: string;
  unit: string;
  official: string;
  due: string;
}

/** The cases waiting for a person, named for reading at a terminal; the look is on record. */
export async function listUnreached(db: Db, clock: Clock): Promise<UnreachedRow[]> {
  const [cases, org] = await Promise.all([unreachedCases(db), loadOrgSnapshot(db)]);
  await recordAudit(db, { actor: { kind: "system" }, outcome: "viewed", action: "unreached_list", detail: `admin-cli (${operator()}): ${cases.length} cases` }, clock.now());
  const name = (list: { id: string; name: string }[], id: string | null) => (id ? (list.find((x) => x.id === id)?.name ?? id) : "—");
  return cases.map((c: CaseListEntry) => ({
    code: c.trackingCode,
    state: c.state,
    category: org.categories.find((x) => x.id === c.categoryId)?.nameZh ?? c.categoryId,
    area: org.areas.find((x) => x.id === c.areaId)?.name ?? c.areaId,
    unit: name(org.units, c.unitId),
    official: c.officialId ? `${name(org.officials, c.officialId)} (${c.officialId})` : "—",
    due: c.dueBy ?? "—",
  }));
}

export interface Reassigned {
  code: string;
  officialId: string;
  officialName: string;
  unitName: string;
  /** Whether the new official has a chat account: if not, the office's list still shows the case. */
  reachable: boolean;
  notices: number;
}

export async function reassignCase(db: Db, clock: Clock, office: { timeZone: string; day: OfficeDay }, rawCode: string, officialId: string, reason?: string): Promise<Reassigned> {
  const code = normaliseCode(rawCode);
  const caseId = await caseIdByCode(db, code);
  if (!caseId) throw new AdminCommandError(`no case ${code}`);
  const org = await loadOrgSnapshot(db, office.day);
  const { timeZone } = office;
  const official = org.officials.find((o) => o.id === officialId);
  if (!official) throw new AdminCommandError(`unknown official "${officialId}": see  npm run admin -- officials`);
  if (!official.active) throw new AdminCommandError(`official "${officialId}" is inactive`);
  const result = await runCaseCommand({ db, clock, org, timeZone }, caseId, { kind: "reassign", input: { officialId, via: "admin-cli", operator: operator(), ...(reason ? { reason } : {}) } }, { kind: "system" });
  if (!result.ok) {
    const { code: why, detail } = result.refusal;
    if (why === "already_done") throw new AdminCommandError(`${code} is already ${official.name}'s (${officialId})`);
    throw new AdminCommandError(`${code} was not reassigned (${why}): ${detail}`);
  }
  return {
    code,
    officialId,
    officialName: official.name,
    unitName: org.units.find((u) => u.id === official.unitId)?.name ?? official.unitId,
    reachable: (await reachableOfficials(db, [officialId])).has(officialId),
    notices: result.outboxIds.length,
  };
}
