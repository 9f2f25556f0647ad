/**
 * A confirmed petition as the conversation hands it over (before sealing), from a Telegram user of
 * its own, with a name and a phone; a test overrides what it looks at.
 */
import { randomUUID } from "node:crypto";
import type { ConfirmedPetition } from "../../src/cases/submission";

export function confirmedPetition(overrides: Partial<ConfirmedPetition> = {}): ConfirmedPetition {
  return {
    idempotencyKey: randomUUID(),
    user: { channel: "telegram", botAccount: "minqing_bot", platformId: String(7_000_000_000 + Math.floor(Math.random() * 1e8)) },
    language: "zh-CN",
    categoryId: "land-housing",
    areaId: "dongpo",
    description: "邻居占用我家宅基地建围墙，请求处理。",
    attachments: [],
    anonymous: false,
    contactName: "王小明",
    contactPhone: "+8613800138000",
    submittedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The same, anonymous: no name or phone. */
export const anonymousPetition = (overrides: Partial<ConfirmedPetition> = {}): ConfirmedPetition =>
  confirmedPetition({ anonymous: true, contactName: undefined, contactPhone: undefined, ...overrides });
