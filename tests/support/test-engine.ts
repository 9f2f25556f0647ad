/** A conversation engine for core tests: in memory, a fixed clock, the org fixture; override what a test uses. */
import { ConversationEngine, type EngineOptions } from "../../src/conversation/engine";
import type { ConversationPorts } from "../../src/conversation/ports";
import { MemoryStateStore } from "../../src/conversation/state";
import { manualClock } from "../../src/kernel/clock";
import { orgFixture } from "./org-fixture";

/** Conversation ports that do nothing: override what a test uses. */
export function quietPorts(overrides: Partial<ConversationPorts> = {}): ConversationPorts {
  return {
    submitPetition: async () => {},
    casework: { casesFor: async () => [], openCase: async () => null, mayStart: async () => ({ ok: false, code: "no_such_case" }), act: async () => ({ ok: false, code: "no_such_case" }), unreached: async () => null, overdue: async () => null },
    casesOf: async () => [],
    awaitingRating: async () => [],
    caseOf: async () => null,
    bindOfficial: async () => ({ ok: false, reason: "invalid" }),
    preferAccount: async () => false,
    issueLinkCode: async () => ({ code: "ABCD2345", minutes: 10 }),
    linkAccount: async () => ({ ok: false, reason: "invalid" }),
    speaker: async () => ({ kind: "citizen" }),
    org: async () => orgFixture(),
    claimVisit: async () => ({ ok: false, reason: "no_match", triesLeft: 2 }),
    ...overrides,
  };
}

export function testEngine(overrides: Partial<EngineOptions> = {}): ConversationEngine {
  return new ConversationEngine({
    store: new MemoryStateStore(),
    ports: quietPorts(),
    clock: manualClock("2026-11-23T02:00:00Z"),
    defaultLanguage: "zh-CN",
    idleMinutes: 30,
    maxDescriptionChars: 5000,
    timeZone: "Asia/Shanghai",
    ...overrides,
  });
}
