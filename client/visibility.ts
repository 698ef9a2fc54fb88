// Which nodes and edges the view shows: the service's filter semantics (kinds, relations, confidence, as-of) plus ego focus.
import type Graph from "graphology";
import type { Confidence, EdgeData, NodeData } from "./api-types.js";
import { isValidAt, parsePartialDate } from "./dates.js";

export interface ViewFilters {
  kinds: readonly string[];
  relations: readonly string[];
  minConfidence: Confidence | null;
  asOf: string | null;
}

export interface Visibility {
  nodes: Set<string>;
  edges: Set<string>;
}

const confidenceRank: Record<Confidence, number> = { reported: 0, assessed: 1, speculative: 2 };

/**
 * Applies the filters exactly as the service does: a node passes on its kind and, when it has a `date`,
 * only from that date; an edge passes on relation, confidence and its since/until interval, and only
 * when both its ends pass. Nodes left without edges stay visible.
 */
export function filterVisibility(graph: Graph<NodeData, EdgeData>, filters: ViewFilters): Visibility {
  const kinds = filters.kinds.length ? new Set(filters.kinds) : null;
  const relations = filters.relations.length ? new Set(filters.relations) : null;
  const minRank = filters.minConfidence ? confidenceRank[filters.minConfidence] : null;
  const at = filters.asOf ? parsePartialDate(filters.asOf) : null;

  const nodes = new Set<string>();
  graph.forEachNode((key, a) => {
    if (kinds && !kinds.has(a.kind)) return;
    if (at && a.date && !isValidAt(at, a.date)) return;
    nodes.add(key);
  });
  const edges = new Set<string>();
  graph.forEachEdge((key, a, source, target) => {
    if (!nodes.has(source) || !nodes.has(target)) return;
    if (relations && !relations.has(a.relation)) return;
    if (minRank !== null && confidenceRank[a.confidence] > minRank) return;
    if (at && !isValidAt(at, a.since, a.until)) return;
    edges.add(key);
  });
  return { nodes, edges };
}

/** Restricts a visibility to the nodes within `depth` hops of `center` (any direction) over visible edges. */
export function egoVisibility(graph: Graph<NodeData, EdgeData>, visible: Visibility, center: string, depth: number): Visibility {
  if (!visible.nodes.has(center) || depth < 1) return visible;
  const reached = new Set<string>([center]);
  let frontier = [center];
  for (let hop = 0; hop < depth && frontier.length; hop++) {
    const next: string[] = [];
    for (const node of frontier) {
      graph.forEachEdge(node, (edge, _a, source, target) => {
        if (!visible.edges.has(edge)) return;
        const other = source === node ? target : source;
        if (!reached.has(other)) {
          reached.add(other);
          next.push(other);
        }
      });
    }
    frontier = next;
  }
  const edges = new Set<string>();
  for (const edge of visible.edges) {
    if (reached.has(graph.source(edge)) && reached.has(graph.target(edge))) edges.add(edge);
  }
  return { nodes: reached, edges };
}
