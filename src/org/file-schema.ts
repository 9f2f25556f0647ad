/**
 * The organisation file (YAML or JSON) that the petition office edits: deadline policies, units,
 * areas, officials, categories and routing rules. Keys are English, names Chinese; ids are the
 * primary keys in the store, so renaming an id means "a new thing", not "the same thing renamed".
 *
 * The shape is checked field by field, then `superRefine` checks what refers to what. Every issue
 * carries the path of the offending field, so src/org/load-file.ts can name its line.
 */
import { z } from "zod";
import { emergencyNumbers, priorities } from "../kernel/answers";
import { beyondNationalLimits, escalationTargets } from "../deadlines/policy";
import { deadlinePresets, type DeadlinePresetName } from "../deadlines/presets";
import { nationalReviewDays, standardFollowUp } from "../followup/policy";

const idPattern = /^[a-z0-9][a-z0-9_-]*$/;
const id = z.string().regex(idPattern, "must be lower-case letters, digits, _ or - (starting with a letter or digit)");
const name = z.string().trim().min(1, "must not be empty");
const level = z.enum(["county", "township", "village"]);
const role = z.enum(["handling_official", "unit_head", "responsible_leader", "petition_office_admin"]);

/** A calendar day, YYYY-MM-DD; checked to exist (no 2026-02-30). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, "is not a real calendar date");

/**
 * A length of time as a clerk writes it: 7 (calendar days), "7天", "7 days", "2个工作日",
 * "2 working days", or { days: 2, counting: working }.
 */
const spanText = /^\s*(\d+)\s*(?:(个工作日|工作日|working\s+days?)|(天|日|calendar\s+days?|days?))\s*$/;
const spanProblem = 'must be a number of days: 7, "7天", "2个工作日", "2 working days" or { days, counting }';
const span = z.preprocess(
  (value, ctx) => {
    if (typeof value === "number") return { days: value, counting: "calendar" };
    if (typeof value !== "string") return value;
    const match = spanText.exec(value);
    if (match) return { days: Number(match[1]), counting: match[2] ? "working" : "calendar" };
    // Said here, where the text is known: the object schema would only say "not a mapping".
    ctx.addIssue({ code: "custom", message: spanProblem });
    return z.NEVER;
  },
  z.strictObject(
    { days: z.number().int("must be a whole number of days").positive("must be at least 1 day"), counting: z.enum(["calendar", "working"]) },
    { error: spanProblem },
  ),
);

const wholeDays = z.number().int("must be a whole number of days").nonnegative("must not be negative");

export const deadlinePolicySchema = z
  .strictObject({
    id,
    name,
    acceptWithin: span,
    answerWithin: span,
    extension: z.strictObject({ maxDays: wholeDays, times: z.number().int().nonnegative() }).default({ maxDays: 30, times: 1 }),
    /** Calendar days between progress notices to the petitioner (定期通报); null for none. */
    progressEveryDays: z.number().int().positive("must be at least 1 day").nullable().default(7),
    remindDaysBefore: z.array(wholeDays).default([1]),
    unacceptedAfterHours: z.number().positive("must be more than 0 hours").default(4),
    escalation: z
      .array(z.strictObject({ to: z.enum(escalationTargets), afterWorkingDays: wholeDays }))
      .default([
        { to: "unit_head", afterWorkingDays: 1 },
        { to: "responsible_leader", afterWorkingDays: 2 },
        { to: "petition_office", afterWorkingDays: 2 },
      ]),
    /** 回访 after each answer: the survey, its reminders, when it is given up, the review window. */
    followUp: z
      .strictObject({
        surveyAfterHours: z.number().positive("must be more than 0 hours").default(standardFollowUp.surveyAfterHours),
        remindAfterHours: z.array(z.number().positive("must be more than 0 hours")).default(standardFollowUp.remindAfterHours),
        giveUpAfterHours: z.number().positive("must be more than 0 hours").default(standardFollowUp.giveUpAfterHours),
        reviewWithinDays: z.number().int().min(nationalReviewDays, `must be at least ${nationalReviewDays} days (信访工作条例: 复查、复核请求 30 日内)`).default(nationalReviewDays),
      })
      .refine((f) => f.remindAfterHours.every((n) => n < f.giveUpAfterHours), { message: "every reminder must come before giveUpAfterHours", path: ["remindAfterHours"] })
      .default(standardFollowUp),
  })
  .superRefine((policy, ctx) => {
    for (const { field, problem } of beyondNationalLimits(policy)) ctx.addIssue({ code: "custom", path: field.split("."), message: problem });
  });

