// k best loopless paths (Yen) over a filtered view, by hops or by evidence cost, with hard bounds on k, length and time.
//
// Two interchangeable search spaces run the same Yen driver: `findPaths` uses an integer-indexed adjacency (CSR
// typed arrays with per-entry relation, confidence, evidence-count and date codes) built once per graph, and
// `findPathsReference` walks graphology's callbacks with the filter predicates. The CSR lists every node's edges
// in exactly graphology's order (in, out, undirected), so both explore in the same order, break ties the same
// way and return identical results (tests/unit/paths-scale-csr.test.ts checks this on random graphs).
import { AppError } from "../../errors.js";
import { parsePartialDate } from "../model/dates.js";
import { confidenceAtLeast, viewPredicates, type GraphFilters, type ViewPredicates } from "./filters.js";
import { MinHeap } from "./heap.js";
import { evidenceCost, neutralReliability } from "./evidence-cost.js";
import { compileFilters, entryPasses, nextGeneration, pathIndexFor, type CompiledFilters, type PathIndex } from "./csr-index.js";
import { confidenceLevels, type ActorGraph, type Confidence, type Dataset, type EdgeAttributes, type SourceEntry } from "../model/types.js";
import { citedRelation, memoReliabilityIndex, relationGradeCode, reliabilityGrades, type CitedRelation, type Credibility, type Reliability, type ReliabilityIndex } from "../model/grades.js";

// Re-exported: path search is where callers have always found the hop cost and the index.
export { credibilityCost, evidenceCost, reliabilityFactor } from "./evidence-cost.js";
export { buildPathIndex, pathIndexFor, type PathIndex } from "./csr-index.js";

export const pathBounds = { maxK: 10, maxLength: 8, defaultLength: 6, timeBudgetMs: 2_000 } as const;

export type PathDirection = "any" | "forward";

export interface PathQuery extends GraphFilters {
  from: string;
  to: string;
  k?: number;
  weighted?: boolean;
  direction?: PathDirection;
  maxLength?: number;
}

export interface PathEdge extends CitedRelation {
  id: string;
  source: string;
  target: string;
}

export interface FoundPath {
  nodes: string[];
  edges: PathEdge[];
  length: number;
  cost: number;
}

export interface PathResult {
  paths: FoundPath[];
  /** True when the time budget stopped the search before k paths were proven best. */
  truncated: boolean;
}

type Side = "forward" | "backward";
type Visit = (edge: string, other: string, attributes: EdgeAttributes) => void;

interface Walker {
  /** Calls visit for each usable edge leaving `node` in path order (forward) or entering it (backward). */
  expand(node: string, side: Side, visit: Visit): void;
  /** Calls visit for each usable edge from `a` to `b` in path order: a direct look-up, not a scan of a's edges. */
  between(a: string, b: string, visit: Visit): void;
  hopCost(attributes: EdgeAttributes): number;
  readonly reliability: ReliabilityIndex;
}

function makeWalker(graph: ActorGraph, predicates: ViewPredicates, direction: PathDirection, weighted: boolean, reliability: ReliabilityIndex): Walker {
  const nodeOk = (n: string) => predicates.isIdentity || predicates.node(n, graph.getNodeAttributes(n));
  const visitWith = (node: string, visit: Visit) => (edge: string, attributes: EdgeAttributes, s: string, t: string) => {
    const other = s === node ? t : s;
    if (!predicates.isIdentity && (!predicates.edge(edge, attributes) || !nodeOk(other))) return;
    visit(edge, other, attributes);
  };
  return {
    expand(node, side, visit) {
      const cb = visitWith(node, visit);
      if (direction === "any") graph.forEachEdge(node, cb);
      else if (side === "forward") graph.forEachOutboundEdge(node, cb);
      else graph.forEachInboundEdge(node, cb);
    },
    between(a, b, visit) {
      const cb = visitWith(a, visit);
      if (direction === "any") graph.forEachEdge(a, b, cb);
      else graph.forEachOutboundEdge(a, b, cb);
    },
    hopCost: weighted ? (attributes) => evidenceCost(attributes, reliability) : () => 1,
    reliability,
  };
}

