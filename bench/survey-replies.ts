/**
 * `npm run bench:replies`: how often the survey-reply reader (src/followup/read-reply.ts) reads a
 * reply to 您对办理结果满意吗？ the way a careful human did, on the development labelled set
 * (tests/fixtures/survey-replies.ts: written without looking at the reader, which was then tuned
 * against it; the unseen figure is tests/unit/followup-heldout.test.ts's). Pure and offline: no
 * database, no Redis, no network.
 *
 * Prints the total and the agreement, agreement per label and per group (plain words, negation,
 * voice-to-text, dialect…), the confusion matrix (rows: the set's label; columns: the reader's),
 * and every disagreement with its text, expected and got. The last line is for scripts:
 *   agreement: 97.4 %
 * tests/unit/followup-agreement.test.ts holds the reader to at least 95 % on the same figures.
 */
import { surveyReplies, surveyReplyGroups, type Label } from "../tests/fixtures/survey-replies";
import { labels, measureAgreement, ratio } from "../tests/support/reply-labels";

const result = measureAgreement(surveyReplies);

/** Column widths count a CJK character as two, so the tables line up in a terminal. */
function width(text: string): number {
  let columns = 0;
  for (const char of text) columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return columns;
}
const pad = (text: string, columns: number) => text + " ".repeat(Math.max(0, columns - width(text)));
const padStart = (text: string, columns: number) => " ".repeat(Math.max(0, columns - width(text))) + text;

console.log(`replies: ${result.total}`);
console.log(`agreed:  ${ratio(result.agreed, result.total)}`);

console.log("\nby label (the set's)");
for (const label of labels) {
  const { expected, agreed } = result.byLabel[label];
  console.log(`  ${pad(label, 22)}${ratio(agreed, expected)}`);
}

console.log("\nby group");
for (const [group, replies] of Object.entries(surveyReplyGroups)) {
  const inGroup = measureAgreement(replies);
  console.log(`  ${pad(group, 26)}${ratio(inGroup.agreed, inGroup.total)}`);
}

const short: Record<Label, string> = {
  satisfied: "sat",
  basically_satisfied: "basic",
  unsatisfied: "unsat",
  unclear: "unclear",
  not_a_rating: "not",
};
console.log("\nconfusion (rows: expected, columns: got)");
console.log(`  ${pad("", 22)}${labels.map((label) => padStart(short[label], 9)).join("")}`);
for (const expected of labels) {
  console.log(`  ${pad(expected, 22)}${labels.map((got) => padStart(String(result.confusion[expected][got]), 9)).join("")}`);
}

console.log(`\ndisagreements: ${result.disagreements.length}`);
for (const { reply, got } of result.disagreements) {
  const context = reply.numbers ? "" : " [no options showing]";
  const note = reply.note ? `  (${reply.note})` : "";
  console.log(`  ${JSON.stringify(reply.text)}${context}\n      expected ${reply.label}, got ${got}${note}`);
}

console.log(`\nagreement: ${(100 * result.share).toFixed(1)} %`);