/** category | priority | 包案: a rule's key; two rules with one key would make the choice ambiguous. */
export const deadlineRuleSchema = z.strictObject({
  category: id.optional(),
  priority: z.enum(["normal", "important", "urgent"]).optional(),
  leaderHeld: z.boolean().optional(),
  policy: id,
});
export const deadlineRuleKey = (rule: { category?: string | undefined; priority?: string | undefined; leaderHeld?: boolean | undefined }) =>
  `${rule.category ?? "*"}|${rule.priority ?? "*"}|${rule.leaderHeld === undefined ? "*" : rule.leaderHeld ? "leader" : "no-leader"}`;

export const unitSchema = z.strictObject({
  id,
  name,
  level,
  parent: id.optional(),
  petitionOffice: z.boolean().default(false),
  /** The discipline inspection body (纪委监委): complaints about cadres' conduct go to it. At most one. */
  disciplineBody: z.boolean().default(false),
});

export const areaSchema = z.strictObject({
  id,
  name,
  level,
  parent: id.optional(),
  aliases: z.array(name).default([]),
  defaultUnit: id.optional(),
  /** Where the place is, in WGS 84 degrees (as a map shows it); used to suggest the village of a shared location. */
  latitude: z.number().min(-90, "must be between -90 and 90 degrees").max(90, "must be between -90 and 90 degrees").optional(),
  longitude: z.number().min(-180, "must be between -180 and 180 degrees").max(180, "must be between -180 and 180 degrees").optional(),
});

export const absenceSchema = z.strictObject({
  from: day,
  to: day,
  reason: name.optional(),
});

export const officialSchema = z.strictObject({
  id,
  name,
  unit: id,
  roles: z.array(role).min(1, "must list at least one role"),
  villages: z.array(id).default([]),
  away: z.array(absenceSchema).default([]),
  /** 补位: another official of the same unit who takes this one's reminders while they are away. */
  standIn: id.optional(),
});

export const categorySchema = z.strictObject({
  id,
  zh: name,
  en: name,
  conduct: z.boolean().default(false),
  /** Without it: the preset's default policy (deadlineRules may still choose another by priority or 包案). */
  deadlinePolicy: id.optional(),
  /** Position in the category menu; without it, the position in the file. */
  order: z.number().int("must be a whole number").optional(),
  // priority (急事急办)
  /** The priority its cases are proposed with; an urgent word in the petition still raises it to urgent. */
  priority: z.enum(priorities, { error: "must be normal, important or urgent" }).default("normal"),
});

export const routingRuleSchema = z.strictObject({
  id,
  category: id.optional(),
  area: id.optional(),
  unit: id,
});

// ── priority (急事急办) ──
/** A word or phrase as written in a petition: no spaces inside, so it reads as it would be typed. */
const urgentWord = z.string().trim().min(1, "must not be empty").max(20, "must be at most 20 characters").regex(/^\S+$/, "must be one word or phrase without spaces");
// `call: 119` unquoted is a number in YAML: read as the digits it is.
const emergencyNumber = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.enum(emergencyNumbers, { error: "must be 110 (police), 120 (ambulance) or 119 (fire and rescue)" }));

/**
 * `- { words: [起火, 着火], call: "119" }`: any of the words marks an emergency; `with`: only
 * together with one of these too (停暖 with 老人); `call`: one number or a list (none: urgent,
 * with nothing for the citizen to dial).
 */
export const urgentWordSchema = z.strictObject({
  words: z.array(urgentWord).min(1, "must list at least one word"),
  with: z.array(urgentWord).default([]),
  call: z
    .union([emergencyNumber, z.array(emergencyNumber)])
    .optional()
    .transform((call) => (call === undefined ? [] : Array.isArray(call) ? [...new Set(call)] : [call])),
});

const orgFileShape = z.strictObject({
  /** Policies and rules Minqing ships (src/deadlines/presets.ts); the file's own add to them or replace them by id. */
  deadlinePreset: z.enum(Object.keys(deadlinePresets) as [DeadlinePresetName, ...DeadlinePresetName[]]).optional(),
  deadlinePolicies: z.array(deadlinePolicySchema).default([]),
  deadlineRules: z.array(deadlineRuleSchema).default([]),
  units: z.array(unitSchema).min(1, "must list at least the petition office"),
  areas: z.array(areaSchema).min(1, "must list at least the county"),
  officials: z.array(officialSchema).default([]),
  categories: z.array(categorySchema).min(1, "must list at least one category"),
  routingRules: z.array(routingRuleSchema).default([]),
  // priority (急事急办)
  urgentWords: z.array(urgentWordSchema).default([]),
});

