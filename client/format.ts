// Text formatting shared by panels: evidence citations, date spans, confidence and relation wording.
import type { Confidence, Evidence, RelationType } from "./api-types.js";

/** "S1 ¶17: claim" — paragraph locators (P17) are shown with the pilcrow. */
export function formatCitation(evidence: Evidence): string {
  return `${formatLocator(evidence)}: ${evidence.claim}`;
}

export function formatLocator(evidence: Evidence): string {
  const paragraph = /^P(\d+)$/.exec(evidence.locator);
  return `${evidence.source} ${paragraph ? `¶${paragraph[1]}` : evidence.locator}`;
}

/** "since 2014", "2015–2021", "until 2019" or "" when undated. */
export function formatSpan(since?: string | null, until?: string | null): string {
  if (since && until) return `${since}–${until}`;
  if (since) return `since ${since}`;
  if (until) return `until ${until}`;
  return "";
}

export const confidenceLabels: Record<Confidence, string> = {
  reported: "reported",
  assessed: "assessed",
  speculative: "speculative",
};

/** The reading of a relation from one end: "targets" outwards, "targeted by" inwards. */
export function relationWording(relation: RelationType | undefined, id: string, direction: "out" | "in" | "undirected"): string {
  if (!relation) return id;
  return direction === "in" ? relation.inverseLabel : relation.label;
}

export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return "–";
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}
