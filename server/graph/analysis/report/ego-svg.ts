// The focus's ego network as an SVG that can be placed inline in an HTML page (no XML prolog, laid out radially).
import type { GraphFilters } from "../../query/filters.js";
import { neighborhood } from "../../query/neighborhood.js";
import { makeExportView } from "../../io/export-view.js";
import { writeSvg } from "../../io/export/svg.js";
import { evidenceCost } from "../../query/paths.js";
import type { Dataset } from "../../model/types.js";

/** A picture with more neighbours than this would be unreadable on a page; the best-evidenced ones are kept. */
export const maxEgoNeighbours = 40;

export interface EgoPicture {
  /** Inline-safe SVG markup (starts with `<svg`), every text escaped by the SVG exporter. */
  svg: string;
  /** Every node within one hop of the focus in the view (drawn or not). */
  members: Set<string>;
  neighbours: number;
  drawn: number;
  truncated: boolean;
}

/**
 * Draws the depth-1 ego network with the focus in the centre and its neighbours on a circle in order of their
 * strongest evidence, so the picture does not depend on the server's layout and is the same from the CLI.
 */
export function egoPicture(
  dataset: Pick<Dataset, "graph" | "vocabulary" | "sources" | "dataVersion">,
  focus: string,
  filters: GraphFilters,
  generatedAt: Date,
): EgoPicture {
  const ego = neighborhood(dataset, focus, 1, filters);
  const members = new Set(ego.nodes());
  const strength = new Map<string, number>();
  ego.forEachEdge(focus, (_e, attributes, s, t) => {
    const other = s === focus ? t : s;
    strength.set(other, Math.min(strength.get(other) ?? Infinity, evidenceCost(attributes)));
  });
  const neighbours = [...strength.keys()].sort(
    (a, b) => strength.get(a)! - strength.get(b)! || ego.getNodeAttribute(a, "label").localeCompare(ego.getNodeAttribute(b, "label")),
  );
  for (const dropped of neighbours.slice(maxEgoNeighbours)) ego.dropNode(dropped);
  const kept = neighbours.slice(0, maxEgoNeighbours);
  if (ego.hasNode(focus)) ego.mergeNodeAttributes(focus, { x: 0, y: 0 });
  kept.forEach((node, i) => {
    const angle = Math.PI / 2 - (2 * Math.PI * i) / Math.max(1, kept.length);
    ego.mergeNodeAttributes(node, { x: Math.cos(angle), y: Math.sin(angle) });
  });
  const view = makeExportView(dataset, ego, filters, generatedAt);
  const label = dataset.graph.getNodeAttribute(focus, "label");
  view.title = `Ego network of ${label}`;
  // The XML prolog is not allowed inside HTML; the <svg> element itself carries its namespace.
  const svg = writeSvg(view).replace(/^<\?xml[^>]*\?>\s*/, "");
  return { svg, members, neighbours: neighbours.length, drawn: kept.length, truncated: neighbours.length > kept.length };
}
