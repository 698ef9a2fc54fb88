// The graph as integer-indexed adjacency (CSR typed arrays), built once per graph, and the view filters compiled to it.
//
// Path search, the signed projection and exposure walk it instead of graphology's callbacks. Every node's entries
// follow graphology's own order (in, out, undirected), so searches over it break ties like the reference ones.
import { parsePartialDate } from "../model/dates.js";
import { confidenceAtLeast, type GraphFilters, type ViewPredicates } from "./filters.js";
import { confidenceLevels, type ActorGraph, type Confidence, type EdgeAttributes } from "../model/types.js";
import type { ReliabilityIndex } from "../model/grades.js";
import { evidenceCost } from "./evidence-cost.js";

/**
 * Every node's incident edges as flat typed arrays, built once per graph. Entries of node i sit in
 * [start[i], start[i+1]): first its in-edges, from outStart[i] its out-edges, from undStart[i] its undirected
 * edges, each group in graphology's iteration order; self-loops are left out (they never lie on a loopless path).
 */
export interface PathIndex {
  readonly graph: ActorGraph;
  readonly keys: string[];
  readonly index: Map<string, number>;
  readonly start: Uint32Array;
  readonly outStart: Uint32Array;
  readonly undStart: Uint32Array;
  /** Per entry: the node at the other end. */
  readonly neighbor: Uint32Array;
  /** Per entry: the edge's key (analyses cite it). */
  readonly edge: string[];
  /** Per entry: relation code (see `relations`). */
  readonly relation: Uint16Array;
  /** Per entry: confidence code × 4 + extra citations (0..3); confidence code 3 is "not a known level". */
  readonly costCode: Uint8Array;
  /** Per entry: `evidenceCost` of the edge under `reliability`. */
  readonly hopCost: Float64Array;
  /** The source grades the costs were computed with (the index is rebuilt when they change). */
  readonly reliability: ReliabilityIndex | undefined;
  /** Per entry: start (yyyymmdd) of `since`, 0 when absent; end of `until`, 0 when absent. */
  readonly sinceStart: Uint32Array;
  readonly untilEnd: Uint32Array;
  /** Per node: kind code (see `kinds`) and start of `date` (0 when absent). */
  readonly kind: Uint16Array;
  readonly dateStart: Uint32Array;
  readonly kinds: string[];
  readonly relations: string[];
  /** Scratch space reused by every search (findPaths is synchronous, so searches never overlap). */
  readonly scratch: Scratch;
}

export interface Scratch {
  generation: number;
  seenF: Uint32Array;
  seenB: Uint32Array;
  parentF: Int32Array;
  parentB: Int32Array;
  dist: Float64Array;
  distB: Float64Array;
  doneF: Uint32Array;
  doneB: Uint32Array;
  hops: Uint8Array;
  blocked: Uint32Array;
}

const indexes = new WeakMap<ActorGraph, PathIndex>();
const mutatingEvents = [
  "nodeAdded",
  "edgeAdded",
  "nodeDropped",
  "edgeDropped",
  "cleared",
  "edgesCleared",
  "nodeAttributesUpdated",
  "edgeAttributesUpdated",
  "eachNodeAttributesUpdated",
  "eachEdgeAttributesUpdated",
] as const;

/**
 * The path index of a graph, built on first use and kept until the graph changes through graphology
 * (any add, drop or attribute update drops it). The store builds it at start so the first query is fast.
 */
export function pathIndexFor(graph: ActorGraph, reliability?: ReliabilityIndex): PathIndex {
  const cached = indexes.get(graph);
  if (cached && cached.reliability === reliability) return cached;
  const built = buildPathIndex(graph, reliability);
  const listening = cached !== undefined;
  indexes.set(graph, built);
  if (listening) return built;
  const drop = () => {
    indexes.delete(graph);
    for (const event of mutatingEvents) graph.removeListener(event, drop);
  };
  for (const event of mutatingEvents) graph.on(event, drop);
  return built;
}

