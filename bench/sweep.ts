/**
 * `npm run bench:sweep`: how long the deadline sweep takes, and whether its cost grows with the
 * cases that are not due. Seeds a scratch database with cases cloned from one recorded petition
 * (SQL generate_series, not timed): first 100,000, then up to 1,000,000, each time with the same
 * 1,000 cases due now — a realistic mix besides: most cases finished (no wake-up time), the open
 * ones due at moments spread over the next 60 days. At each size it prints the sweep's read (the
 * due cases through the next-wake-up index, median and p99 of 20 runs) with its plan, and one whole
 * sweep that wakes the 1,000 due cases (each takes its step and gets its next wake-up time).
 *
 *   npm run bench:sweep                 # 100,000 then 1,000,000 cases
 *   npm run bench:sweep -- --cases 200000
 */
import { performance } from "node:perf_hooks";
import { recordPetition } from "../src/casework/record-petition";
import { sweepBatch, sweepDueCases } from "../src/casework/wake-cases";
import { manualClock, systemClock } from "../src/kernel/clock";
import { createDb } from "../src/store/client";
import { dueCaseIds } from "../src/store/due-cases";
import { loadOrgSnapshot } from "../src/store/org-repository";
import { testCipher } from "../tests/support/privacy";
import { anonymousPetition } from "../tests/support/petitions";
import { createScratchStores, percentile } from "./scratch";

const argv = process.argv.slice(2);
const largest = Number(argv[argv.indexOf("--cases") + 1] ?? 0) || 1_000_000;
const sizes = [...new Set([Math.min(100_000, largest), largest])];
const dueNow = 1_000;
const timeZone = "Asia/Shanghai";

const stores = await createScratchStores();
const db = createDb(stores.databaseUrl, { poolSize: 4 });
try {
  const org = await loadOrgSnapshot(db);
  const now = new Date();
  const template = await recordPetition({ db, clock: systemClock, timeZone, org, privacy: testCipher }, anonymousPetition({ submittedAt: now.toISOString() }));
  const columns = (await db.$queryRawUnsafe<{ column_name: string }[]>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Petition' ORDER BY ordinal_position`)).map((c) => c.column_name);
  // Every column copied from the template but these, which make each clone a case of its own.
  const varied: Record<string, string> = {
    id: "gen_random_uuid()",
    trackingCode: `'B' || lpad(i::text, 9, '0')`,
    idempotencyKey: `'bench-' || i`,
    // One case in ten still open; the first `dueNow` of them due an hour ago, the others spread over 60 days.
    state: `(CASE WHEN i % 10 = 0 THEN 'registered' ELSE 'closed' END)::"CaseState"`,
    nextWakeAt: `CASE WHEN i <= ${dueNow} THEN $1::timestamptz - interval '1 hour' WHEN i % 10 = 0 THEN $1::timestamptz + (i % 86400) * interval '1 minute' ELSE NULL END`,
  };
  const select = columns.map((c) => varied[c] ?? `p."${c}"`).join(", ");
  const insert = `INSERT INTO "Petition" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT ${select} FROM "Petition" p, generate_series($2::int, $3::int) i WHERE p.id = $4::uuid`;

  let seeded = 0;
  const lines: string[] = [];
  for (const size of sizes) {
    const started = performance.now();
    for (let from = seeded + 1; from <= size; from += 100_000) {
      // The first batch holds the due cases (i ≤ 1,000): later ones add only cases not due.
      await db.$executeRawUnsafe(insert, now, from, Math.min(size, from + 99_999), template.petitionId);
    }
    seeded = size;
    await db.$executeRawUnsafe(`ANALYZE "Petition"`);
    console.log(`seeded ${size.toLocaleString("en")} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const reads: number[] = [];
    for (let run = 0; run < 25; run++) {
      const t = performance.now();
      const found = await dueCaseIds(db, now, sweepBatch);
      if (run >= 5) reads.push(performance.now() - t);
      if (found.length !== Math.min(sweepBatch, dueNow)) throw new Error(`the sweep read found ${found.length} due cases, not ${Math.min(sweepBatch, dueNow)}`);
    }
    reads.sort((a, b) => a - b);
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS) SELECT "id" FROM "Petition" WHERE "nextWakeAt" <= $1 ORDER BY "nextWakeAt" ASC LIMIT ${sweepBatch}`, now);
    console.log(plan.map((row) => `  ${row["QUERY PLAN"]}`).join("\n"));

    // One whole sweep at an instant after `now`: the due cases are woken, each takes its step.
    const clock = manualClock(now);
    const t = performance.now();
    const swept = await sweepDueCases({ db, clock, org, timeZone });
    const sweepMs = performance.now() - t;
    // Due again for the next size: the same 1,000 cases, reset to their wake-up an hour ago.
    await db.$executeRawUnsafe(`UPDATE "Petition" SET "nextWakeAt" = $1::timestamptz - interval '1 hour', "deadlines" = (SELECT "deadlines" FROM "Petition" WHERE id = $2::uuid), "seq" = (SELECT "seq" FROM "Petition" WHERE id = $2::uuid) WHERE "idempotencyKey" IN (SELECT 'bench-' || i FROM generate_series(1, ${dueNow}) i)`, now, template.petitionId);
    lines.push(
      `at ${size.toLocaleString("en")} cases: sweep read median ${percentile(reads, 50).toFixed(2)} ms, p99 ${percentile(reads, 99).toFixed(2)} ms (${sweepBatch} of ${dueNow} due per read); one sweep woke ${swept.woken} of ${swept.found} found due in ${(sweepMs / 1000).toFixed(2)} s (${(sweepMs / Math.max(1, swept.found)).toFixed(1)} ms per case)`,
    );
    console.log(lines.at(-1));
  }
  console.log("\nsummary (the figure must not grow with the cases that are not due):");
  for (const line of lines) console.log(`  ${line}`);
} finally {
  await db.$disconnect();
  await stores.remove();
}
