// Which nodes and edges the view shows: the service's filter semantics (kinds, relations, confidence, as-of) plus ego focus.
import type Graph from "graphology";
import type { Confidence, EdgeData, NodeData } from "./api-types.js";
import { dateCodeInterval, parsePartialDate, type DateInterval } from "./dates.js";

export interface ViewFilters {
  kinds: readonly string[];
  relations: readonly string[];
  minConfidence: Confidence | null;
  asOf: string | null;
  /** With an as-of date, leave out relations that have neither `since` nor `until` (otherwise valid at every date). */
  hideUndated?: boolean;
}

export interface Visibility {
  nodes: Set<string>;
  edges: Set<string>;
}

const confidenceRank: Record<Confidence, number> = { reported: 0, assessed: 1, speculative: 2 };

/** No upper date bound. */
const OPEN_END = 0xffffffff;

/**
 * What the filters read, as columns in graph order (node i is the i-th node of `graph.forEachNode`, edge e the
 * e-th of `graph.forEachEdge`), so a filter pass is a loop over typed arrays without string parsing or look-ups.
 * Dates are stored as the bounds of their interval (yyyymmdd numbers), already parsed.
 */
export interface FilterIndex {
  nodeKeys: string[];
  edgeKeys: string[];
  /** Index into `kinds`. */
  nodeKind: Uint16Array;
  kinds: string[];
  /** First day of a dated node's date (it appears from then on); 0 for an undated node. */
  nodeFrom: Uint32Array;
  /** Node indices. */
  edgeSource: Uint32Array;
  edgeTarget: Uint32Array;
  /** Index into `relations`. */
  edgeRelation: Uint16Array;
  relations: string[];
  /** 0 reported, 1 assessed, 2 speculative; 0 for anything else (never filtered out, as before). */
  edgeConfidence: Uint8Array;
  /** First day of `since` (0: no lower bound) and last day of `until` (OPEN_END: no upper bound). */
  edgeSince: Uint32Array;
  edgeUntil: Uint32Array;
}