interface Constraints<N> {
  blockedNodes: Set<N>;
  /** Hops (in path order, keyed by the search space's `hopKey`) that a spur path may not take. */
  blockedHops: Set<string | number>;
  maxHops: number;
  deadline: number;
  now: () => number;
}

interface RawPath<N> {
  nodes: N[];
  cost: number;
}

const hopKey = (a: string, b: string) => `${a}\0${b}`;

class TimeUp extends Error {}

function checkClock(c: Constraints<unknown>, counter: { n: number }): void {
  if ((++counter.n & 1023) === 0 && c.now() > c.deadline) throw new TimeUp();
}

/** Bidirectional BFS by hop count; the side with the smaller frontier grows first. */
function shortestByHops(walker: Walker, from: string, to: string, c: Constraints<string>): RawPath<string> | null {
  if (from === to) return { nodes: [from], cost: 0 };
  const parentF = new Map<string, string | null>([[from, null]]);
  const parentB = new Map<string, string | null>([[to, null]]);
  let frontierF = [from];
  let frontierB = [to];
  let depthF = 0;
  let depthB = 0;
  const counter = { n: 0 };
  while (frontierF.length && frontierB.length && depthF + depthB < c.maxHops) {
    const forward = frontierF.length <= frontierB.length;
    const frontier = forward ? frontierF : frontierB;
    const mine = forward ? parentF : parentB;
    const theirs = forward ? parentB : parentF;
    const next: string[] = [];
    let meet: string | null = null;
    for (const node of frontier) {
      walker.expand(node, forward ? "forward" : "backward", (_edge, other) => {
        if (meet !== null || mine.has(other) || c.blockedNodes.has(other)) return;
        if (c.blockedHops.size && c.blockedHops.has(forward ? hopKey(node, other) : hopKey(other, node))) return;
        checkClock(c, counter);
        mine.set(other, node);
        if (theirs.has(other)) meet = other;
        next.push(other);
      });
      if (meet !== null) break;
    }
    if (forward) {
      frontierF = next;
      depthF++;
    } else {
      frontierB = next;
      depthB++;
    }
    if (meet !== null) {
      const left: string[] = [];
      for (let n: string | null = meet; n !== null; n = parentF.get(n) ?? null) left.push(n);
      left.reverse();
      for (let n = parentB.get(meet) ?? null; n !== null; n = parentB.get(n) ?? null) left.push(n);
      return { nodes: left, cost: left.length - 1 };
    }
  }
  return null;
}

/** Dijkstra by evidence cost with early exit; paths longer than maxHops are rejected. */
function shortestByCost(walker: Walker, from: string, to: string, c: Constraints<string>): RawPath<string> | null {
  const dist = new Map<string, number>([[from, 0]]);
  const hops = new Map<string, number>([[from, 0]]);
  const parent = new Map<string, string>();
  const done = new Set<string>();
  const heap = new MinHeap<string>();
  heap.push(from, 0);
  const counter = { n: 0 };
  while (heap.size) {
    const node = heap.pop() as string;
    if (done.has(node)) continue;
    done.add(node);
    if (node === to) break;
    const d = dist.get(node) as number;
    const h = hops.get(node) as number;
    if (h >= c.maxHops) continue;
    walker.expand(node, "forward", (_edge, other, attributes) => {
      if (done.has(other) || c.blockedNodes.has(other)) return;
      if (c.blockedHops.size && c.blockedHops.has(hopKey(node, other))) return;
      checkClock(c, counter);
      const nd = d + walker.hopCost(attributes);
      const old = dist.get(other);
      if (old === undefined || nd < old) {
        dist.set(other, nd);
        hops.set(other, h + 1);
        parent.set(other, node);
        heap.push(other, nd);
      }
    });
  }
  if (!done.has(to)) return null;
  const nodes = [to];
  for (let n = to; n !== from; ) {
    n = parent.get(n) as string;
    nodes.push(n);
  }
  nodes.reverse();
  return { nodes, cost: dist.get(to) as number };
}

/** The exact cheapest path when it fits in the hop limit; otherwise the hop-capped search's answer (as the CSR space). */
function shortestByCostWithin(walker: Walker, from: string, to: string, c: Constraints<string>): RawPath<string> | null {
  const cheapest = shortestByCost(walker, from, to, { ...c, maxHops: Infinity });
  if (!cheapest || cheapest.nodes.length - 1 <= c.maxHops) return cheapest;
  return shortestByCost(walker, from, to, c);
}

