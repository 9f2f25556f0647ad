import type { Outcome } from "../cases/outcome";
import { noticesFor } from "../notices/policy";
import type { OrgSnapshot } from "../org/types";
import type { Tx } from "../store/client";
import { reachableOfficials } from "../store/intake-store";

/**
 * Adds to an outcome the notices its events owe, knowing which of the officials named can be told
 * in chat. `intakeDelayed`: the petitioner and the office were told the petition was delayed.
 */
export async function oweNotices(tx: Tx, outcome: Outcome, org: OrgSnapshot, extra: { intakeDelayed?: boolean } = {}): Promise<Outcome> {
  const named = outcome.events.flatMap((event) => (event.officialId ? [event.officialId] : []));
  // nobody unreached: whether the heads of the units named can be told decides who must step in.
  const units = new Set(outcome.events.flatMap((event) => (event.unitId ? [event.unitId] : [])));
  named.push(...org.officials.filter((o) => o.active && units.has(o.unitId) && o.roles.includes("unit_head")).map((o) => o.id));
  return { ...outcome, notices: noticesFor(outcome.events, outcome.next, { org, reachableOfficials: await reachableOfficials(tx, named), ...extra }) };
}
