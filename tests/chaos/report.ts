/** One row per probe, and the verdict: loss, a duplicate case or send, a crash or a leak fails the run. */

export interface ProbeResult {
  probe: string;
  harm: string;
  offered: number;
  stored: number;
  lost: number;
  duplicateCases: number;
  events: [number, number];
  outbox: [number, number];
  sent: number;
  pending: number;
  failed: number;
  duplicateSends: number;
  /** Resends of a message whose first copy a crash caught (measure.ts; not a failure). */
  resentAfterCrash: number;
  acksMissing: number;
  /** Seconds from the end of the harm to drained; undefined: not drained within the timeout. */
  drainSeconds?: number;
  leaks: string[];
  crashes: string[];
  stuckActiveSeconds: number[];
  /** "Error: …" lines on the processes' standard error: errors that reached no handler or log. */
  rawErrors: number;
  /** Pending notices the timers process's outbox relay queued again. */
  relayed: number;
  notes: string[];
}

export function failures(result: ProbeResult): string[] {
  const found: string[] = [];
  if (result.lost > 0) found.push(`${result.lost} petition(s) lost`);
  if (result.duplicateCases > 0) found.push(`${result.duplicateCases} duplicate case(s)`);
  if (result.duplicateSends > 0) found.push(`${result.duplicateSends} duplicate send(s)`);
  if (result.acksMissing > 0) found.push(`${result.acksMissing} acknowledgement(s) never reached the platform`);
  if (result.pending > 0 || result.drainSeconds === undefined) found.push(`not drained (${result.pending} notice(s) pending)`);
  if (result.failed > 0) found.push(`${result.failed} notice(s) failed`);
  if (result.crashes.length > 0) found.push(`crash: ${result.crashes.join(", ")}`);
  if (result.rawErrors > 0) found.push(`${result.rawErrors} raw error(s) on stderr, outside the structured log`);
  if (result.leaks.length > 0) found.push(`personal data in logs: ${countBy(result.leaks)}`);
  return found;
}

function countBy(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => `${n} ${item}(s)`).join(", ");
}

const range = ([min, max]: [number, number]) => (min === max ? String(min) : `${min}–${max}`);

export function table(results: ProbeResult[]): string {
  const head = ["probe", "offered", "cases", "lost", "dup cases", "events/case", "outbox/case", "sent/pend/fail", "dup sends", "resent after crash", "acks missing", "drain s", "stuck active s", "relayed", "raw stderr errors", "PII in logs", "crashes", "verdict"];
  const rows = results.map((r) => [
    r.probe,
    String(r.offered),
    String(r.stored),
    String(r.lost),
    String(r.duplicateCases),
    range(r.events),
    range(r.outbox),
    `${r.sent}/${r.pending}/${r.failed}`,
    String(r.duplicateSends),
    String(r.resentAfterCrash),
    String(r.acksMissing),
    r.drainSeconds === undefined ? "timeout" : r.drainSeconds.toFixed(1),
    r.stuckActiveSeconds.length > 0 ? r.stuckActiveSeconds.map((s) => s.toFixed(1)).join(", ") : "-",
    String(r.relayed),
    String(r.rawErrors),
    r.leaks.length > 0 ? `yes (${r.leaks.length})` : "no",
    String(r.crashes.length),
    failures(r).length === 0 ? "ok" : "FAIL",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => width(row[i]!))));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell + " ".repeat(widths[i]! - width(cell))).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let columns = 0;
  for (const char of text) columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return columns;
}
