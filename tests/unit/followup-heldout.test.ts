/**
 * Measures the survey-reply reader against the held-out set (tests/fixtures/survey-replies-heldout.ts).
 *
 * The agreement is a figure to report, not a gate: it is printed (overall, per label, the confusion
 * and every disagreement) so a change to the reader can be judged on replies it was never tuned to.
 * The only assertions are about the set itself, so a drop in agreement never turns this red.
 */
import { describe, expect, it } from "vitest";
import { heldOutReplies } from "../fixtures/survey-replies-heldout";
import { labels, measureAgreement } from "../support/reply-labels";

const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)} %`);

describe("survey-reply reader on the held-out set", () => {
  it("is a set of at least 200 distinct replies with known labels", () => {
    const distinct = new Set(heldOutReplies.map((reply) => `${reply.numbers ? "list" : "free"}|${reply.text}`));
    expect(distinct.size).toBe(heldOutReplies.length);
    expect(distinct.size).toBeGreaterThanOrEqual(200);
    for (const reply of heldOutReplies) expect(labels).toContain(reply.label);
  });

  it("reports the agreement (printed, not asserted)", () => {
    const result = measureAgreement(heldOutReplies);
    const lines = [`Held-out agreement: ${result.agreed}/${result.total} = ${percent(result.agreed, result.total)}`];
    lines.push("Per label (agreed/total, then what the reader said instead):");
    for (const label of labels) {
      const { expected, agreed } = result.byLabel[label];
      const instead = labels
        .filter((other) => other !== label && result.confusion[label][other] > 0)
        .map((other) => `${other} ${result.confusion[label][other]}`)
        .join(", ");
      lines.push(`  ${label}: ${agreed}/${expected} = ${percent(agreed, expected)}${instead ? `; read as ${instead}` : ""}`);
    }
    const disagreements = result.disagreements.map(({ reply, got }) => `  [${reply.numbers ? "list" : "free"}] ${JSON.stringify(reply.text)}: expected ${reply.label}, read ${got}${reply.note ? `  (${reply.note})` : ""}`);
    lines.push(`Disagreements (${disagreements.length}):`, ...disagreements);
    console.log(lines.join("\n"));
  });
});
