/**
 * Pure case handling for tests: the org fixture with a 包案 leader, a registered case of 东坡镇政府
 * assigned to 李干事, and a stepping session that decides commands one after another on the case
 * as the last one left it, the way the store would hand it back.
 */
import type { Actor, Case } from "../../src/cases/case";
import { decide, type CaseCommand } from "../../src/cases/commands";
import type { CaseEvent } from "../../src/cases/events";
import type { Outcome, Refusal } from "../../src/cases/outcome";
import type { OrgSnapshot } from "../../src/org/types";
import { fixtureDeadlines, orgFixture } from "./org-fixture";

/** The fixture plus 钱副县长, a responsible leader in a unit that answers for no area: a leader only of the cases they hold. */
export function handlingOrg(): OrgSnapshot {
  const org = orgFixture();
  return { ...org, officials: [...org.officials, { id: "qian", name: "钱副县长", unitId: "hrss", roles: ["responsible_leader"], active: true, villageIds: [], absences: [] }] };
}

export const official = (id: string): Actor => ({ kind: "official", id, channel: "telegram" });
export const petitionerActor: Actor = { kind: "person", id: "person-1", channel: "telegram" };

/** As intake leaves it: registered, routed to 东坡镇政府 and 李干事 (linked to 李家村), three events so far. */
export function registeredCase(overrides: Partial<Case> = {}): Case {
  return {
    id: "case-1",
    trackingCode: "MQ23456789",
    seq: 3,
    state: "registered",
    personId: "person-1",
    identityId: "identity-1",
    channel: "telegram",
    language: "zh-CN",
    categoryId: "land",
    areaId: "dp-lj",
    description: "邻居占了我家宅基地。",
    attachments: [],
    anonymous: true,
    contactName: null,
    contactPhone: null,
    contactPhoneHash: null,
    location: null,
    priority: "normal",
    unitId: "dp-gov",
    officialId: "li",
    ownerOfficialId: null,
    leaderOfficialId: null,
    coHandlingUnitIds: [],
    handling: { signOffs: [] },
    deadlinePolicyId: "ordinary",
    deadlines: fixtureDeadlines,
    nextWakeAt: null,
    acceptBy: "2026-12-08",
    answerBy: null,
    submittedAt: new Date("2026-11-23T02:00:00Z"),
    ...overrides,
  };
}

export interface Step {
  next: Case;
  events: CaseEvent[];
  outcome: Outcome;
}

/**
 * Decides commands at a clock that moves one hour per command (so "after the revisit" means
 * later), against `org`. `act` expects the command to be allowed; `refusal` expects it refused.
 */
export function handlingSession(org: OrgSnapshot = handlingOrg(), start = "2026-11-24T01:00:00Z") {
  let now = new Date(start).getTime();
  const ctx = { org, timeZone: "Asia/Shanghai" };
  const decideNow = (current: Case, command: CaseCommand, actor: Actor) => {
    now += 3_600_000;
    return decide(current, command, actor, new Date(now), ctx);
  };
  return {
    org,
    now: () => new Date(now),
    act(current: Case, command: CaseCommand, actor: Actor): Step {
      const decision = decideNow(current, command, actor);
      if (!decision.ok) throw new Error(`${command.kind} by ${JSON.stringify(actor)} refused: ${decision.refusal.code} (${decision.refusal.detail})`);
      return { next: decision.outcome.next, events: decision.outcome.events, outcome: decision.outcome };
    },
    refusal(current: Case, command: CaseCommand, actor: Actor): Refusal {
      const decision = decideNow(current, command, actor);
      if (decision.ok) throw new Error(`${command.kind} by ${JSON.stringify(actor)} was allowed, to ${decision.outcome.next.state}`);
      return decision.refusal;
    },
  };
}

let ids = 0;
export const newId = () => `file-${++ids}`;

export const photo = (fill: string) => ({ kind: "photo" as const, sha256: fill.repeat(64), mimeType: "image/jpeg", size: 10, storageKey: `${fill}${fill}/x` });

/** The commands with their inputs, as an official or the petitioner gives them. */
export const commands = {
  accept: { kind: "accept" } as const,
  note: (text: string, visibility: "petitioner" | "internal" = "internal", attachments: ReturnType<typeof photo>[] = []): CaseCommand => ({ kind: "note", input: { text, visibility, attachments, newId } }),
  answer: (text: string, outcome: "solved" | "explained" | "no_basis" = "solved"): CaseCommand => ({ kind: "answer", input: { outcome, text } }),
  approve: { kind: "approve_answer" } as const,
  returnAnswer: (comment: string): CaseCommand => ({ kind: "return_answer", input: { comment } }),
  revisit: (satisfaction: "satisfied" | "basically_satisfied" | "unsatisfied", opinion: string, method: "phone" | "visit" | "chat" = "phone"): CaseCommand => ({ kind: "revisit", input: { method, satisfaction, opinion, on: "2026-12-10" } }),
  signOff: { kind: "sign_off" } as const,
  close: { kind: "close" } as const,
  decline: (reason: string, redirect: string): CaseCommand => ({ kind: "decline", input: { reason, redirect } }),
  withdraw: (reason: string): CaseCommand => ({ kind: "withdraw", input: { reason } }),
  add: (text: string, attachments: ReturnType<typeof photo>[] = [], kind: "material" | "message" = "material"): CaseCommand => ({ kind: "petitioner_add", input: { kind, text, attachments, newId } }),
};