/* ---------- the Yen driver, shared by both search spaces ---------- */

interface SearchSpace<N> {
  shortest(from: N, to: N, c: Constraints<N>): RawPath<N> | null;
  /** Cost of the cheapest usable edge from a to b (in path order). */
  hopCost(a: N, b: N): number;
  hopKey(a: N, b: N): string | number;
}

/** Yen's k shortest loopless paths: the best path, then spur paths off each accepted one, cheapest first. */
function yen<N>(space: SearchSpace<N>, from: N, to: N, k: number, maxLength: number, deadline: number, now: () => number) {
  const accepted: RawPath<N>[] = [];
  let truncated = false;
  try {
    const first = space.shortest(from, to, { blockedNodes: new Set(), blockedHops: new Set(), maxHops: maxLength, deadline, now });
    if (first) accepted.push(first);
    const candidates = new MinHeap<RawPath<N>>();
    const seen = new Set<string>(first ? [first.nodes.join("\0")] : []);
    while (accepted.length > 0 && accepted.length < k) {
      const previous = accepted[accepted.length - 1];
      let rootCost = 0;
      for (let i = 0; i < previous.nodes.length - 1; i++) {
        const spurNode = previous.nodes[i];
        const root = previous.nodes.slice(0, i + 1);
        const blockedHops = new Set<string | number>();
        for (const p of accepted) {
          if (p.nodes.length > i + 1 && root.every((n, j) => p.nodes[j] === n)) blockedHops.add(space.hopKey(p.nodes[i], p.nodes[i + 1]));
        }
        const spur = space.shortest(spurNode, to, {
          blockedNodes: new Set(root.slice(0, -1)),
          blockedHops,
          maxHops: maxLength - i,
          deadline,
          now,
        });
        if (spur) {
          const nodes = [...root.slice(0, -1), ...spur.nodes];
          const id = nodes.join("\0");
          if (!seen.has(id) && nodes.length - 1 <= maxLength) {
            seen.add(id);
            const cost = rootCost + spur.cost;
            candidates.push({ nodes, cost }, cost + nodes.length * 1e-9);
          }
        }
        rootCost += space.hopCost(previous.nodes[i], previous.nodes[i + 1]);
        if (now() > deadline) throw new TimeUp();
      }
      const next = candidates.pop();
      if (!next) break;
      accepted.push(next);
    }
  } catch (error) {
    if (!(error instanceof TimeUp)) throw error;
    truncated = true;
  }
  return { accepted, truncated };
}

/* ---------- reference search space: graphology callbacks and predicates ---------- */

function walkerSpace(walker: Walker, weighted: boolean): SearchSpace<string> {
  return {
    shortest: (from, to, c) => (weighted ? shortestByCostWithin : shortestByHops)(walker, from, to, c),
    hopKey,
    hopCost(a, b) {
      let best = Infinity;
      walker.expand(a, "forward", (_e, other, attributes) => {
        if (other === b) best = Math.min(best, walker.hopCost(attributes));
      });
      return best;
    },
  };
}

