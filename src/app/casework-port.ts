/**
 * Handling cases in chat, backed by the case store: the port the conversation's casework commands
 * use. Opens a case for an official only when the core says they may see it (and records the view
 * in the audit log, with whether the petitioner's name and phone were opened for them); runs an
 * action as a case command and queues the notices it owed; on a refusal, says what the case is now.
 */
import { randomUUID } from "node:crypto";
import { maySee, standingOf } from "../cases/authority";
import { availableActions, closedBecause } from "../cases/available";
import type { Refusal } from "../cases/outcome";
import type { Actor, Case } from "../cases/case";
import type { CaseCommand, TransferFacts } from "../cases/commands";
import { closureGaps, type Transfers } from "../cases/handling";
import type { CaseCard, TimelineEntry } from "../cases/views";
import { runCaseCommand } from "../casework/run-command";
import type { ActOutcome, CaseAction, CaseworkPort } from "../conversation/ports";
import { userKey, type ChannelUser } from "../kernel/channel";
import type { Clock } from "../kernel/clock";
import type { Reveal } from "../kernel/sealed";
import type { OrgSnapshot } from "../org/types";
import { enqueueNotices } from "../queue/jobs/send-notice";
import { scheduleWake } from "../queue/jobs/timers";
import type { Queues } from "../queue/queues";
import { ownersOf } from "../store/accounts";
import { recordAudit } from "../store/audit-log";
import { loadCase } from "../store/case-store";
import type { Db } from "../store/client";
import { openCaseCounts } from "../store/intake-store";
import { caseIdByCode, openCasesFor, timelineOf } from "../store/official-cases";
import { unreachedCases } from "../store/unreached-cases";
// overdue lists
import { dayInZone } from "../kernel/dates";
import { dueSoonDays, overdueCases } from "../store/overdue-cases";

export interface CaseworkDeps {
  db: Db;
  queues: Pick<Queues, "outbound" | "timers">;
  clock: Clock;
  timeZone: string;
  org: () => Promise<OrgSnapshot>;
  reveal: Reveal;
  /** A case transferred more often than this is flagged to the petition office (MAX_TRANSFERS). */
  maxTransfers: number;
}