/** The graph's index whatever source grades its hop costs were computed with, for walks that ignore costs. */
export function graphIndexFor(graph: ActorGraph): PathIndex {
  return indexes.get(graph) ?? pathIndexFor(graph);
}

class Codes {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  code(value: unknown): number {
    const key = typeof value === "string" ? value : String(value);
    let code = this.map.get(key);
    if (code === undefined) {
      code = this.values.length;
      if (code > 0xffff) throw new Error("path index: more than 65536 distinct kinds or relations");
      this.values.push(key);
      this.map.set(key, code);
    }
    return code;
  }
}

/** Start and end (yyyymmdd) of partial dates, 0 when absent or not a date; memoised since few distinct dates recur. */
class DateCodes {
  private readonly starts = new Map<string, number>();
  private readonly ends = new Map<string, number>();
  start(value: unknown): number {
    if (typeof value !== "string" || !value) return 0;
    let v = this.starts.get(value);
    if (v === undefined) this.starts.set(value, (v = parsePartialDate(value)?.start ?? 0));
    return v;
  }
  end(value: unknown): number {
    if (typeof value !== "string" || !value) return 0;
    let v = this.ends.get(value);
    if (v === undefined) this.ends.set(value, (v = parsePartialDate(value)?.end ?? 0));
    return v;
  }
}

export function buildPathIndex(graph: ActorGraph, reliability?: ReliabilityIndex): PathIndex {
  const n = graph.order;
  const keys: string[] = new Array(n);
  const index = new Map<string, number>();
  const kindCodes = new Codes();
  const relationCodes = new Codes();
  const dates = new DateCodes();
  const kind = new Uint16Array(n);
  const dateStart = new Uint32Array(n);
  let i = 0;
  graph.forEachNode((node, attributes) => {
    keys[i] = node;
    index.set(node, i);
    kind[i] = kindCodes.code(attributes.kind);
    dateStart[i] = dates.start(attributes.date);
    i++;
  });

  const capacity = 2 * graph.size;
  const neighbor = new Uint32Array(capacity);
  const edge: string[] = [];
  const relation = new Uint16Array(capacity);
  const costCode = new Uint8Array(capacity);
  const hopCost = new Float64Array(capacity);
  const sinceStart = new Uint32Array(capacity);
  const untilEnd = new Uint32Array(capacity);
  const start = new Uint32Array(n + 1);
  const outStart = new Uint32Array(n);
  const undStart = new Uint32Array(n);
  let at = 0;
  let node = "";
  const add = (key: string, other: string, attributes: EdgeAttributes) => {
    neighbor[at] = index.get(other) as number;
    edge.push(key);
    relation[at] = relationCodes.code(attributes.relation);
    const c = attributes.confidence;
    const confidence = c === "reported" ? 0 : c === "assessed" ? 1 : c === "speculative" ? 2 : 3;
    const evidence = attributes.evidence?.length ?? 1;
    costCode[at] = confidence * 4 + (evidence >= 4 ? 3 : evidence <= 1 ? 0 : evidence - 1);
    // Computed by evidenceCost itself so both search spaces agree to the bit.
    hopCost[at] = evidenceCost(attributes, reliability);
    if (attributes.since !== undefined) sinceStart[at] = dates.start(attributes.since);
    if (attributes.until !== undefined) untilEnd[at] = dates.end(attributes.until);
    at++;
  };
  const onIn = (e: string, attributes: EdgeAttributes, s: string, t: string) => {
    if (s !== t) add(e, s, attributes);
  };
  const onOut = (e: string, attributes: EdgeAttributes, s: string, t: string) => {
    if (s !== t) add(e, t, attributes);
  };
  const onUndirected = (e: string, attributes: EdgeAttributes, s: string, t: string) => {
    if (s !== t) add(e, s === node ? t : s, attributes);
  };
  for (let v = 0; v < n; v++) {
    node = keys[v];
    start[v] = at;
    if (graph.type !== "undirected") graph.forEachInEdge(node, onIn);
    outStart[v] = at;
    if (graph.type !== "undirected") graph.forEachOutEdge(node, onOut);
    undStart[v] = at;
    if (graph.type !== "directed") graph.forEachUndirectedEdge(node, onUndirected);
  }
  start[n] = at;

  return {
    graph,
    keys,
    index,
    start,
    outStart,
    undStart,
    neighbor: neighbor.slice(0, at),
    edge,
    relation: relation.slice(0, at),
    costCode: costCode.slice(0, at),
    hopCost: hopCost.slice(0, at),
    reliability,
    sinceStart: sinceStart.slice(0, at),
    untilEnd: untilEnd.slice(0, at),
    kind,
    dateStart,
    kinds: kindCodes.values,
    relations: relationCodes.values,
    scratch: {
      generation: 0,
      seenF: new Uint32Array(n),
      seenB: new Uint32Array(n),
      parentF: new Int32Array(n),
      parentB: new Int32Array(n),
      dist: new Float64Array(n),
      distB: new Float64Array(n),
      doneF: new Uint32Array(n),
      doneB: new Uint32Array(n),
      hops: new Uint8Array(n),
      blocked: new Uint32Array(n),
    },
  };
}