export type OrgFile = z.output<typeof orgFileSchema>;
export type OrgFileInput = z.input<typeof orgFileShape>;

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/** The level a parent must have; a county has no parent. */
const parentLevel = { county: null, township: "county", village: "township" } as const;

/**
 * The preset's policies and rules after the file's own (so the file's positions, named in error
 * messages, stay as written), each only where the file has none of that id or key; a category
 * naming no policy gets the preset's default. Applying it twice changes nothing.
 */
function withPreset(file: z.output<typeof orgFileShape>) {
  const preset = file.deadlinePreset ? deadlinePresets[file.deadlinePreset] : undefined;
  if (!preset) return file;
  const ownPolicies = new Set(file.deadlinePolicies.map((p) => p.id));
  const ownRules = new Set(file.deadlineRules.map(deadlineRuleKey));
  const presetRules = preset.rules.map((rule) => ({
    ...(rule.categoryId !== null ? { category: rule.categoryId } : {}),
    ...(rule.priority !== null ? { priority: rule.priority } : {}),
    ...(rule.leaderHeld !== null ? { leaderHeld: rule.leaderHeld } : {}),
    policy: rule.policyId,
  }));
  return {
    ...file,
    deadlinePolicies: [...file.deadlinePolicies, ...preset.policies.filter((p) => !ownPolicies.has(p.id))],
    deadlineRules: [...file.deadlineRules, ...presetRules.filter((rule) => !ownRules.has(deadlineRuleKey(rule)))],
    categories: file.categories.map((category) => ({ ...category, deadlinePolicy: category.deadlinePolicy ?? preset.defaultPolicyId })),
  };
}

export const orgFileSchema = orgFileShape.transform(withPreset).superRefine((file, ctx) => {
  const report: Report = (path, message) => ctx.addIssue({ code: "custom", path, message });

  if (file.deadlinePolicies.length === 0) report(["deadlinePolicies"], "must list at least one deadline policy, or name a deadlinePreset (national or local)");
  const policies = indexById(file.deadlinePolicies, "deadlinePolicies", report);
  const units = indexById(file.units, "units", report);
  const areas = indexById(file.areas, "areas", report);
  const officials = indexById(file.officials, "officials", report);
  const categories = indexById(file.categories, "categories", report);
  indexById(file.routingRules, "routingRules", report);

  const known = (map: Map<string, unknown>, ref: string | undefined, kind: string, path: Path) => {
    if (ref !== undefined && !map.has(ref)) report(path, `unknown ${kind} "${ref}"`);
  };

  // Units and areas form trees one level at a time, so a case can always move "one level up".
  checkTree(file.units, units, "units", "unit", report);
  checkTree(file.areas, areas, "areas", "area", report);

  const offices = file.units.flatMap((unit, i) => (unit.petitionOffice ? [i] : []));
  if (offices.length === 0) report(["units"], "must mark exactly one unit with petitionOffice: true (none is marked)");
  for (const i of offices.slice(1)) {
    report(["units", i, "petitionOffice"], `only one unit may be the petition office ("${file.units[offices[0]!]!.id}" already is)`);
  }

  // Conduct complaints need one clear destination; the petition office supervises, it does not investigate its own.
  const disciplineBodies = file.units.flatMap((unit, i) => (unit.disciplineBody ? [i] : []));
  for (const i of disciplineBodies.slice(1)) {
    report(["units", i, "disciplineBody"], `only one unit may be the discipline body ("${file.units[disciplineBodies[0]!]!.id}" already is)`);
  }
  for (const i of disciplineBodies) {
    if (file.units[i]!.petitionOffice) report(["units", i, "disciplineBody"], "the petition office cannot also be the discipline body");
  }

  const counties = file.areas.flatMap((area, i) => (area.level === "county" ? [i] : []));
  for (const i of counties.slice(1)) report(["areas", i, "level"], `only one county-level area is allowed ("${file.areas[counties[0]!]!.id}" already is)`);

  file.areas.forEach((area, i) => known(units, area.defaultUnit, "unit", ["areas", i, "defaultUnit"]));

  file.officials.forEach((official, i) => {
    known(units, official.unit, "unit", ["officials", i, "unit"]);
    official.villages.forEach((ref, j) => {
      const area = areas.get(ref);
      if (!area) report(["officials", i, "villages", j], `unknown area "${ref}"`);
      else if (area.level !== "village") report(["officials", i, "villages", j], `"${ref}" is a ${area.level}, not a village`);
    });
    const seenFrom = new Set<string>();
    official.away.forEach((absence, j) => {
      if (absence.from > absence.to) report(["officials", i, "away", j, "to"], `ends (${absence.to}) before it starts (${absence.from})`);
      if (seenFrom.has(absence.from)) report(["officials", i, "away", j, "from"], `another absence already starts on ${absence.from}`);
      seenFrom.add(absence.from);
    });
    if (official.standIn !== undefined) {
      const standIn = officials.get(official.standIn);
      const path = ["officials", i, "standIn"];
      if (official.standIn === official.id) report(path, `${official.name} (${official.id}) cannot be their own stand-in`);
      else if (!standIn) report(path, `unknown official "${official.standIn}" as ${official.name}'s stand-in`);
      else if (standIn.unit !== official.unit) {
        report(path, `${official.name}'s stand-in ${standIn.name} ("${official.standIn}") is in unit "${standIn.unit}", not "${official.unit}"`);
      }
    }
  });

  file.categories.forEach((category, i) => {
    if (category.deadlinePolicy === undefined) report(["categories", i], "names no deadlinePolicy, and the file names no deadlinePreset to take a default from");
    else known(policies, category.deadlinePolicy, "deadline policy", ["categories", i, "deadlinePolicy"]);
  });
  const deadlineKeys = new Set<string>();
  file.deadlineRules.forEach((rule, i) => {
    known(categories, rule.category, "category", ["deadlineRules", i, "category"]);
    known(policies, rule.policy, "deadline policy", ["deadlineRules", i, "policy"]);
    const key = deadlineRuleKey(rule);
    if (deadlineKeys.has(key)) report(["deadlineRules", i], "another rule names the same category, priority and leaderHeld");
    deadlineKeys.add(key);
  });

  checkUrgentWords(file.urgentWords, report);

  // Two rules for the same category and area would make "the most specific match" ambiguous.
  const ruleKeys = new Map<string, string>();
  file.routingRules.forEach((rule, i) => {
    known(categories, rule.category, "category", ["routingRules", i, "category"]);
    known(areas, rule.area, "area", ["routingRules", i, "area"]);
    known(units, rule.unit, "unit", ["routingRules", i, "unit"]);
    const key = `${rule.category ?? "*"}|${rule.area ?? "*"}`;
    const earlier = ruleKeys.get(key);
    if (earlier) report(["routingRules", i], `matches the same category and area as rule "${earlier}"`);
    else ruleKeys.set(key, rule.id);
  });
});

