// Colours: relations in three families by sign (greens/blues positive, reds/oranges negative, greys/browns neutral), communities.
import type { RelationType } from "../api-types.js";

/** Ordered so that neighbours in a family differ most in hue and lightness. */
export const signFamilies: Record<"positive" | "negative" | "neutral", string[]> = {
  positive: ["#1a9850", "#2166ac", "#66bd63", "#4393c3", "#00665e", "#92c5de", "#006d2c", "#08519c", "#35978f", "#a6d96a", "#6baed6", "#c7e9b4", "#41ab5d", "#2c7fb8", "#80cdc1"],
  negative: ["#d73027", "#f46d43", "#a50026", "#fd8d3c", "#e31a1c", "#c2185b", "#fc8d59", "#7f0000", "#ef6548", "#ff7f00"],
  neutral: ["#636363", "#7b5e3d", "#969696", "#a07c52", "#404040", "#5c4128", "#bdbdbd", "#b89b72", "#7f7f7f", "#8a6e4b", "#525252", "#c4a77d", "#a8a8a8", "#4a3520", "#2f2f2f", "#94785a", "#858585", "#6e5235"],
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