/** A new generation for the scratch stamps; every stamp is cleared on the (rare) wrap-around. */
export function nextGeneration(s: Scratch): number {
  if (s.generation >= 0xfffffff0) {
    s.generation = 0;
    s.seenF.fill(0);
    s.seenB.fill(0);
    s.doneF.fill(0);
    s.doneB.fill(0);
    s.blocked.fill(0);
  }
  return ++s.generation;
}

/** The filters compiled against the index's codes; `null` fields mean "no such filter". */
export interface CompiledFilters {
  identity: boolean;
  kindOk: Uint8Array | null;
  relationOk: Uint8Array | null;
  /** Highest allowed confidence code, or 3 when any level (even an unknown one) passes. */
  maxConfidence: number;
  asOf: { start: number; end: number } | null;
}

export function compileFilters(ix: PathIndex, filters: GraphFilters, predicates: ViewPredicates): CompiledFilters {
  const mask = (values: string[], wanted: string[] | undefined) => {
    if (!wanted?.length) return null;
    const set = new Set(wanted);
    return Uint8Array.from(values, (v) => (set.has(v) ? 1 : 0));
  };
  let maxConfidence = 3;
  if (filters.minConfidence) {
    maxConfidence = -1;
    confidenceLevels.forEach((level, code) => {
      if (confidenceAtLeast(level, filters.minConfidence as Confidence)) maxConfidence = Math.max(maxConfidence, code);
    });
  }
  const asOf = filters.asOf !== undefined ? parsePartialDate(filters.asOf) : null;
  return {
    identity: predicates.isIdentity,
    kindOk: mask(ix.kinds, filters.kinds),
    relationOk: mask(ix.relations, filters.relations),
    maxConfidence,
    asOf,
  };
}

/** The entry (its edge and the node it leads to) passes the compiled filters; mirrors viewPredicates exactly. */
export function entryPasses(ix: PathIndex, f: CompiledFilters, entry: number): boolean {
  if (f.identity) return true;
  if (f.relationOk && !f.relationOk[ix.relation[entry]]) return false;
  if (ix.costCode[entry] >> 2 > f.maxConfidence) return false;
  const other = ix.neighbor[entry];
  if (f.asOf) {
    const since = ix.sinceStart[entry];
    const until = ix.untilEnd[entry];
    if (since && since > f.asOf.end) return false;
    if (until && until < f.asOf.start) return false;
    const date = ix.dateStart[other];
    if (date && date > f.asOf.end) return false;
  }
  if (f.kindOk && !f.kindOk[ix.kind[other]]) return false;
  return true;
}

/** The node passes the compiled filters on its own (kind, and its date under as-of); mirrors viewPredicates.node. */
export function nodePasses(ix: PathIndex, f: CompiledFilters, node: number): boolean {
  if (f.identity) return true;
  if (f.kindOk && !f.kindOk[ix.kind[node]]) return false;
  const date = ix.dateStart[node];
  return !(f.asOf && date && date > f.asOf.end);
}