function csrSpace(ix: PathIndex, f: CompiledFilters, direction: PathDirection, weighted: boolean): SearchSpace<number> {
  const { start, outStart, undStart, neighbor, scratch } = ix;
  const n = ix.keys.length;
  const any = direction === "any";

  const usable = (entry: number): boolean => entryPasses(ix, f, entry);
  const hopCost = ix.hopCost;
  const hopCostOf = weighted ? (entry: number) => hopCost[entry] : () => 1;

  /** Entry ranges to walk from `node`: forward takes out-edges then undirected ones, backward in-edges then undirected ones, `any` all. */
  const segmentsOf = (node: number, forward: boolean): [number, number][] =>
    any
      ? [[start[node], start[node + 1]]]
      : forward
        ? [[outStart[node], start[node + 1]]]
        : [
            [start[node], outStart[node]],
            [undStart[node], start[node + 1]],
          ];

  const block = (c: Constraints<number>): number => {
    const g = nextGeneration(scratch);
    for (const b of c.blockedNodes) scratch.blocked[b] = g;
    return g;
  };

  /** Bidirectional BFS by hop count; the side with the smaller frontier grows first (as shortestByHops). */
  function byHops(from: number, to: number, c: Constraints<number>): RawPath<number> | null {
    if (from === to) return { nodes: [from], cost: 0 };
    const g = block(c);
    const { seenF, seenB, parentF, parentB, blocked } = scratch;
    seenF[from] = g;
    parentF[from] = -1;
    seenB[to] = g;
    parentB[to] = -1;
    let frontierF = [from];
    let frontierB = [to];
    let depthF = 0;
    let depthB = 0;
    const counter = { n: 0 };
    const hopsBlocked = c.blockedHops.size > 0;
    while (frontierF.length && frontierB.length && depthF + depthB < c.maxHops) {
      const forward = frontierF.length <= frontierB.length;
      const frontier = forward ? frontierF : frontierB;
      const mine = forward ? seenF : seenB;
      const theirs = forward ? seenB : seenF;
      const parent = forward ? parentF : parentB;
      const next: number[] = [];
      let meet = -1;
      for (const node of frontier) {
        const segments = segmentsOf(node, forward);
        for (const [from_, to_] of segments) {
          for (let entry = from_; entry < to_; entry++) {
            if (!usable(entry)) continue;
            const other = neighbor[entry];
            if (mine[other] === g || blocked[other] === g) continue;
            if (hopsBlocked && c.blockedHops.has(forward ? node * n + other : other * n + node)) continue;
            checkClock(c, counter);
            mine[other] = g;
            parent[other] = node;
            next.push(other);
            if (theirs[other] === g) {
              meet = other;
              break;
            }
          }
          if (meet !== -1) break;
        }
        if (meet !== -1) break;
      }
      if (forward) {
        frontierF = next;
        depthF++;
      } else {
        frontierB = next;
        depthB++;
      }
      if (meet !== -1) {
        const left: number[] = [];
        for (let v = meet; v !== -1; v = parentF[v]) left.push(v);
        left.reverse();
        for (let v = parentB[meet]; v !== -1; v = parentB[v]) left.push(v);
        return { nodes: left, cost: left.length - 1 };
      }
    }
    return null;
  }

  /** Dijkstra by evidence cost with early exit, hop-bounded (as shortestByCost). */
  function byCostCapped(from: number, to: number, c: Constraints<number>): RawPath<number> | null {
    const g = block(c);
    const { seenF: reached, seenB: done, parentF: parent, dist, hops, blocked } = scratch;
    const heap = new MinHeap<number>();
    reached[from] = g;
    dist[from] = 0;
    hops[from] = 0;
    heap.push(from, 0);
    const counter = { n: 0 };
    const hopsBlocked = c.blockedHops.size > 0;
    while (heap.size) {
      const node = heap.pop() as number;
      if (done[node] === g) continue;
      done[node] = g;
      if (node === to) break;
      const d = dist[node];
      const h = hops[node];
      if (h >= c.maxHops) continue;
      const first = any ? start[node] : outStart[node];
      const end = start[node + 1];
      for (let entry = first; entry < end; entry++) {
        if (!usable(entry)) continue;
        const other = neighbor[entry];
        if (done[other] === g || blocked[other] === g) continue;
        if (hopsBlocked && c.blockedHops.has(node * n + other)) continue;
        checkClock(c, counter);
        const nd = d + hopCostOf(entry);
        if (reached[other] !== g || nd < dist[other]) {
          reached[other] = g;
          dist[other] = nd;
          hops[other] = h + 1;
          parent[other] = node;
          heap.push(other, nd);
        }
      }
    }
    if (done[to] !== g) return null;
    const nodes = [to];
    for (let v = to; v !== from; ) {
      v = parent[v];
      nodes.push(v);
    }
    nodes.reverse();
    return { nodes, cost: dist[to] };
  }

  /**
   * Bidirectional Dijkstra by evidence cost: both ends grow (the smaller queue first) until the two
   * smallest tentative costs add up to the best meeting found, which then is the exact cheapest path.
   */
  function byCostBidirectional(from: number, to: number, c: Constraints<number>): RawPath<number> | null {
    if (from === to) return { nodes: [from], cost: 0 };
    const g = block(c);
    const { seenF, seenB, doneF, doneB, parentF, parentB, dist: distF, distB, blocked } = scratch;
    const heapF = new MinHeap<number>();
    const heapB = new MinHeap<number>();
    seenF[from] = g;
    distF[from] = 0;
    parentF[from] = -1;
    heapF.push(from, 0);
    seenB[to] = g;
    distB[to] = 0;
    parentB[to] = -1;
    heapB.push(to, 0);
    let best = Infinity;
    let meet = -1;
    const counter = { n: 0 };
    const hopsBlocked = c.blockedHops.size > 0;
    while (heapF.size && heapB.size) {
      if ((heapF.peekKey() as number) + (heapB.peekKey() as number) >= best) break;
      const forward = heapF.size <= heapB.size;
      const heap = forward ? heapF : heapB;
      const node = heap.pop() as number;
      const done = forward ? doneF : doneB;
      if (done[node] === g) continue;
      done[node] = g;
      const mine = forward ? seenF : seenB;
      const theirs = forward ? seenB : seenF;
      const dist = forward ? distF : distB;
      const other_ = forward ? distB : distF;
      const parent = forward ? parentF : parentB;
      const d = dist[node];
      const segments = segmentsOf(node, forward);
      for (const [first, end] of segments) {
        for (let entry = first; entry < end; entry++) {
          if (!usable(entry)) continue;
          const next = neighbor[entry];
          if (done[next] === g || blocked[next] === g) continue;
          if (hopsBlocked && c.blockedHops.has(forward ? node * n + next : next * n + node)) continue;
          checkClock(c, counter);
          const nd = d + hopCostOf(entry);
          if (mine[next] !== g || nd < dist[next]) {
            mine[next] = g;
            dist[next] = nd;
            parent[next] = node;
            heap.push(next, nd);
            if (theirs[next] === g && nd + other_[next] < best) {
              best = nd + other_[next];
              meet = next;
            }
          }
        }
      }
    }
    if (meet === -1) return null;
    const nodes: number[] = [];
    for (let v = meet; v !== -1; v = parentF[v]) nodes.push(v);
    nodes.reverse();
    for (let v = parentB[meet]; v !== -1; v = parentB[v]) nodes.push(v);
    return { nodes, cost: best };
  }

  /** The exact cheapest path when it fits in the hop limit; otherwise the hop-capped search's answer. */
  function byCost(from: number, to: number, c: Constraints<number>): RawPath<number> | null {
    const cheapest = byCostBidirectional(from, to, c);
    if (!cheapest || cheapest.nodes.length - 1 <= c.maxHops) return cheapest;
    return byCostCapped(from, to, c);
  }

  return {
    shortest: weighted ? byCost : byHops,
    hopKey: (a, b) => a * n + b,
    hopCost(a, b) {
      let best = Infinity;
      for (let entry = any ? start[a] : outStart[a]; entry < start[a + 1]; entry++)
        if (neighbor[entry] === b && usable(entry)) best = Math.min(best, hopCostOf(entry));
      return best;
    },
  };
}

