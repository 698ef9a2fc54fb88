// The signed projection: every pair of nodes joined by non-neutral relations, with one sign per pair or "ambivalent".
import { overlaps, type DateInterval } from "../model/dates.js";
import { viewPredicates, type GraphFilters } from "../query/filters.js";
import { compileFilters, entryPasses, graphIndexFor, nodePasses } from "../query/csr-index.js";
import type { Dataset } from "../model/types.js";
import type { Budget } from "./budget.js";
import { indexedRoles, relationRoles, type RelationRoles } from "./relation-roles.js";


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
 * that starts last, so "allied until 2014, hostile since 2016" reads as hostile. Walks the graph's CSR index node
 * by node (each edge once, from its end with the lower index), pausing between nodes for other requests.
 */
export async function signedProjection(
  dataset: Pick<Dataset, "graph" | "vocabulary">,
  filters: GraphFilters,
  options: ProjectionOptions,
  budget: Budget,
): Promise<SignedProjection> {
  const ix = graphIndexFor(dataset.graph);
  const compiled = compileFilters(ix, filters, viewPredicates(dataset, filters));
  const roles = relationRoles(dataset.vocabulary);
  const { sign: signOf, actor: actorKind } = indexedRoles(roles, ix);
  // Projection index of each graph node, -1 when it is left out.
  const local = new Int32Array(ix.keys.length).fill(-1);
  const keys: string[] = [];
  for (let v = 0; v < ix.keys.length; v++) {
    if (options.actorsOnly && !actorKind[ix.kind[v]]) continue;
    if (!nodePasses(ix, compiled, v)) continue;
    local[v] = keys.length;
    keys.push(ix.keys[v]);
  }
  const n = keys.length;
  const pairs: SignedPair[] = [];
  // Per node, its signed edges grouped by the other end (entries of one pair are adjacent after grouping).
  const group = new Int32Array(ix.keys.length).fill(-1);
  const pending: PendingEdge[][] = [];
  const others: number[] = [];
  for (let v = 0; v < ix.keys.length; v++) {
    const a = local[v];
    if (a < 0) continue;
    if (budget.step(ix.start[v + 1] - ix.start[v]) && !(await budget.pause())) break;
    for (let entry = ix.start[v]; entry < ix.start[v + 1]; entry++) {
      const w = ix.neighbor[entry];
      const sign = signOf[ix.relation[entry]];
      if (w <= v || sign === 0 || local[w] < 0 || !entryPasses(ix, compiled, entry)) continue;
      const since = ix.sinceStart[entry];
      const until = ix.untilEnd[entry];
      const item: PendingEdge = {
        edge: ix.edge[entry],
        sign: sign as 1 | -1,
        when: { start: since || -Infinity, end: until || Infinity },
        confidence: Math.min(2, ix.costCode[entry] >> 2),
      };
      if (group[w] < 0) {
        group[w] = pending.length;
        pending.push([item]);
        others.push(w);
      } else pending[group[w]].push(item);
    }
    for (let g = 0; g < others.length; g++) {
      const b = local[others[g]];
      pairs.push(resolvePair(a, b, pending[g]));
      group[others[g]] = -1;
    }
    pending.length = 0;
    others.length = 0;
  }
  return { keys, index: new Map(keys.map((k, i) => [k, i])), pairs, ...adjacency(n, pairs), roles };
}

function resolvePair(a: number, b: number, unsorted: PendingEdge[]): SignedPair {
  if (unsorted.length === 1) {
    // Most pairs have one relation: it decides alone.
    const [only] = unsorted;
    const edges = [only.edge];
    return { a, b, sign: only.sign, edges, decisive: edges, confidence: only.confidence };
  }
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
