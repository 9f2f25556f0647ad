/** Conversation ports for core tests that need none of them to do anything: override what a test uses. */
import type { ConversationPorts } from "../../src/conversation/ports";
import { orgFixture } from "./org-fixture";

export function quietPorts(overrides: Partial<ConversationPorts> = {}): ConversationPorts {
  return {
    submitPetition: async () => {},
    casesOf: async () => [],
    caseOf: async () => null,
    bindOfficial: async () => ({ ok: false, reason: "invalid" }),
    preferAccount: async () => false,
    issueLinkCode: async () => ({ code: "ABCD2345", minutes: 10 }),
    linkAccount: async () => ({ ok: false, reason: "invalid" }),
    speaker: async () => ({ kind: "citizen" }),
    org: async () => orgFixture(),
    ...overrides,
  };
}
