/** Co-handling (协办) and extension (延期) commands with their inputs, as officials give them in tests. */
import type { CaseCommand } from "../../src/cases/commands";
import { newId, photo } from "./handling";

export const co = {
  invite: (unitId: string, request = "请核实社保缴纳记录。"): CaseCommand => ({ kind: "invite_co_handler", input: { unitId, request } }),
  contribute: (text: string, visibility?: "petitioner" | "internal", attachments: ReturnType<typeof photo>[] = []): CaseCommand => ({
    kind: "contribute",
    input: { text, attachments, newId, ...(visibility ? { visibility } : {}) },
  }),
  extendTo: (day: string, reason = "需等待司法鉴定结果。"): CaseCommand => ({ kind: "request_extension", input: { reason, until: { day } } }),
  extendBy: (days: number, reason = "需等待司法鉴定结果。"): CaseCommand => ({ kind: "request_extension", input: { reason, until: { days } } }),
  approveExtension: { kind: "approve_extension" } as const,
  rejectExtension: (reason: string): CaseCommand => ({ kind: "reject_extension", input: { reason } }),
};
