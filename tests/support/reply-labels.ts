/**
 * The one way the survey-reply reader's readings are scored against a labelled set — the
 * development set (tests/fixtures/survey-replies.ts) and the held-out one
 * (tests/fixtures/survey-replies-heldout.ts): how a reading maps to a label, and the agreement
 * figures. Shared by `npm run bench:replies` and the tests, so they can never count differently.
 */
import { readSurveyReply, type ReplyReading } from "../../src/followup/read-reply";
import type { Label, LabelledReply } from "../fixtures/survey-replies";

export type SurveyReading = ReplyReading;
export type ReadSurveyReply = typeof readSurveyReply;

/** Every label, in the order the figures print them. */
export const labels: readonly Label[] = ["satisfied", "basically_satisfied", "unsatisfied", "unclear", "not_a_rating"];

/** A rating is its rating; `saysMore` is not scored (the set does not label it). */
export function labelOf(reading: SurveyReading): Label {
  switch (reading.kind) {
    case "rating":
      return reading.rating;
    case "unclear":
    case "not_a_rating":
      return reading.kind;
  }
}

export interface Disagreement {
  reply: LabelledReply;
  got: Label;
}

export interface Agreement {
  total: number;
  agreed: number;
  /** agreed / total, 0–1 (0 for an empty set). */
  share: number;
  /** Per expected label: how many replies carry it and how many of those the reader agreed on. */
  byLabel: Record<Label, { expected: number; agreed: number }>;
  /** confusion[expected][got]: how many replies. */
  confusion: Record<Label, Record<Label, number>>;
  disagreements: Disagreement[];
}

/** Reads every reply (with its `numbers` context) and compares the reading's label with the set's. */
export function measureAgreement(replies: readonly LabelledReply[], read: ReadSurveyReply = readSurveyReply): Agreement {
  const byLabel = Object.fromEntries(labels.map((label) => [label, { expected: 0, agreed: 0 }])) as Agreement["byLabel"];
  const confusion = Object.fromEntries(
    labels.map((expected) => [expected, Object.fromEntries(labels.map((got) => [got, 0]))]),
  ) as Agreement["confusion"];
  const disagreements: Disagreement[] = [];
  for (const reply of replies) {
    const got = labelOf(read(reply.text, { numbers: reply.numbers }));
    byLabel[reply.label].expected += 1;
    confusion[reply.label][got] += 1;
    if (got === reply.label) byLabel[reply.label].agreed += 1;
    else disagreements.push({ reply, got });
  }
  const agreed = replies.length - disagreements.length;
  return { total: replies.length, agreed, share: replies.length ? agreed / replies.length : 0, byLabel, confusion, disagreements };
}

/** "12 / 20 (60.0 %)" */
export function ratio(agreed: number, total: number): string {
  return `${agreed} / ${total} (${total ? ((100 * agreed) / total).toFixed(1) : "–"} %)`;
}
