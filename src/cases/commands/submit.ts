/**
 * Submit: a confirmed petition becomes a registered case. The petitioner's submission is
 * recorded (visible to them), and Minqing registers it at once with the promise of when they will
 * hear whether it is accepted, computed from the category's deadline policy and copied onto the
 * case so that a later policy change never rewrites it.
 */
import { acceptDay, deadlinesFor, marked } from "../../deadlines/promises";
import type { OrgSnapshot } from "../../org/types";
import type { Actor, Case, CaseAttachment, Priority } from "../case";
import { caseEventTypes, type CaseEvent } from "../events";
import { accusedOf } from "../accused";
import { noHandling } from "../handling";
import { append, refuse, type Decision } from "../outcome";
import type { PetitionSubmission } from "../submission";

export interface SubmitInput {
  /** Made by the caller, so the decision itself stays a pure function. */
  caseId: string;
  trackingCode: string;
  personId: string;
  /** Null for a case a cadre records at a visit: the citizen's account is known only once they claim it. */
  identityId: string | null;
  submission: PetitionSubmission;
  /** Ids for the attachments kept, in order. */
  newId: () => string;
}

export function decideSubmit(input: SubmitInput, actor: Actor, now: Date, ctx: { org: OrgSnapshot; timeZone: string }): Decision {
  const { submission } = input;
  const category = ctx.org.categories.find((c) => c.id === submission.categoryId);
  if (!category) return refuse("unknown_category", `unknown category ${submission.categoryId}`);
  if (!ctx.org.areas.some((a) => a.id === submission.areaId)) return refuse("unknown_area", `unknown area ${submission.areaId}`);
  // The proposed priority chooses the policy: an urgent case is promised urgent dates from the start.
  const priority = proposedPriority(submission, category.priority);
  const chosen = deadlinesFor({ categoryId: category.id, priority, leaderHeld: false }, ctx);
  if (!chosen) return refuse("no_deadline_policy", `category ${category.id} has no deadline policy`);
  if (submission.visit) {
    // The cadre records it, in their own name; the citizen must be reachable to claim it later.
    if (actor.kind !== "official" || actor.id !== submission.visit.officialId) return refuse("not_allowed", `a visit record must be made by its cadre ${submission.visit.officialId}`);
    if (submission.anonymous || !submission.contactName || !submission.contactPhone) return refuse("invalid_input", "a petition recorded at a visit needs the citizen's name and phone");
  }

  const submittedAt = new Date(submission.submittedAt);
  const accept = acceptDay(chosen, submittedAt, ctx);
  const acceptBy = accept.day;
  const deadlines = marked(chosen, "acceptBy", accept);
  // The same file sent twice is one attachment.
  const attachments: CaseAttachment[] = [...new Map(submission.attachments.map((a) => [a.sha256, a])).values()].map((a) => ({ ...a, id: input.newId() }));
  const named = !submission.anonymous;
  // Only a conduct complaint names whom it is about; routing and every later step avoid them.
  const accused = category.conduct ? accusedOf({ text: submission.accused, unitId: submission.accusedUnitId, officialId: submission.accusedOfficialId }, ctx.org) : undefined;
  const empty: Case = {
    id: input.caseId,
    trackingCode: input.trackingCode,
    seq: 0,
    state: "submitted",
    personId: input.personId,
    identityId: input.identityId,
    channel: submission.user.channel,
    language: submission.language,
    categoryId: category.id,
    areaId: submission.areaId,
    description: submission.description,
    attachments,
    anonymous: submission.anonymous,
    contactName: named ? (submission.contactName ?? null) : null,
    contactPhone: named ? (submission.contactPhone ?? null) : null,
    contactPhoneHash: named && submission.contactPhone ? (submission.contactPhoneHash ?? null) : null,
    location: submission.location ?? null,
    priority,
    unitId: null,
    officialId: null,
    ownerOfficialId: null,
    leaderOfficialId: null,
    coHandlingUnitIds: [],
    handling: {
      ...noHandling,
      ...(accused ? { accused } : {}),
      ...(submission.visit ? { visit: { kind: submission.visit.kind, byOfficialId: submission.visit.officialId, at: now.toISOString() } } : {}),
    },
    deadlinePolicyId: null,
    deadlines: null,
    acceptBy: null,
    answerBy: null,
    nextWakeAt: null,
    submittedAt,
  };
  const { next, events } = append(empty, { state: "registered", deadlinePolicyId: deadlines.policy.id, deadlines, acceptBy }, [
    {
      type: caseEventTypes.submitted,
      at: now,
      actor,
      fromState: null,
      toState: "submitted",
      visibility: "petitioner",
      payload: { channel: submission.user.channel, attachments: attachments.length, anonymous: submission.anonymous, located: submission.location !== undefined },
    },
    ...(submission.visit ? [visitRecorded(submission.visit, actor, now)] : []),
    {
      type: caseEventTypes.registered,
      at: now,
      actor: { kind: "system" },
      fromState: "submitted",
      toState: "registered",
      visibility: "petitioner",
      payload: { acceptBy, deadlinePolicy: deadlines.policy.id, ...(accept.provisional ? { provisional: true } : {}), ...priorityOf(submission, category.priority) },
    },
  ]);
  return { ok: true, outcome: { next, expectedSeq: 0, creation: { idempotencyKey: submission.idempotencyKey }, events, notices: [] } };
}

// ── priority (急事急办) ──
const rank: Record<Priority, number> = { normal: 0, important: 1, urgent: 2 };

/**
 * The priority proposed at intake; never below the category's own (its default may have been
 * raised since the conversation read it).
 */
function proposedPriority(submission: PetitionSubmission, categoryPriority: Priority | undefined): Priority {
  const proposed = submission.priority ?? "normal";
  const base = categoryPriority ?? "normal";
  return rank[proposed] >= rank[base] ? proposed : base;
}

/** What the registration records of the priority: it, and the urgent words that raised it (the words, never the text). */
function priorityOf(submission: PetitionSubmission, categoryPriority: Priority | undefined): Record<string, unknown> {
  const urgency = submission.urgency;
  return { priority: proposedPriority(submission, categoryPriority), ...(urgency && urgency.words.length > 0 ? { urgentWords: urgency.words, calls: urgency.calls } : {}) };
}

// ── visits ──
/** Who recorded the petition for the citizen, and at what kind of visit: the record says so for good. */
function visitRecorded(visit: NonNullable<PetitionSubmission["visit"]>, actor: Actor, now: Date): Omit<CaseEvent, "seq"> {
  return {
    type: caseEventTypes.recordedAtVisit,
    at: now,
    actor,
    fromState: "submitted",
    toState: "submitted",
    visibility: "petitioner",
    officialId: visit.officialId,
    payload: { visit: visit.kind, recordedBy: visit.officialId },
  };
}
