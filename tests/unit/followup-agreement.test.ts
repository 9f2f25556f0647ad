/**
 * The survey-reply reader against the development labelled set (tests/fixtures/survey-replies.ts):
 * it must read at least 95 % of the replies the way the set's careful human reader did. The
 * figures and every miss print with `npm run bench:replies`. Also checks the set itself: its size,
 * no repeated reply, and that the counts in its header comment are the data's.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { surveyReplies, surveyReplyGroups } from "../fixtures/survey-replies";
import { labels, measureAgreement } from "../support/reply-labels";
import type { LabelledReply } from "../fixtures/survey-replies";

/** One line of the fixture header's table: the group, its size, then its count of each label. */
function headerRow(group: string, replies: readonly LabelledReply[]): string {
  const widths = [11, 11, 13, 9, 14];
  const counts = labels.map((label, i) => String(replies.filter((reply) => reply.label === label).length).padStart(widths[i]!));
  return ` *   ${group.padEnd(22)}${String(replies.length).padStart(5)}${counts.join("")}`;
}

describe("the development set of survey replies", () => {
  it("has at least 300 replies and none twice in the same context", () => {
    expect(surveyReplies.length).toBeGreaterThanOrEqual(300);
    const keys = surveyReplies.map((reply) => `${reply.numbers}|${reply.text}`);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it("says in its header how many replies of each label every group holds", () => {
    const source = readFileSync(new URL("../fixtures/survey-replies.ts", import.meta.url), "utf8");
    for (const [group, replies] of [...Object.entries(surveyReplyGroups), ["total", surveyReplies] as const]) {
      expect(source, group).toContain(`${headerRow(group, replies)}\n`);
    }
  });
});

describe("the survey-reply reader", () => {
  it("agrees with the labelled set on at least 95 % of the replies", () => {
    const result = measureAgreement(surveyReplies);
    const misses = result.disagreements.map(({ reply, got }) => `${JSON.stringify(reply.text)} (numbers: ${reply.numbers}): expected ${reply.label}, got ${got}`);
    expect(result.share, `${result.agreed} / ${result.total} agreed; misses:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.95);
  });
});
