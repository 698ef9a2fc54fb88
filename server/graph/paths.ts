// k best loopless paths (Yen) over a filtered view, by hops or by evidence cost, with hard bounds on k, length and time.
import { AppError } from "../errors.js";
import { viewPredicates, type GraphFilters, type ViewPredicates } from "./filters.js";
import { MinHeap } from "./heap.js";
import type { ActorGraph, Confidence, Dataset, EdgeAttributes, Evidence } from "./types.js";

export const pathBounds = { maxK: 10, maxLength: 8, defaultLength: 6, timeBudgetMs: 2_000 } as const;

/**
 * Evidence cost of one hop when `weighted`: a reported relation costs 1, an assessed one 2 and a
 * speculative one 4, so a path through two reported links beats one speculative shortcut.
 * Each extra independent citation lowers the cost by 10% (at most 30%).
 */
export const confidenceCost: Record<Confidence, number> = { reported: 1, assessed: 2, speculative: 4 };

export function evidenceCost(attributes: EdgeAttributes): number {
  const base = confidenceCost[attributes.confidence] ?? 4;
  const extra = Math.min(3, Math.max(0, (attributes.evidence?.length ?? 1) - 1));
  return base * (1 - 0.1 * extra);
}

export type PathDirection = "any" | "forward";

export interface PathQuery extends GraphFilters {
  from: string;
  to: string;
  k?: number;
  weighted?: boolean;
  direction?: PathDirection;
  maxLength?: number;
}

export interface PathEdge {
  id: string;
  source: string;
  target: string;
  relation: string;
  confidence: Confidence;
  since?: string;
  until?: string;
  evidence: Evidence[];
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
  hopCost(attributes: EdgeAttributes): number;
}

function makeWalker(graph: ActorGraph, predicates: ViewPredicates, direction: PathDirection, weighted: boolean): Walker {
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
    hopCost: weighted ? evidenceCost : () => 1,
  };
}

interface Constraints {
  blockedNodes: Set<string>;
  /** Hops `a\0b` (in path order) that a spur path may not take. */
  blockedHops: Set<string>;
  maxHops: number;
  deadline: number;
  now: () => number;
}

interface RawPath {
  nodes: string[];
  cost: number;
}

const hopKey = (a: string, b: string) => `${a}\0${b}`;

class TimeUp extends Error {}

function checkClock(c: Constraints, counter: { n: number }): void {
  if ((++counter.n & 1023) === 0 && c.now() > c.deadline) throw new TimeUp();
}

/** Bidirectional BFS by hop count; the side with the smaller frontier grows first. */
function shortestByHops(walker: Walker, from: string, to: string, c: Constraints): RawPath | null {
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
function shortestByCost(walker: Walker, from: string, to: string, c: Constraints): RawPath | null {
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

/** Finds the k best loopless paths from `from` to `to` in the filtered view (Yen's algorithm). */
export function findPaths(dataset: Pick<Dataset, "graph" | "vocabulary">, query: PathQuery, now: () => number = Date.now): PathResult {
  const { k, maxLength, direction, weighted } = checkQuery(dataset, query);
  const { graph } = dataset;
  const predicates = viewPredicates(dataset, query);
  const walker = makeWalker(graph, predicates, direction, weighted);
  const shortest = weighted ? shortestByCost : shortestByHops;
  const deadline = now() + pathBounds.timeBudgetMs;
  const { from, to } = query;

  const endpointsVisible =
    predicates.isIdentity || (predicates.node(from, graph.getNodeAttributes(from)) && predicates.node(to, graph.getNodeAttributes(to)));
  if (!endpointsVisible || from === to) return { paths: [], truncated: false };

  const hopCostOf = (a: string, b: string): number => {
    let best = Infinity;
    walker.expand(a, "forward", (_e, other, attributes) => {
      if (other === b) best = Math.min(best, walker.hopCost(attributes));
    });
    return best;
  };

  const accepted: RawPath[] = [];
  let truncated = false;
  try {
    const first = shortest(walker, from, to, { blockedNodes: new Set(), blockedHops: new Set(), maxHops: maxLength, deadline, now });
    if (first) accepted.push(first);
    const candidates = new MinHeap<RawPath>();
    const seen = new Set<string>(first ? [first.nodes.join("\0")] : []);
    while (accepted.length > 0 && accepted.length < k) {
      const previous = accepted[accepted.length - 1];
      let rootCost = 0;
      for (let i = 0; i < previous.nodes.length - 1; i++) {
        const spurNode = previous.nodes[i];
        const root = previous.nodes.slice(0, i + 1);
        const blockedHops = new Set<string>();
        for (const p of accepted) {
          if (p.nodes.length > i + 1 && root.every((n, j) => p.nodes[j] === n)) blockedHops.add(hopKey(p.nodes[i], p.nodes[i + 1]));
        }
        const spur = shortest(walker, spurNode, to, {
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
        rootCost += hopCostOf(previous.nodes[i], previous.nodes[i + 1]);
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

  return { paths: accepted.map((p) => describePath(graph, walker, p)), truncated };
}

/** Picks, for each hop, the cheapest usable edge (reported before assessed before speculative). */
function describePath(graph: ActorGraph, walker: Walker, raw: RawPath): FoundPath {
  const edges: PathEdge[] = [];
  let cost = 0;
  for (let i = 0; i < raw.nodes.length - 1; i++) {
    const a = raw.nodes[i];
    const b = raw.nodes[i + 1];
    let best: { edge: string; attributes: EdgeAttributes; cost: number } | null = null;
    walker.expand(a, "forward", (edge, other, attributes) => {
      if (other !== b) return;
      const c = walker.hopCost(attributes);
      const tie = evidenceCost(attributes) - (best ? evidenceCost(best.attributes) : Infinity);
      if (!best || c < best.cost || (c === best.cost && (tie < 0 || (tie === 0 && edge < best.edge)))) best = { edge, attributes, cost: c };
    });
    const chosen = best as unknown as { edge: string; attributes: EdgeAttributes; cost: number };
    cost += chosen.cost;
    const { relation, confidence, since, until, evidence } = chosen.attributes;
    edges.push({
      id: chosen.edge,
      source: graph.source(chosen.edge),
      target: graph.target(chosen.edge),
      relation,
      confidence,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      evidence,
    });
  }
  return { nodes: raw.nodes, edges, length: edges.length, cost: Math.round(cost * 1000) / 1000 };
}