// priority (急事急办): a word listed twice in one entry is a slip; the same word in two entries would
// make which number to call depend on the order of the file.
function checkUrgentWords(entries: OrgFile["urgentWords"], report: Report): void {
  // Only entries that stand alone: "停水" with "老人" and "停水" with "瘫痪" are two different things.
  const alone = new Map<string, number>();
  entries.forEach((entry, i) => {
    const inEntry = new Set<string>();
    entry.words.forEach((word, j) => {
      if (inEntry.has(word)) report(["urgentWords", i, "words", j], `"${word}" is listed twice in this entry`);
      inEntry.add(word);
      if (entry.with.length > 0) return;
      const earlier = alone.get(word);
      if (earlier !== undefined && earlier !== i) report(["urgentWords", i, "words", j], `"${word}" is already listed in urgentWords entry ${earlier + 1}`);
      else alone.set(word, i);
    });
    entry.with.forEach((word, j) => {
      if (entry.words.includes(word)) report(["urgentWords", i, "with", j], `"${word}" is both one of the words and one of those it must come with`);
    });
  });
}

function indexById<T extends { id: string }>(items: T[], kind: string, report: Report): Map<string, T> {
  const map = new Map<string, T>();
  items.forEach((item, i) => {
    if (map.has(item.id)) report([kind, i, "id"], `duplicate id "${item.id}"`);
    else map.set(item.id, item);
  });
  return map;
}

function checkTree<T extends { id: string; level: keyof typeof parentLevel; parent?: string | undefined }>(
  items: T[],
  byId: Map<string, T>,
  kind: string,
  noun: string,
  report: Report,
): void {
  items.forEach((item, i) => {
    const wanted = parentLevel[item.level];
    if (wanted === null) {
      if (item.parent !== undefined) report([kind, i, "parent"], `a county-level ${noun} has no parent`);
      return;
    }
    if (item.parent === undefined) {
      report([kind, i], `a ${item.level}-level ${noun} needs a parent (a ${wanted}-level ${noun})`);
      return;
    }
    const parent = byId.get(item.parent);
    if (!parent) report([kind, i, "parent"], `unknown ${noun} "${item.parent}"`);
    else if (parent.level !== wanted) {
      report([kind, i, "parent"], `a ${item.level}'s parent must be a ${wanted}, but "${parent.id}" is a ${parent.level}`);
    }
  });
}
