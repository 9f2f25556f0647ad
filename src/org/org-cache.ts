/**
 * The organisation changes rarely (an admin loads a file) but is read on every message:
 * keep a snapshot for a short while, and load it once however many callers ask at the same time.
 */
import type { OrgSnapshot } from "./types";

export function cachedOrg(load: () => Promise<OrgSnapshot>, maxAgeMs = 30_000, now: () => number = () => performance.now()) {
  let snapshot: Promise<OrgSnapshot> | undefined;
  let loadedAt = 0;
  const get = (): Promise<OrgSnapshot> => {
    if (!snapshot || now() - loadedAt > maxAgeMs) {
      loadedAt = now();
      snapshot = load().catch((error: unknown) => {
        snapshot = undefined;
        throw error;
      });
    }
    return snapshot;
  };
  return Object.assign(get, {
    /** Forget the snapshot, e.g. right after loading a new organisation file. */
    invalidate: () => {
      snapshot = undefined;
    },
  });
}
