/**
 * Where it happened: a township, then a village (or the whole township), picked from lists or
 * typed by name; a typed name matching several places is resolved by a short list.
 */
import type { Area, OrgSnapshot } from "../../../org/types";
import { matchAreas } from "../../area-match";
import { placeLabel } from "../../place";
import { advance, type IntakeContext, type IntakeDeps, type IntakeStepDeclaration, type IntakeTurn, keepEarly, storyOr } from "./data";

function places(org: OrgSnapshot): Area[] {
  return org.areas.filter((a) => a.level !== "county");
}

/** Place names are short: longer text that names no place is the story told early. */
const longestPlaceName = 12;

/** A place typed by name: one match is taken, several are offered, none is re-asked (or kept as the story). */
function placeMatches(ctx: IntakeContext, deps: IntakeDeps, text: string, hits: Area[]): IntakeTurn {
  if (hits.length === 1) return placeChosen(ctx, hits[0]!);
  if (hits.length === 0) {
    const notFound: IntakeTurn = { stay: true, say: [{ key: "area_not_found", params: { input: text.slice(0, 40) } }] };
    return text.length > longestPlaceName ? storyOr(ctx, text, deps.maxDescriptionChars, notFound) : notFound;
  }
  ctx.data.candidates = hits.slice(0, 6).map((a) => a.id);
  return { to: "area_pick" };
}

function placeChosen(ctx: IntakeContext, area: Area): IntakeTurn {
  const draft = ctx.data.draft;
  ctx.data.candidates = [];
  if (area.level === "township") {
    draft.townshipId = area.id;
    return { to: "village" };
  }
  draft.townshipId = area.level === "village" ? (area.parentId ?? undefined) : undefined;
  draft.areaId = area.id;
  return advance(ctx, "description");
}

export function township(deps: IntakeDeps): IntakeStepDeclaration {
  return {
  prompt: async (ctx) => ({
    key: "ask_township",
    choices: (await ctx.org()).areas.filter((a) => a.level === "township").map((a) => ({ label: a.name, value: a.id })),
  }),
  choice: async (value, ctx) => {
    const found = (await ctx.org()).areas.find((a) => a.id === value && a.level === "township");
    if (!found) return { stay: true, say: [{ key: "choose_from_list" }] };
    ctx.data.draft.townshipId = found.id;
    return { to: "village" };
  },
  text: async (text, ctx) => placeMatches(ctx, deps, text, matchAreas(text, places(await ctx.org()))),
  attachment: keepEarly,
  };
}

export function village(deps: IntakeDeps): IntakeStepDeclaration {
  return {
  // A village answer would be a township answer: clear the area until the village is chosen.
  onEnter: (ctx) => {
    if (ctx.data.draft.townshipId) ctx.data.draft.areaId = undefined;
  },
  prompt: async (ctx) => {
    const org = await ctx.org();
    const townshipId = ctx.data.draft.townshipId;
    const villages = org.areas.filter((a) => a.parentId === townshipId);
    return {
      key: "ask_village",
      params: { township: org.areas.find((a) => a.id === townshipId)?.name ?? "" },
      choices: [...villages.map((a) => ({ label: a.name, value: a.id })), { label: ctx.t("village_unknown_option"), value: townshipId ?? "" }],
    };
  },
  choice: async (value, ctx) => {
    const draft = ctx.data.draft;
    const area = (await ctx.org()).areas.find((a) => a.id === value && (a.parentId === draft.townshipId || a.id === draft.townshipId));
    if (!area) return { stay: true, say: [{ key: "choose_from_list" }] };
    if (area.id === draft.townshipId) {
      // "Not sure / whole township": the township itself is the place.
      draft.areaId = area.id;
      return advance(ctx, "description");
    }
    return placeChosen(ctx, area);
  },
  text: async (text, ctx) => {
    const org = await ctx.org();
    const localHits = matchAreas(text, org.areas.filter((a) => a.parentId === ctx.data.draft.townshipId));
    return placeMatches(ctx, deps, text, localHits.length > 0 ? localHits : matchAreas(text, places(org)));
  },
  };
}

export function areaPick(deps: IntakeDeps): IntakeStepDeclaration {
  return {
  prompt: async (ctx) => {
    const org = await ctx.org();
    return { key: "area_pick_one", choices: ctx.data.candidates.map((id) => ({ label: placeLabel(org, id), value: id })) };
  },
  choice: async (value, ctx) => {
    const area = (await ctx.org()).areas.find((a) => a.id === value && ctx.data.candidates.includes(a.id));
    return area ? placeChosen(ctx, area) : { stay: true, say: [{ key: "choose_from_list" }] };
  },
  text: async (text, ctx) => placeMatches(ctx, deps, text, matchAreas(text, places(await ctx.org()))),
  };
}