/* ---------- entry points ---------- */

/** Finds the k best loopless paths from `from` to `to` in the filtered view (Yen's algorithm over the CSR index). */
/** What path search reads of a dataset; without `sources` every source counts as B in the cost. */
export type PathDataset = Pick<Dataset, "graph" | "vocabulary"> & { sources?: readonly SourceEntry[] };

/** Finds the k best loopless paths from `from` to `to` in the filtered view (Yen's algorithm over the CSR index). */
export function findPaths(dataset: PathDataset, query: PathQuery, now: () => number = Date.now): PathResult {
  const { k, maxLength, direction, weighted } = checkQuery(dataset, query);
  const { graph } = dataset;
  const predicates = viewPredicates(dataset, query);
  const deadline = now() + pathBounds.timeBudgetMs;
  const { from, to } = query;
  if (!endpointsVisible(graph, predicates, from, to) || from === to) return { paths: [], truncated: false };

  const reliability = dataset.sources ? memoReliabilityIndex(dataset.sources) : undefined;
  const ix = pathIndexFor(graph, reliability);
  const space = csrSpace(ix, compileFilters(ix, query, predicates), direction, weighted);
  const { accepted, truncated } = yen(space, ix.index.get(from) as number, ix.index.get(to) as number, k, maxLength, deadline, now);
  const walker = makeWalker(graph, predicates, direction, weighted, reliability ?? neutralReliability);
  return {
    paths: accepted.map((p) => describePath(graph, walker, { nodes: p.nodes.map((v) => ix.keys[v]), cost: p.cost })),
    truncated,
  };
}