/** Codes strings in first-seen order. */
class Codes {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  code(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** Builds the index from a graph's attributes (row JSON: every attribute is a string to parse once here). */
export function buildFilterIndex(graph: Graph<NodeData, EdgeData>): FilterIndex {
  const n = graph.order;
  const m = graph.size;
  const kinds = new Codes();
  const relations = new Codes();
  const nodeKeys: string[] = new Array(n);
  const nodeKind = new Uint16Array(n);
  const nodeFrom = new Uint32Array(n);
  const position = new Map<string, number>();
  let i = 0;
  graph.forEachNode((key, a) => {
    nodeKeys[i] = key;
    position.set(key, i);
    nodeKind[i] = kinds.code(String(a.kind));
    nodeFrom[i] = (typeof a.date === "string" && parsePartialDate(a.date)?.start) || 0;
    i++;
  });
  const edgeKeys: string[] = new Array(m);
  const edgeSource = new Uint32Array(m);
  const edgeTarget = new Uint32Array(m);
  const edgeRelation = new Uint16Array(m);
  const edgeConfidence = new Uint8Array(m);
  const edgeSince = new Uint32Array(m);
  const edgeUntil = new Uint32Array(m);
  let e = 0;
  graph.forEachEdge((key, a, source, target) => {
    edgeKeys[e] = key;
    edgeSource[e] = position.get(source) as number;
    edgeTarget[e] = position.get(target) as number;
    edgeRelation[e] = relations.code(String(a.relation));
    edgeConfidence[e] = confidenceRank[a.confidence] ?? 0;
    edgeSince[e] = (a.since && parsePartialDate(a.since)?.start) || 0;
    edgeUntil[e] = (a.until && parsePartialDate(a.until)?.end) || OPEN_END;
    e++;
  });
  return { nodeKeys, edgeKeys, nodeKind, kinds: kinds.values, nodeFrom, edgeSource, edgeTarget, edgeRelation, relations: relations.values, edgeConfidence, edgeSince, edgeUntil };
}

/** The columns of a compact body (see compact-decode.ts), mapped onto the index without going through strings. */
export interface CompactColumns {
  nodeKeys: string[];
  edgeKeys: string[];
  nodeKind: Uint16Array;
  kinds: string[];
  /** yyyymmdd codes with 00 for missing parts, 0 for none. */
  nodeDate: Uint32Array;
  edgeSource: Uint32Array;
  edgeTarget: Uint32Array;
  edgeRelation: Uint16Array;
  relations: string[];
  edgeConfidence: Uint8Array;
  /** Confidence level per code of `edgeConfidence`. */
  confidence: string[];
  edgeSince: Uint32Array;
  edgeUntil: Uint32Array;
}

export function filterIndexFromColumns(c: CompactColumns): FilterIndex {
  const n = c.nodeKeys.length;
  const m = c.edgeKeys.length;
  const nodeFrom = new Uint32Array(n);
  for (let i = 0; i < n; i++) if (c.nodeDate[i]) nodeFrom[i] = dateCodeInterval(c.nodeDate[i])?.start ?? 0;
  const rankOf = c.confidence.map((level) => confidenceRank[level as Confidence] ?? 0);
  const edgeConfidence = new Uint8Array(m);
  const edgeSince = new Uint32Array(m);
  const edgeUntil = new Uint32Array(m);
  for (let e = 0; e < m; e++) {
    edgeConfidence[e] = rankOf[c.edgeConfidence[e]] ?? 0;
    edgeSince[e] = c.edgeSince[e] ? dateCodeInterval(c.edgeSince[e])?.start ?? 0 : 0;
    edgeUntil[e] = c.edgeUntil[e] ? dateCodeInterval(c.edgeUntil[e])?.end ?? OPEN_END : OPEN_END;
  }
  return {
    nodeKeys: c.nodeKeys,
    edgeKeys: c.edgeKeys,
    nodeKind: c.nodeKind,
    kinds: c.kinds,
    nodeFrom,
    edgeSource: c.edgeSource,
    edgeTarget: c.edgeTarget,
    edgeRelation: c.edgeRelation,
    relations: c.relations,
    edgeConfidence,
    edgeSince,
    edgeUntil,
  };
}

/** True when edge `e` has neither `since` nor `until`. */
export function isUndated(index: FilterIndex, e: number): boolean {
  return index.edgeSince[e] === 0 && index.edgeUntil[e] === OPEN_END;
}

/** Which nodes and edges pass the filters, as one byte per item (1 = shown). */
export interface FilterMasks {
  nodes: Uint8Array;
  edges: Uint8Array;
  nodeCount: number;
  edgeCount: number;
}

function codeMask(values: string[], wanted: readonly string[]): Uint8Array | null {
  if (!wanted.length) return null;
  const set = new Set(wanted);
  return Uint8Array.from(values, (v) => (set.has(v) ? 1 : 0));
}

/**
 * Applies the filters exactly as the service does: a node passes on its kind and, when it has a `date`,
 * only from that date; an edge passes on relation, confidence and its since/until interval, and only
 * when both its ends pass. Nodes left without edges stay visible.
 */
export function filterMasks(index: FilterIndex, filters: ViewFilters, asOf: DateInterval | null = filters.asOf ? parsePartialDate(filters.asOf) : null): FilterMasks {
  const kindMask = codeMask(index.kinds, filters.kinds);
  const relationMask = codeMask(index.relations, filters.relations);
  const minRank = filters.minConfidence ? confidenceRank[filters.minConfidence] : 2;
  const n = index.nodeKeys.length;
  const m = index.edgeKeys.length;
  const nodes = new Uint8Array(n);
  const edges = new Uint8Array(m);
  const end = asOf ? asOf.end : OPEN_END;
  const start = asOf ? asOf.start : 0;
  const datedOnly = Boolean(asOf && filters.hideUndated);
  let nodeCount = 0;
  for (let i = 0; i < n; i++) {
    if (kindMask && !kindMask[index.nodeKind[i]]) continue;
    if (index.nodeFrom[i] > end) continue;
    nodes[i] = 1;
    nodeCount++;
  }
  let edgeCount = 0;
  for (let e = 0; e < m; e++) {
    if (!nodes[index.edgeSource[e]] || !nodes[index.edgeTarget[e]]) continue;
    if (relationMask && !relationMask[index.edgeRelation[e]]) continue;
    if (index.edgeConfidence[e] > minRank) continue;
    if (index.edgeSince[e] > end || index.edgeUntil[e] < start) continue;
    if (datedOnly && isUndated(index, e)) continue;
    edges[e] = 1;
    edgeCount++;
  }
  return { nodes, edges, nodeCount, edgeCount };
}

/** The visible keys under the filters (see filterMasks). */
export function filterVisibility(index: FilterIndex, filters: ViewFilters): Visibility {
  const masks = filterMasks(index, filters);
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (let i = 0; i < masks.nodes.length; i++) if (masks.nodes[i]) nodes.add(index.nodeKeys[i]);
  for (let e = 0; e < masks.edges.length; e++) if (masks.edges[e]) edges.add(index.edgeKeys[e]);
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

/** Drops the nodes that no visible edge touches (the "hide unconnected" option). */
export function withoutIsolated(graph: Graph<NodeData, EdgeData>, visible: Visibility): Visibility {
  const nodes = new Set<string>();
  for (const edge of visible.edges) {
    nodes.add(graph.source(edge));
    nodes.add(graph.target(edge));
  }
  return { nodes, edges: visible.edges };
}
