// Colours: relations in three families by sign (greens/blues positive, reds/oranges negative, greys/browns neutral), communities.
import type { RelationType } from "../api-types.js";

/** Ordered so that neighbours in a family differ most in hue and lightness. */
export const signFamilies: Record<"positive" | "negative" | "neutral", string[]> = {
  positive: ["#1a9850", "#2166ac", "#66bd63", "#4393c3", "#00665e", "#92c5de", "#006d2c", "#08519c", "#35978f", "#a6d96a", "#6baed6", "#01665e", "#41ab5d", "#2c7fb8", "#80cdc1"],
  negative: ["#d73027", "#f46d43", "#a50026", "#fdae61", "#e31a1c", "#b35806", "#fc8d59", "#7f0000", "#ef6548", "#cc4c02"],
  neutral: ["#636363", "#8c510a", "#969696", "#bf812d", "#404040", "#a6761d", "#bdbdbd", "#543005", "#7f7f7f", "#dfc27d", "#525252", "#8c6d31", "#a8a8a8", "#6f4e37", "#2f2f2f", "#b08d57", "#858585", "#996633"],
};

/**
 * A colour per relation by its sign, in vocabulary order within each family. A relation without a sign (an older
 * service) keeps the vocabulary's own colour.
 */
export function relationPalette(relations: RelationType[]): Map<string, string> {
  const used = { positive: 0, negative: 0, neutral: 0 };
  const colours = new Map<string, string>();
  for (const r of relations) {
    const sign = (r as { sign?: string }).sign;
    if (sign !== "positive" && sign !== "negative" && sign !== "neutral") {
      colours.set(r.id, r.color);
      continue;
    }
    const family = signFamilies[sign];
    colours.set(r.id, family[used[sign]++ % family.length]);
  }
  return colours;
}

/** Twelve well-separated colours (Tableau-like) for communities; larger ids wrap around. */
const communityColours = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"];

export function communityColor(community: unknown): string {
  if (typeof community !== "number" || !Number.isFinite(community)) return "#9aa3ad";
  return communityColours[Math.abs(Math.trunc(community)) % communityColours.length];
}
