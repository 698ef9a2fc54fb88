// The signed projection: every pair of nodes joined by non-neutral relations, with one sign per pair or "ambivalent".
import { overlaps, validity, type DateInterval } from "../model/dates.js";
import { confidenceRank, viewPredicates, type GraphFilters } from "../query/filters.js";
import type { Dataset, EdgeAttributes } from "../model/types.js";
import type { Budget } from "./budget.js";
import { relationRoles, type RelationRoles } from "./relation-roles.js";


export interface SignedPair {
  /** Node indices into `keys`, a < b. */
  a: number;
  b: number;
  /** +1 or -1; 0 when the pair is ambivalent (relations of opposite sign valid at a common date). */
  sign: -1 | 0 | 1;
  /** Every signed edge between the two nodes, by edge key. */
  edges: string[];
  /** The edges that decide the sign (all of them when ambivalent). */
  decisive: string[];
  /** Rank of the strongest confidence among the decisive edges: 0 reported, 1 assessed, 2 speculative. */
  confidence: number;
}

export interface SignedProjection {
  keys: string[];
  index: Map<string, number>;
  pairs: SignedPair[];
  /** Pair index by `pairKey(a, b)`, ambivalent pairs included. */
  pairOf: Map<number, number>;
  /** CSR adjacency over the non-ambivalent pairs: neighbours of v are `neighbors[offsets[v]..offsets[v+1]]`. */
  offsets: Int32Array;
  neighbors: Int32Array;
  /** The pair index of each adjacency entry. */
  pairIndex: Int32Array;
  roles: RelationRoles;
}

export interface ProjectionOptions {
  /** Keep only nodes whose kind is an actor kind (balance) or every node (contested claims). */
  actorsOnly: boolean;
}

interface PendingEdge {
  edge: string;
  sign: 1 | -1;
  when: DateInterval;
  confidence: number;
}

/**
 * Builds the projection of the filtered view (direction ignored, neutral relations dropped, self-loops skipped).
 * A pair whose positive and negative relations are never valid at a common date takes the sign of the relation
 * that starts last, so "allied until 2014, hostile since 2016" reads as hostile.
 */
export async function signedProjection(
  dataset: Pick<Dataset, "graph" | "vocabulary">,
  filters: GraphFilters,
  options: ProjectionOptions,
  budget: Budget,
): Promise<SignedProjection> {
  const { graph } = dataset;
  const predicates = viewPredicates(dataset, filters);
  const roles = relationRoles(dataset.vocabulary);
  const keys: string[] = [];
  const index = new Map<string, number>();
  graph.forEachNode((key, attributes) => {
    if (options.actorsOnly && !roles.isActorKind(attributes.kind)) return;
    if (!predicates.isIdentity && !predicates.node(key, attributes)) return;
    index.set(key, keys.length);
    keys.push(key);
  });
  const n = keys.length;
  const pending = new Map<number, PendingEdge[]>();
  const when = memoisedValidity();
  let from = -1;
  const visit = (edge: string, attributes: EdgeAttributes, source: string, target: string) => {
    const sign = roles.signValue(attributes.relation);
    if (sign === 0) return;
    const t = index.get(source === keys[from] ? target : source);
    if (t === undefined || t === from) return;
    if (!predicates.isIdentity && !predicates.edge(edge, attributes)) return;
    const key = from < t ? from * n + t : t * n + from;
    const item: PendingEdge = { edge, sign, when: when(attributes.since, attributes.until), confidence: confidenceRank[attributes.confidence] ?? 2 };
    const list = pending.get(key);
    if (list) list.push(item);
    else pending.set(key, [item]);
  };
  // Walk node by node (each edge once: from its source, undirected ones from their stored source) so the
  // walk can pause between nodes and let other requests through.
  const onUndirected = (edge: string, attributes: EdgeAttributes, source: string, target: string) => {
    if (source === keys[from]) visit(edge, attributes, source, target);
  };
  for (from = 0; from < n; from++) {
    const node = keys[from];
    if (budget.step(graph.degree(node)) && !(await budget.pause())) break;
    if (graph.type !== "undirected") graph.forEachOutEdge(node, visit);
    if (graph.type !== "directed") graph.forEachUndirectedEdge(node, onUndirected);
  }
  const pairs: SignedPair[] = [];
  const pairOf = new Map<number, number>();
  for (const [key, items] of pending) {
    const a = Math.floor(key / n);
    pairOf.set(key, pairs.length);
    pairs.push(resolvePair(a, key - a * n, items));
  }
  return { keys, index, pairs, pairOf, ...adjacency(n, pairs), roles };
}

/** `validity` memoised by its two strings: few distinct dates recur across a big graph. */
function memoisedValidity(): (since?: string, until?: string) => DateInterval {
  const cache = new Map<string, DateInterval>();
  return (since, until) => {
    const key = `${since ?? ""}/${until ?? ""}`;
    let v = cache.get(key);
    if (!v) cache.set(key, (v = validity(since, until)));
    return v;
  };
}

export const pairKey = (projection: Pick<SignedProjection, "keys">, a: number, b: number): number =>
  a < b ? a * projection.keys.length + b : b * projection.keys.length + a;

function resolvePair(a: number, b: number, unsorted: PendingEdge[]): SignedPair {
  // Edge keys in order, so lists and item ids do not depend on the order the walk met them.
  const items = unsorted.sort((x, y) => (x.edge < y.edge ? -1 : x.edge > y.edge ? 1 : 0));
  const positive = items.filter((x) => x.sign > 0);
  const negative = items.filter((x) => x.sign < 0);
  let sign: -1 | 0 | 1;
  let decisive: PendingEdge[];
  if (!negative.length) [sign, decisive] = [1, positive];
  else if (!positive.length) [sign, decisive] = [-1, negative];
  else if (positive.some((p) => negative.some((q) => overlaps(p.when, q.when)))) [sign, decisive] = [0, items];
  else {
    const latest = items.reduce((best, x) => (x.when.start > best.when.start ? x : best));
    sign = latest.sign;
    decisive = sign > 0 ? positive : negative;
  }
  return {
    a,
    b,
    sign,
    edges: items.map((x) => x.edge),
    decisive: decisive.map((x) => x.edge),
    confidence: Math.min(...decisive.map((x) => x.confidence)),
  };
}

function adjacency(n: number, pairs: SignedPair[]): Pick<SignedProjection, "offsets" | "neighbors" | "pairIndex"> {
  const offsets = new Int32Array(n + 1);
  for (const p of pairs) {
    if (p.sign === 0) continue;
    offsets[p.a + 1]++;
    offsets[p.b + 1]++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, n);
  const neighbors = new Int32Array(offsets[n]);
  const pairIndex = new Int32Array(offsets[n]);
  pairs.forEach((p, i) => {
    if (p.sign === 0) return;
    neighbors[fill[p.a]] = p.b;
    pairIndex[fill[p.a]++] = i;
    neighbors[fill[p.b]] = p.a;
    pairIndex[fill[p.b]++] = i;
  });
  return { offsets, neighbors, pairIndex };
}
