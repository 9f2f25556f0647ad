/**
 * The organisation in the store: importing the organisation file, and reading the active
 * organisation back as the core's plain types (src/org/types.ts).
 *
 * Importing is a sync, not a replace: ids from the file are primary keys, rows are written only
 * when a value really changed, and whatever the file no longer lists is marked inactive, never
 * deleted — open cases keep their assignments to it, and the history stays readable.
 */
import { emergencyNumbers, type EmergencyNumber } from "../kernel/answers";
import type { Clock } from "../kernel/clock";
import { deadlineRuleKey, orgFileSchema, type OrgFile } from "../org/file-schema";
import { standardOfficeDay } from "../deadlines/promises";
import type { DeadlinePolicy, OfficeDay, OfficialRole, OrgSnapshot } from "../org/types";
import type { Db, Tx } from "./client";
import { Prisma } from "./generated/client";

export const orgKinds = ["deadlinePolicies", "units", "areas", "officials", "categories", "routingRules", "deadlineRules", /* priority (急事急办) */ "urgentWords"] as const;
export type OrgKind = (typeof orgKinds)[number];

export interface KindCounts {
  created: number;
  updated: number;
  /** Active in the store, missing from the file: now inactive. */
  deactivated: number;
  unchanged: number;
}

export interface ImportSummary {
  importedAt: Date;
  counts: Record<OrgKind, KindCounts>;
}

/** True when the import wrote anything. */
export function importChangedAnything(summary: ImportSummary): boolean {
  return orgKinds.some((kind) => {
    const counts = summary.counts[kind];
    return counts.created + counts.updated + counts.deactivated > 0;
  });
}

/** Any constant will do; it only has to be the same for every import. */
const importLockKey = 20261122;

