import { describe, expect, it } from "vitest";
import { hasPetitionContent, tellsSomething } from "../../../src/cases/petition-content";
import { recordPetitionJob } from "../../../src/queue/jobs/record-petition";

describe("what a petition must carry", () => {
  it("takes a short real sentence and refuses digits, one character, punctuation and emoji", () => {
    for (const real of ["路灯坏了", "路灯", "No water since Monday", "8号楼漏水"]) expect(tellsSomething(real), real).toBe(true);
    for (const thin of ["99", "1", "。。。", "？", "  8 ", "好", "😡😡😡", "8号", ""]) expect(tellsSomething(thin), thin).toBe(false);
  });

  it("lets an attachment carry a petition whose description is thin", () => {
    expect(hasPetitionContent({ description: "99", attachments: [] })).toBe(false);
    expect(hasPetitionContent({ description: "99", attachments: [{ kind: "photo" }] })).toBe(true);
  });

  it("is the intake job's rule too: a thin petition that reached the queue fails at once", () => {
    const submission = {
      idempotencyKey: "run-00000001",
      user: { channel: "telegram", botAccount: "minqing_bot", platformId: "5000000001" },
      language: "zh-CN",
      categoryId: "land",
      areaId: "dp-wj",
      description: "99",
      attachments: [],
      anonymous: true,
      submittedAt: "2026-11-23T02:00:00.000Z",
    };
    expect(() => recordPetitionJob.parse(submission)).toThrow(/tells something/);
    expect(recordPetitionJob.parse({ ...submission, description: "路灯坏了" }).description).toBe("路灯坏了");
  });
});
