/**
 * Where it happened: a township, then a village (or the whole township), picked from lists or
 * typed by name; a typed name matching several places is resolved by a short list.
 */
import type { Area, OrgSnapshot } from "../../../org/types";
import { nearestVillage } from "../../../org/nearest-area";
import { findAreas } from "../../area-match";
import { placeLabel } from "../../../org/place";
import { advance, type IntakeContext, type IntakeDeps, type IntakeStepDeclaration, type IntakeTurn, keepEarly, storyOr } from "./data";

function places(org: OrgSnapshot): Area[] {
  return org.areas.filter((a) => a.level !== "county");
}

/** Place names are short: longer text that names no place is the story told early. */
const longestPlaceName = 12;

type AskedAt = "township" | "village" | "area_pick";

/**
 * A place typed by name: one exact match is taken, one guessed match (a typo) is confirmed first,
 * several are offered, none is re-asked (or kept as the story).
 */
function placeMatches(ctx: IntakeContext, deps: IntakeDeps, text: string, found: { hits: Area[]; how: "exact" | "typo" }, askedAt: AskedAt): IntakeTurn {
  const hits = found.hits;
  if (hits.length === 1 && found.how === "exact") return placeChosen(ctx, hits[0]!);
  if (hits.length === 1) {
    ctx.data.candidates = [hits[0]!.id];
    ctx.data.guessFrom = askedAt;
    ctx.data.guessBy = "typo";
    return { to: "area_confirm" };
  }
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
  ctx.data.guessFrom = undefined;
  ctx.data.guessBy = undefined;
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
  text: async (text, ctx) => placeMatches(ctx, deps, text, findAreas(text, places(await ctx.org())), "township"),
  attachment: keepEarly,
  location: (location, ctx) => locationAtPlace(ctx, location, "township"),
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
    const local = findAreas(text, org.areas.filter((a) => a.parentId === ctx.data.draft.townshipId));
    return placeMatches(ctx, deps, text, local.hits.length > 0 ? local : findAreas(text, places(org)), "village");
  },
  location: (location, ctx) => locationAtPlace(ctx, location, "village"),
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
  text: async (text, ctx) => placeMatches(ctx, deps, text, findAreas(text, places(await ctx.org())), "area_pick"),
  location: (location, ctx) => locationAtPlace(ctx, location, "area_pick"),
  };
}

/**
 * A location shared at a place question: kept with the petition, and the nearest village the
 * organisation data has coordinates for is suggested (yes / no); none near, and the question stays.
 */
async function locationAtPlace(ctx: IntakeContext, location: { latitude: number; longitude: number }, askedAt: AskedAt): Promise<IntakeTurn> {
  ctx.data.draft.location = { latitude: location.latitude, longitude: location.longitude };
  const near = nearestVillage(location, (await ctx.org()).areas);
  if (!near) return { stay: true, say: [{ key: "location_no_village" }] };
  ctx.data.candidates = [near.id];
  ctx.data.guessFrom = askedAt;
  ctx.data.guessBy = "location";
  return { to: "area_confirm" };
}

const yesWords = new Set(["是", "是的", "对", "对的", "好", "好的", "没错", "嗯", "可以", "yes", "y", "ok", "okay", "right"]);
const noWords = new Set(["不是", "不对", "不", "否", "错了", "不是的", "no", "n", "nope"]);

/** A typed yes or no to a "您说的是…吗？" question; undefined for anything else. */
export function typedAnswer(text: string): "yes" | "no" | undefined {
  const word = text.normalize("NFKC").toLowerCase().replace(/[!！?？。.~～，,\s]+/g, "");
  if (yesWords.has(word)) return "yes";
  if (noWords.has(word)) return "no";
  return undefined;
}

/** A place guessed from a typo, confirmed before it is used: yes takes it, no asks the place again. */
export const areaConfirm: IntakeStepDeclaration = {
  prompt: async (ctx) => ({
    key: ctx.data.guessBy === "location" ? "area_suggest_nearby" : "area_confirm",
    params: { place: placeLabel(await ctx.org(), ctx.data.candidates[0] ?? "") },
    choices: [
      { label: ctx.t("yes_option"), value: "yes" },
      { label: ctx.t("no_option"), value: "no" },
    ],
  }),
  choice: async (value, ctx) => confirmed(value === "yes" ? "yes" : "no", ctx),
  text: async (text, ctx) => {
    const answer = typedAnswer(text);
    return answer ? confirmed(answer, ctx) : { stay: true, say: [{ key: "choose_from_list" }] };
  },
  location: (location, ctx) => locationAtPlace(ctx, location, ctx.data.guessFrom ?? "township"),
};

async function confirmed(answer: "yes" | "no", ctx: IntakeContext): Promise<IntakeTurn> {
  const area = (await ctx.org()).areas.find((a) => a.id === ctx.data.candidates[0]);
  if (answer === "yes" && area) return placeChosen(ctx, area);
  const back = ctx.data.guessFrom ?? "township";
  ctx.data.candidates = [];
  ctx.data.guessFrom = undefined;
  ctx.data.guessBy = undefined;
  return { to: back === "area_pick" ? "township" : back, say: [{ key: "area_confirm_no" }] };
}
