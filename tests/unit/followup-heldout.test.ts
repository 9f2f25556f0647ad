/**
 * Measures the survey-reply reader against the held-out set (tests/fixtures/survey-replies-heldout.ts).
 *
 * The agreement is a figure to report, not a gate: it is printed (overall, per label, the confusion
 * and every disagreement) so a change to the reader can be judged on replies it was never tuned to.
 * The only assertions are about the set itself, so a drop in agreement never turns this red.
 */
import { describe, expect, it } from "vitest";
import { readSurveyReply } from "../../src/followup/read-reply";
import { heldOutReplies, type HeldOutLabel } from "../fixtures/survey-replies-heldout";

const labels: HeldOutLabel[] = ["satisfied", "basically_satisfied", "unsatisfied", "unclear", "not_a_rating"];

/** The reader's answer in the set's vocabulary: a rating is its rating, anything else its kind. */
function labelOf(text: string, numbers: boolean): HeldOutLabel {
  const read = readSurveyReply(text, { numbers });
  return read.kind === "rating" ? read.rating : read.kind;
}

const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)} %`);

describe("survey-reply reader on the held-out set", () => {
  it("is a set of at least 200 distinct replies with known labels", () => {
    const distinct = new Set(heldOutReplies.map((reply) => `${reply.numbers ? "list" : "free"}|${reply.text}`));
    expect(distinct.size).toBe(heldOutReplies.length);
    expect(distinct.size).toBeGreaterThanOrEqual(200);
    for (const reply of heldOutReplies) expect(labels).toContain(reply.label);
  });

  it("reports the agreement (printed, not asserted)", () => {
    const confusion = new Map<string, number>();
    const disagreements: string[] = [];
    let agreed = 0;
    for (const reply of heldOutReplies) {
      const got = labelOf(reply.text, reply.numbers);
      const key = `${reply.label}>${got}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      if (got === reply.label) agreed++;
      else {
        const mode = reply.numbers ? "list" : "free";
        const why = reply.note ? `  (${reply.note})` : "";
        disagreements.push(`  [${mode}] ${JSON.stringify(reply.text)}: expected ${reply.label}, read ${got}${why}`);
      }
    }

    const lines = [`Held-out agreement: ${agreed}/${heldOutReplies.length} = ${percent(agreed, heldOutReplies.length)}`];
    lines.push("Per label (agreed/total, then what the reader said instead):");
    for (const label of labels) {
      const total = heldOutReplies.filter((reply) => reply.label === label).length;
      const same = confusion.get(`${label}>${label}`) ?? 0;
      const instead = labels
        .filter((other) => other !== label && confusion.get(`${label}>${other}`))
        .map((other) => `${other} ${confusion.get(`${label}>${other}`)}`)
        .join(", ");
      lines.push(`  ${label}: ${same}/${total} = ${percent(same, total)}${instead ? `; read as ${instead}` : ""}`);
    }
    lines.push(`Disagreements (${disagreements.length}):`, ...disagreements);
    console.log(lines.join("\n"));
  });
});