/**
 * The same search through graphology callbacks, without an index: the readable specification `findPaths`
 * must match, kept for tests and for one-off queries on graphs not worth indexing.
 */
export function findPathsReference(dataset: PathDataset, query: PathQuery, now: () => number = Date.now): PathResult {
  const { k, maxLength, direction, weighted } = checkQuery(dataset, query);
  const { graph } = dataset;
  const predicates = viewPredicates(dataset, query);
  const reliability = dataset.sources ? memoReliabilityIndex(dataset.sources) : undefined;
  const walker = makeWalker(graph, predicates, direction, weighted, reliability ?? neutralReliability);
  const deadline = now() + pathBounds.timeBudgetMs;
  const { from, to } = query;
  if (!endpointsVisible(graph, predicates, from, to) || from === to) return { paths: [], truncated: false };
  const { accepted, truncated } = yen(walkerSpace(walker, weighted), from, to, k, maxLength, deadline, now);
  return { paths: accepted.map((p) => describePath(graph, walker, p)), truncated };
}

function endpointsVisible(graph: ActorGraph, predicates: ViewPredicates, from: string, to: string): boolean {
  return predicates.isIdentity || (predicates.node(from, graph.getNodeAttributes(from)) && predicates.node(to, graph.getNodeAttributes(to)));
}

function checkQuery(dataset: Pick<Dataset, "graph">, query: PathQuery) {
  const { graph } = dataset;
  const k = query.k ?? 3;
  const maxLength = query.maxLength ?? pathBounds.defaultLength;
  const direction = query.direction ?? "any";
  if (!Number.isInteger(k) || k < 1 || k > pathBounds.maxK)
    throw new AppError("BAD_PARAM", `k: expected an integer from 1 to ${pathBounds.maxK}`, { param: "k" });
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > pathBounds.maxLength)
    throw new AppError("BAD_PARAM", `maxLength: expected an integer from 1 to ${pathBounds.maxLength}`, { param: "maxLength" });
  if (direction !== "any" && direction !== "forward")
    throw new AppError("BAD_PARAM", "direction: expected any or forward", { param: "direction" });
  for (const end of ["from", "to"] as const) {
    const id = query[end];
    if (typeof id !== "string" || !id) throw new AppError("BAD_PARAM", `${end}: a node id is required`, { param: end });
    if (!graph.hasNode(id)) throw new AppError("NODE_NOT_FOUND", `${end}: no node has id "${id}"`, { param: end, id });
  }
  return { k, maxLength, direction, weighted: Boolean(query.weighted) };
}

/** Picks, for each hop, the cheapest usable edge (reported before assessed before speculative). */
function describePath(graph: ActorGraph, walker: Walker, raw: RawPath<string>): FoundPath {
  const edges: PathEdge[] = [];
  let cost = 0;
  for (let i = 0; i < raw.nodes.length - 1; i++) {
    const a = raw.nodes[i];
    const b = raw.nodes[i + 1];
    let best: { edge: string; attributes: EdgeAttributes; cost: number } | null = null;
    walker.between(a, b, (edge, _other, attributes) => {
      const c = walker.hopCost(attributes);
      const tie = evidenceCost(attributes, walker.reliability) - (best ? evidenceCost(best.attributes, walker.reliability) : Infinity);
      if (!best || c < best.cost || (c === best.cost && (tie < 0 || (tie === 0 && edge < best.edge)))) best = { edge, attributes, cost: c };
    });
    const chosen = best as unknown as { edge: string; attributes: EdgeAttributes; cost: number };
    cost += chosen.cost;
    edges.push({
      id: chosen.edge,
      source: graph.source(chosen.edge),
      target: graph.target(chosen.edge),
      ...citedRelation(chosen.attributes, walker.reliability),
    });
  }
  return { nodes: raw.nodes, edges, length: edges.length, cost: Math.round(cost * 1000) / 1000 };
}
