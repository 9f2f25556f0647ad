/**
 * Who is speaking, as the engine needs to know it: every person is a citizen, and some are also
 * officials with roles. Each dialogue and command declares who may use it; an official may still
 * file a petition as a citizen.
 */
import type { OfficialRole } from "../org/types";

export type Speaker = { kind: "citizen" } | { kind: "official"; officialId: string; roles: OfficialRole[] };

/**
 * Who may use a dialogue or command: `anyone` (also before binding, e.g. /bind), `citizen`
 * (every person, officials included, speaking for themselves), or officials holding one of `roles`.
 */
export type Audience = "anyone" | "citizen" | { roles: OfficialRole[] };

export function mayUse(speaker: Speaker, audience: Audience): boolean {
  if (audience === "anyone" || audience === "citizen") return true;
  return speaker.kind === "official" && speaker.roles.some((role) => audience.roles.includes(role));
}
