/**
 * On first start the case store has no organisation: load MINQING_ORG_FILE, or the shipped
 * sample, and say which. Later starts leave the organisation alone (change it with
 * `npm run admin -- load-org FILE`).
 */
import { fileURLToPath } from "node:url";
import type { Clock } from "../kernel/clock";
import type { Config } from "../config";
import type { Log } from "../log";
import { readOrgFile } from "../org/load-file";
import type { Db } from "../store/client";
import { importOrg } from "../store/org-repository";

export const sampleOrgFile = fileURLToPath(new URL("../../org/sample.yaml", import.meta.url));

export async function ensureOrganisation(db: Db, config: Config, clock: Clock, log: Log): Promise<void> {
  if ((await db.unit.count()) > 0) return;
  const file = config.MINQING_ORG_FILE ?? sampleOrgFile;
  await importOrg(db, await readOrgFile(file), clock);
  log.info({ file }, config.MINQING_ORG_FILE ? "organisation loaded from MINQING_ORG_FILE" : "no organisation yet: loaded the shipped sample (org/sample.yaml)");
}