export function caseworkPort(deps: CaseworkDeps): CaseworkPort {
  const ctx = async () => ({ org: await deps.org(), timeZone: deps.timeZone });

  async function card(current: Case, actor: Actor, org: OrgSnapshot): Promise<CaseCard> {
    const now = deps.clock.now();
    const { handling } = current;
    const petitioner = current.anonymous ? null : [current.contactName, current.contactPhone].filter((v) => v !== null).map((v) => deps.reveal(v!)).join(" ") || null;
    return {
      trackingCode: current.trackingCode,
      categoryId: current.categoryId,
      areaId: current.areaId,
      state: current.state,
      unitId: current.unitId,
      officialId: current.officialId,
      dueBy: current.state === "registered" || current.state === "submitted" ? current.acceptBy : current.answerBy,
      description: current.description,
      attachments: current.attachments.length,
      petitioner,
      submittedAt: current.submittedAt.toISOString(),
      acceptBy: current.acceptBy,
      answerBy: current.answerBy,
      ownerOfficialId: current.ownerOfficialId,
      leaderOfficialId: current.leaderOfficialId,
      ...(handling.answer
        ? { answer: { outcome: handling.answer.outcome, text: handling.answer.text, byOfficialId: handling.answer.byOfficialId, approvedAs: handling.answer.approvals.map((a) => a.role), delivered: handling.answer.deliveredAt !== undefined } }
        : {}),
      ...(handling.accused ? { accused: handling.accused } : {}),
      ...(handling.revisit ? { revisit: { satisfaction: handling.revisit.satisfaction, opinion: handling.revisit.opinion, on: handling.revisit.on } } : {}),
      signedAs: handling.signOffs.map((s) => s.role),
      ...(handling.transfers ? { transfers: transfersOf(handling.transfers) } : {}),
      coHandlingUnitIds: current.coHandlingUnitIds,
      ...(handling.extension
        ? {
            extension: {
              status: handling.extension.status,
              reason: handling.extension.reason,
              fromAnswerBy: handling.extension.fromAnswerBy,
              toAnswerBy: handling.extension.toAnswerBy,
              ...(handling.extension.rejection !== undefined ? { rejection: handling.extension.rejection } : {}),
            },
          }
        : {}),
      gaps: current.state === "answered" ? closureGaps(handling, current.leaderOfficialId !== null) : [],
      actions: availableActions(current, actor, now, { org, timeZone: deps.timeZone }),
      // priority (急事急办)
      priority: current.priority,
      timeline: await timelineOf(deps.db, current.id),
    };
  }

  /** A refusal as the official hears it: why, the state the case is in now and its last step. */
  async function refused(refusal: Refusal, caseId: string, now: Case | undefined, unitId?: string): Promise<ActOutcome> {
    const last = now ? lastStep(await timelineOf(deps.db, caseId)) : undefined;
    return { ok: false, code: refusal.code, ...(refusal.gaps ? { gaps: refusal.gaps } : {}), ...(refusal.because ? { because: refusal.because } : {}), ...(now ? { state: now.state } : {}), ...(last ? { last } : {}), ...(unitId ? { unitId } : {}) };
  }

  /** The case, if the actor may see it; every look (and every refused look) is on record. */
  async function visible(actor: Actor, trackingCode: string): Promise<{ current: Case; org: OrgSnapshot } | null> {
    const now = deps.clock.now();
    const caseId = await caseIdByCode(deps.db, trackingCode);
    const current = caseId ? await loadCase(deps.db, caseId) : undefined;
    const org = await deps.org();
    if (!current || !maySee(standingOf(actor, current, org))) {
      await recordAudit(deps.db, { actor, outcome: "refused", action: "view", petitionId: current?.id ?? null, detail: current ? undefined : `no case ${trackingCode}` }, now);
      return null;
    }
    const personal = !current.anonymous && (current.contactName !== null || current.contactPhone !== null);
    await recordAudit(deps.db, { actor, outcome: "viewed", action: personal ? "personal_data" : "case", petitionId: current.id }, now);
    return { current, org };
  }

  /** The actor an account acts as: the person for a petitioner's action, else the official (or nobody). */
  async function actorOf(user: ChannelUser, asPetitioner: boolean): Promise<Actor> {
    const { personId, officialId } = await ownersOf(deps.db, user);
    const id = asPetitioner ? personId : officialId;
    // An account with no such standing acts as nobody in particular; the core refuses it, the audit names the account.
    return id ? { kind: asPetitioner ? "person" : "official", id, channel: user.channel } : { kind: asPetitioner ? "person" : "official", id: `account:${userKey(user)}`, channel: user.channel };
  }

  /** The command as the core takes it: the ids the store makes, a transfer's facts read now. */
  async function complete(action: CaseAction, caseId: string): Promise<CaseCommand> {
    switch (action.kind) {
      case "request_transfer":
        return { kind: "request_transfer", input: { ...action.input, ...(await transferFacts(action.input.unitId)) } };
      case "approve_transfer": {
        const pending = (await loadCase(deps.db, caseId))?.handling.transfers?.pending;
        return { kind: "approve_transfer", input: await transferFacts(pending?.unitId ?? "") };
      }
      default:
        return withIds(action);
    }
  }

  /** How loaded the receiving unit's officials are (routing's fair choice), and the limit. */
  async function transferFacts(unitId: string): Promise<TransferFacts> {
    const members = (await deps.org()).officials.filter((o) => o.active && o.unitId === unitId).map((o) => o.id);
    const openCases = members.length > 0 ? await openCaseCounts(deps.db, members) : new Map<string, number>();
    return { openCases, maxTransfers: deps.maxTransfers };
  }

  return {
    casesFor: async (user) => {
      const { officialId } = await ownersOf(deps.db, user);
      const official = (await deps.org()).officials.find((o) => o.id === officialId && o.active);
      if (!official) return [];
      return openCasesFor(deps.db, { id: official.id, unitId: official.unitId, everything: official.roles.includes("petition_office_admin") });
    },

    openCase: async (user, trackingCode) => {
      const actor = await actorOf(user, false);
      const seen = await visible(actor, trackingCode);
      return seen ? card(seen.current, actor, seen.org) : null;
    },

    mayStart: async (user, trackingCode, kind): Promise<ActOutcome> => {
      const actor = await actorOf(user, false);
      const caseId = await caseIdByCode(deps.db, trackingCode);
      const current = caseId ? await loadCase(deps.db, caseId) : undefined;
      if (!caseId || !current) return { ok: false, code: "no_such_case" };
      const refusal = closedBecause(current, kind, actor, deps.clock.now(), await ctx());
      if (!refusal) return { ok: true, card: null };
      // Someone tried what they may not: on record, as act() records it.
      if (refusal.code === "not_allowed") await recordAudit(deps.db, { actor, outcome: "refused", action: kind, petitionId: caseId, detail: refusal.detail }, deps.clock.now());
      return refused(refusal, caseId, current);
    },

    act: async (user, trackingCode, action): Promise<ActOutcome> => {
      const actor = await actorOf(user, action.kind === "withdraw" || action.kind === "petitioner_add" || action.kind === "answer_survey");
      const caseId = await caseIdByCode(deps.db, trackingCode);
      if (!caseId) return { ok: false, code: "no_such_case" };
      const result = await runCaseCommand({ db: deps.db, clock: deps.clock, ...(await ctx()) }, caseId, await complete(action, caseId), actor);
      if (result.ok) {
        // Queued after the commit; a crash in between is repaired by the relay, which queues pending rows.
        await enqueueNotices(deps.queues.outbound, result.outboxIds.map((id) => ({ id })));
        // deadlines: the case's timer follows its dates (a moved date sets a new one); the sweep catches a lost one.
        if (result.wakeAt) await scheduleWake(deps.queues.timers, caseId, result.wakeAt, deps.clock.now());
        const after = await loadCase(deps.db, caseId);
        const org = await deps.org();
        return { ok: true, card: after && maySee(standingOf(actor, after, org)) ? await card(after, actor, org) : null };
      }
      const { refusal } = result;
      if (refusal.code === "no_such_case") return { ok: false, code: "no_such_case" };
      const now = await loadCase(deps.db, caseId);
      const refusedUnit = action.kind === "request_transfer" ? action.input.unitId : action.kind === "approve_transfer" ? now?.handling.transfers?.pending?.unitId : undefined;
      return refused(refusal, caseId, now, refusedUnit);
    },

    // nobody unreached: the office's list of cases whose chain has no chat account; the look is on record.
    unreached: async (user) => {
      const { officialId } = await ownersOf(deps.db, user);
      const official = (await deps.org()).officials.find((o) => o.id === officialId && o.active && o.roles.includes("petition_office_admin"));
      if (!official) return null;
      const cases = await unreachedCases(deps.db);
      await recordAudit(deps.db, { actor: { kind: "official", id: official.id, channel: user.channel }, outcome: "viewed", action: "unreached_list", detail: `${cases.length} cases` }, deps.clock.now());
      return cases;
    },

    // overdue lists: the widest scope the official's roles give; the look is on record.
    overdue: async (user) => {
      const { officialId } = await ownersOf(deps.db, user);
      const official = (await deps.org()).officials.find((o) => o.id === officialId && o.active);
      if (!official) return null;
      const scope = official.roles.includes("petition_office_admin") ? "all" : official.roles.includes("unit_head") ? "unit" : "own";
      const today = dayInZone(deps.clock.now(), deps.timeZone);
      const entries = await overdueCases(deps.db, {
        scope: scope === "all" ? { all: true } : scope === "unit" ? { unitId: official.unitId } : { officialId: official.id },
        today,
        viewer: { unitId: official.unitId, officialId: official.id },
      });
      await recordAudit(deps.db, { actor: { kind: "official", id: official.id, channel: user.channel }, outcome: "viewed", action: "overdue_list", detail: `${scope}: ${entries.length} cases` }, deps.clock.now());
      return { scope, unitId: official.unitId, today, soonDays: dueSoonDays, entries };
    },
  };
}

/** The step that moved the case last (an official's or the petitioner's, not a system's bookkeeping). */
function lastStep(timeline: TimelineEntry[]): TimelineEntry | undefined {
  return [...timeline].reverse().find((entry) => entry.actorKind !== "system") ?? timeline[timeline.length - 1];
}

// transfers (转办)
function transfersOf(transfers: Transfers): NonNullable<CaseCard["transfers"]> {
  const { pending } = transfers;
  return { count: transfers.count, ...(pending ? { pending: { unitId: pending.unitId, reason: pending.reason, byOfficialId: pending.byOfficialId } } : {}) };
}

function withIds(action: Exclude<CaseAction, { kind: "request_transfer" } | { kind: "approve_transfer" }>): CaseCommand {
  switch (action.kind) {
    case "note":
      return { kind: "note", input: { ...action.input, newId: randomUUID } };
    case "petitioner_add":
      return { kind: "petitioner_add", input: { ...action.input, newId: randomUUID } };
    case "contribute":
      return { kind: "contribute", input: { ...action.input, newId: randomUUID } };
    default:
      return action as CaseCommand;
  }
}