export async function importOrg(db: Db, file: OrgFile, clock: Clock): Promise<ImportSummary> {
  // The file may come from code rather than readOrgFile: the write order below (parents before
  // children) and the references rely on the cross-checks having passed.
  const org = orgFileSchema.parse(file);
  const importedAt = clock.now();
  return db.$transaction(
    async (tx) => {
      // Two admins loading at once would race on the same ids; the second simply waits.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${importLockKey})`);
      const counts = {
        deadlinePolicies: await syncPolicies(tx, org),
        units: await syncUnits(tx, org),
        areas: await syncAreas(tx, org),
        officials: await syncOfficials(tx, org),
        categories: await syncCategories(tx, org),
        routingRules: await syncRules(tx, org),
        deadlineRules: await syncDeadlineRules(tx, org),
        // priority (急事急办)
        urgentWords: await syncUrgentWords(tx, org),
      };
      return { importedAt, counts };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

type Status = "created" | "updated" | "unchanged";

function emptyCounts(): KindCounts {
  return { created: 0, updated: 0, deactivated: 0, unchanged: 0 };
}

/** Compares the values the file sets with the stored row; only a real difference is an update. */
function statusOf(row: object | undefined, values: Record<string, unknown>): Status {
  if (!row) return "created";
  const stored = row as Record<string, unknown>;
  return Object.entries(values).every(([key, value]) => sameValue(stored[key], value)) ? "unchanged" : "updated";
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** JSON text with every object's keys sorted, so equal values give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** Writes only when needed and counts what happened. */
async function apply(counts: KindCounts, row: object | undefined, values: Record<string, unknown>, write: () => Promise<unknown>): Promise<Status> {
  const status = statusOf(row, values);
  if (status !== "unchanged") await write();
  counts[status]++;
  return status;
}

function byId<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

/** Ids of active rows the file no longer lists. */
function missingActive(rows: { id: string; active: boolean }[], listed: { id: string }[]): string[] {
  const keep = new Set(listed.map((item) => item.id));
  return rows.filter((row) => row.active && !keep.has(row.id)).map((row) => row.id);
}

const levelRank = { county: 0, township: 1, village: 2 } as const;

/** Parents are always one level up (checked by the schema), so writing by level writes parents first. */
function parentsFirst<T extends { level: keyof typeof levelRank }>(items: T[]): T[] {
  return [...items].sort((a, b) => levelRank[a.level] - levelRank[b.level]);
}

async function syncPolicies(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const existing = byId(await tx.deadlinePolicy.findMany());
  for (const policy of org.deadlinePolicies) {
    const { id, name, ...fields } = policy;
    const spec = fields as unknown as Prisma.InputJsonObject;
    // Compared as text with keys in order: jsonb keeps its own key order, not the file's.
    const stored = existing.get(id);
    const row = stored && { name: stored.name, spec: canonicalJson(stored.spec) };
    const values = { name, spec: canonicalJson(spec) };
    await apply(counts, row, values, () => tx.deadlinePolicy.upsert({ where: { id }, create: { id, name, spec }, update: { name, spec } }));
  }
  // Policies have no active flag: categories and promised dates refer to them, so they stay.
  return counts;
}

async function syncUnits(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const rows = await tx.unit.findMany();
  const existing = byId(rows);
  for (const unit of parentsFirst(org.units)) {
    const values = { name: unit.name, level: unit.level, parentId: unit.parent ?? null, isPetitionOffice: unit.petitionOffice, isDisciplineBody: unit.disciplineBody, active: true };
    await apply(counts, existing.get(unit.id), values, () =>
      tx.unit.upsert({ where: { id: unit.id }, create: { id: unit.id, ...values }, update: values }),
    );
  }
  counts.deactivated = await deactivate(rows, org.units, (ids) => tx.unit.updateMany({ where: { id: { in: ids } }, data: { active: false } }));
  return counts;
}

async function syncAreas(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const rows = await tx.area.findMany();
  const existing = byId(rows);
  for (const area of parentsFirst(org.areas)) {
    const values = {
      name: area.name,
      level: area.level,
      parentId: area.parent ?? null,
      aliases: area.aliases,
      defaultUnitId: area.defaultUnit ?? null,
      latitude: area.latitude ?? null,
      longitude: area.longitude ?? null,
      active: true,
    };
    await apply(counts, existing.get(area.id), values, () =>
      tx.area.upsert({ where: { id: area.id }, create: { id: area.id, ...values }, update: values }),
    );
  }
  counts.deactivated = await deactivate(rows, org.areas, (ids) => tx.area.updateMany({ where: { id: { in: ids } }, data: { active: false } }));
  return counts;
}

const roleOrder: OfficialRole[] = ["handling_official", "unit_head", "responsible_leader", "petition_office_admin"];

/** Roles are a set: stored in one fixed order, so reordering them in the file is no change. */
function canonicalRoles(roles: OfficialRole[]): OfficialRole[] {
  return roleOrder.filter((role) => roles.includes(role));
}

async function syncOfficials(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const rows = await tx.official.findMany({ include: { villages: true, absences: true } });
  const existing = byId(rows);
  for (const official of org.officials) {
    const row = existing.get(official.id);
    const values = { name: official.name, unitId: official.unit, roles: canonicalRoles(official.roles), active: true, standInId: official.standIn ?? null };
    const status = statusOf(row, values);
    if (status !== "unchanged") {
      await tx.official.upsert({ where: { id: official.id }, create: { id: official.id, ...values }, update: values });
    }
    const villagesChanged = await syncVillages(tx, official.id, row?.villages.map((link) => link.areaId) ?? [], official.villages);
    const absencesChanged = await syncAbsences(tx, official.id, row?.absences ?? [], official.away);
    counts[status === "unchanged" && (villagesChanged || absencesChanged) ? "updated" : status]++;
  }
  // Their village links and absences stay as they were: an inactive official is out of every snapshot.
  counts.deactivated = await deactivate(rows, org.officials, (ids) => tx.official.updateMany({ where: { id: { in: ids } }, data: { active: false } }));
  return counts;
}

/** Makes the official's village links exactly the file's; true when anything changed. */
async function syncVillages(tx: Tx, officialId: string, stored: string[], wanted: string[]): Promise<boolean> {
  const remove = stored.filter((areaId) => !wanted.includes(areaId));
  const add = [...new Set(wanted)].filter((areaId) => !stored.includes(areaId));
  if (remove.length) await tx.officialVillage.deleteMany({ where: { officialId, areaId: { in: remove } } });
  if (add.length) await tx.officialVillage.createMany({ data: add.map((areaId) => ({ officialId, areaId })) });
  return remove.length + add.length > 0;
}

interface StoredAbsence {
  fromDate: Date;
  toDate: Date;
  reason: string | null;
}

/** Replaces the official's absences with the file's; true when anything changed. */
async function syncAbsences(tx: Tx, officialId: string, stored: StoredAbsence[], wanted: OrgFile["officials"][number]["away"]): Promise<boolean> {
  const storedByFrom = new Map(stored.map((absence) => [dayString(absence.fromDate), absence]));
  const wantedFrom = new Set(wanted.map((absence) => absence.from));
  const remove = [...storedByFrom.keys()].filter((from) => !wantedFrom.has(from));
  if (remove.length) await tx.dutyAbsence.deleteMany({ where: { officialId, fromDate: { in: remove.map(utcMidnight) } } });
  let changed = remove.length > 0;
  for (const absence of wanted) {
    const values = { toDate: utcMidnight(absence.to), reason: absence.reason ?? null };
    const fromDate = utcMidnight(absence.from);
    if (statusOf(storedByFrom.get(absence.from), values) === "unchanged") continue;
    changed = true;
    await tx.dutyAbsence.upsert({
      where: { officialId_fromDate: { officialId, fromDate } },
      create: { officialId, fromDate, ...values },
      update: values,
    });
  }
  return changed;
}

async function syncCategories(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const rows = await tx.category.findMany();
  const existing = byId(rows);
  for (const [index, category] of org.categories.entries()) {
    const values = {
      nameZh: category.zh,
      nameEn: category.en,
      sortOrder: category.order ?? index,
      conduct: category.conduct,
      // Filled from the preset where the file names none (checked by the schema).
      deadlinePolicyId: category.deadlinePolicy!,
      // priority (急事急办)
      priority: category.priority,
      active: true,
    };
    await apply(counts, existing.get(category.id), values, () =>
      tx.category.upsert({ where: { id: category.id }, create: { id: category.id, ...values }, update: values }),
    );
  }
  counts.deactivated = await deactivate(rows, org.categories, (ids) => tx.category.updateMany({ where: { id: { in: ids } }, data: { active: false } }));
  return counts;
}

async function syncRules(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const rows = await tx.routingRule.findMany();
  const existing = byId(rows);
  for (const rule of org.routingRules) {
    const values = { categoryId: rule.category ?? null, areaId: rule.area ?? null, unitId: rule.unit, active: true };
    await apply(counts, existing.get(rule.id), values, () =>
      tx.routingRule.upsert({ where: { id: rule.id }, create: { id: rule.id, ...values }, update: values }),
    );
  }
  counts.deactivated = await deactivate(rows, org.routingRules, (ids) => tx.routingRule.updateMany({ where: { id: { in: ids } }, data: { active: false } }));
  return counts;
}

// ── priority (急事急办) ──
/**
 * The urgent words, by their position in the file: entries have no id, so an entry whose words
 * changed is that position updated, and positions past the end of the list are removed (no case
 * refers to them: a case keeps the words it matched in its own events).
 */
async function syncUrgentWords(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const existing = new Map((await tx.urgentWordRule.findMany()).map((row) => [row.position, row]));
  for (const [position, entry] of org.urgentWords.entries()) {
    const values = { words: entry.words, withWords: entry.with, calls: entry.call };
    await apply(counts, existing.get(position), values, () => tx.urgentWordRule.upsert({ where: { position }, create: { position, ...values }, update: values }));
  }
  const { count } = await tx.urgentWordRule.deleteMany({ where: { position: { gte: org.urgentWords.length } } });
  counts.deactivated = count;
  return counts;
}

/** Rules are kept by their key (category | priority | 包案): the key is what the file means by "this rule". */
async function syncDeadlineRules(tx: Tx, org: OrgFile): Promise<KindCounts> {
  const counts = emptyCounts();
  const rows = await tx.deadlineRule.findMany();
  const existing = byId(rows);
  const listed = org.deadlineRules.map((rule) => ({ id: deadlineRuleKey(rule), rule }));
  for (const { id, rule } of listed) {
    const values = { categoryId: rule.category ?? null, priority: rule.priority ?? null, leaderHeld: rule.leaderHeld ?? null, policyId: rule.policy, active: true };
    await apply(counts, existing.get(id), values, () => tx.deadlineRule.upsert({ where: { id }, create: { id, ...values }, update: values }));
  }
  counts.deactivated = await deactivate(rows, listed, (ids) => tx.deadlineRule.updateMany({ where: { id: { in: ids } }, data: { active: false } }));
  return counts;
}

async function deactivate(rows: { id: string; active: boolean }[], listed: { id: string }[], write: (ids: string[]) => Promise<unknown>): Promise<number> {
  const ids = missingActive(rows, listed);
  if (ids.length) await write(ids);
  return ids.length;
}

/** `@db.Date` columns take the day as a Date at UTC midnight. */
function utcMidnight(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The active organisation, read in one repeatable-read transaction so an import committing
 * half-way through cannot mix old and new rows. Deadline policies have no active flag: all are returned.
 */
export async function loadOrgSnapshot(db: Db, office: OfficeDay = standardOfficeDay): Promise<OrgSnapshot> {
  const [areas, units, officials, categories, rules, policies, deadlineRules, urgentWords] = await db.$transaction(
    [
      db.area.findMany({ where: { active: true }, orderBy: { id: "asc" } }),
      db.unit.findMany({ where: { active: true }, orderBy: { id: "asc" } }),
      db.official.findMany({
        where: { active: true },
        orderBy: { id: "asc" },
        include: {
          villages: { where: { area: { active: true } }, orderBy: { areaId: "asc" } },
          absences: { orderBy: { fromDate: "asc" } },
        },
      }),
      db.category.findMany({ where: { active: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
      // A rule is only usable while everything it names is active too.
      db.routingRule.findMany({
        where: {
          active: true,
          unit: { active: true },
          AND: [{ OR: [{ categoryId: null }, { category: { active: true } }] }, { OR: [{ areaId: null }, { area: { active: true } }] }],
        },
        orderBy: { id: "asc" },
      }),
      db.deadlinePolicy.findMany({ orderBy: { id: "asc" } }),
      db.deadlineRule.findMany({ where: { active: true }, orderBy: { id: "asc" } }),
      // priority (急事急办)
      db.urgentWordRule.findMany({ orderBy: { position: "asc" } }),
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  return {
    areas: areas.map((area) => ({
      id: area.id,
      name: area.name,
      level: area.level,
      aliases: area.aliases,
      parentId: area.parentId,
      defaultUnitId: area.defaultUnitId,
      latitude: area.latitude,
      longitude: area.longitude,
    })),
    units: units.map((unit) => ({
      id: unit.id,
      name: unit.name,
      level: unit.level,
      parentId: unit.parentId,
      isPetitionOffice: unit.isPetitionOffice,
      isDisciplineBody: unit.isDisciplineBody,
      active: unit.active,
    })),
    officials: officials.map((official) => ({
      id: official.id,
      name: official.name,
      unitId: official.unitId,
      roles: official.roles,
      active: official.active,
      villageIds: official.villages.map((link) => link.areaId),
      absences: official.absences.map((absence) => ({ from: dayString(absence.fromDate), to: dayString(absence.toDate) })),
      standInId: official.standInId,
    })),
    categories: categories.map((category) => ({
      id: category.id,
      nameZh: category.nameZh,
      nameEn: category.nameEn,
      sortOrder: category.sortOrder,
      conduct: category.conduct,
      deadlinePolicyId: category.deadlinePolicyId,
      // priority (急事急办)
      priority: category.priority,
    })),
    rules: rules.map((rule) => ({ id: rule.id, categoryId: rule.categoryId, areaId: rule.areaId, unitId: rule.unitId })),
    deadlinePolicies: policies.map((policy) => ({ id: policy.id, name: policy.name, ...(policy.spec as unknown as Omit<DeadlinePolicy, "id" | "name">) })),
    deadlineRules: deadlineRules.map((rule) => ({ categoryId: rule.categoryId, priority: rule.priority, leaderHeld: rule.leaderHeld, policyId: rule.policyId })),
    office,
    // priority (急事急办): numbers the schema no longer knows are dropped rather than told to a citizen
    urgentWords: urgentWords.map((row) => ({ words: row.words, with: row.withWords, calls: row.calls.filter(isEmergencyNumber) })),
  };
}

const isEmergencyNumber = (call: string): call is EmergencyNumber => (emergencyNumbers as readonly string[]).includes(call);
