// Node metrics computed once at load with the graphology standard library: degree, PageRank, betweenness, Louvain communities.
import Graph from "graphology";
import pagerank from "graphology-metrics/centrality/pagerank.js";
import betweenness from "graphology-metrics/centrality/betweenness.js";
import louvain from "graphology-communities-louvain";
import { seededRandom } from "./random.js";
import type { ActorGraph } from "../model/types.js";

export interface NodeMetrics {
  degree: number;
  pagerank: number;
  betweenness: number;
  community: number;
}

/** Above this many nodes exact betweenness (O(n·m)) would stall start-up, so it is left at 0 and said so. */
export const betweennessNodeLimit = 20_000;

/** What /api/health says about betweenness. */
export function betweennessStatus(computed: boolean): string {
  return computed ? "exact" : `skipped above ${betweennessNodeLimit} nodes`;
}

/**
 * The simple undirected projection as flat arrays: one link per unordered pair of distinct nodes, in the order
 * the pair first appears among the graph's edges, oriented as that first edge, weighted by how many edges join it.
 */
export interface Projection {
  keys: string[];
  /** Index of each node key in `keys` (graph order). */
  source: Uint32Array;
  target: Uint32Array;
  weight: Float64Array;
  degree: Uint32Array;
}

export function projectUndirected(graph: ActorGraph): Projection {
  const keys: string[] = new Array(graph.order);
  const index = new Map<string, number>();
  let i = 0;
  graph.forEachNode((node) => {
    keys[i] = node;
    index.set(node, i++);
  });
  const n = keys.length;
  const pairs = new Map<number, number>();
  const source = new Uint32Array(graph.size);
  const target = new Uint32Array(graph.size);
  const weight = new Float64Array(graph.size);
  const degree = new Uint32Array(n);
  let links = 0;
  graph.forEachEdge((_e, _a, s, t) => {
    if (s === t) return;
    const a = index.get(s) as number;
    const b = index.get(t) as number;
    // n ≤ 2^26 keeps a·n + b an exact double.
    const pair = a < b ? a * n + b : b * n + a;
    const seen = pairs.get(pair);
    if (seen !== undefined) {
      weight[seen] += 1;
      return;
    }
    pairs.set(pair, links);
    source[links] = a;
    target[links] = b;
    weight[links] = 1;
    degree[a]++;
    degree[b]++;
    links++;
  });
  return { keys, source: source.subarray(0, links), target: target.subarray(0, links), weight: weight.subarray(0, links), degree };
}

/**
 * Louvain and betweenness need a simple undirected graph: collapse parallel and opposite edges
 * into one weighted link, since for brokerage and clustering any relation ties two actors.
 */
export function undirectedProjection(graph: ActorGraph): Graph {
  return projectionGraph(projectUndirected(graph));
}

function projectionGraph(p: Projection): Graph {
  const simple = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  for (const key of p.keys) simple.addNode(key);
  for (let e = 0; e < p.source.length; e++) simple.addUndirectedEdge(p.keys[p.source[e]], p.keys[p.target[e]], { weight: p.weight[e] });
  return simple;
}

/**
 * A read-only stand-in for `undirectedProjection(graph)` that Louvain can consume without a million
 * graphology edges being built (seconds and hundreds of MB at that size). It answers exactly the calls
 * graphology-communities-louvain 2.x and its index make, in the same order as the real projection,
 * so communities are identical (tests/unit/cache-metrics.test.ts compares both); any other call throws.
 */
export function projectionView(p: Projection): Graph {
  const index = new Map<string, number>();
  p.keys.forEach((k, i) => index.set(k, i));
  const unsupported = (name: string) => () => {
    throw new Error(`projectionView: ${name} is not supported (read-only Louvain input)`);
  };
  const view = {
    type: "undirected",
    multi: false,
    allowSelfLoops: false,
    order: p.keys.length,
    size: p.source.length,
    directedSize: 0,
    undirectedSize: p.source.length,
    selfLoopCount: 0,
    undirectedSelfLoopCount: 0,
    directedSelfLoopCount: 0,
    addUndirectedEdgeWithKey: unsupported("addUndirectedEdgeWithKey"),
    dropNode: unsupported("dropNode"),
    setNodeAttribute: unsupported("setNodeAttribute"),
    forEachNode(callback: (node: string, attributes: Record<string, unknown>) => void) {
      for (const key of p.keys) callback(key, {});
    },
    undirectedDegreeWithoutSelfLoops(node: string) {
      return p.degree[index.get(node) as number];
    },
    forEachEdge(callback: (...args: unknown[]) => void) {
      if (typeof callback !== "function") unsupported("forEachEdge(node, ...)")();
      const attributes = { weight: 0 };
      const empty = {};
      for (let e = 0; e < p.source.length; e++) {
        attributes.weight = p.weight[e];
        callback(`l${e}`, attributes, p.keys[p.source[e]], p.keys[p.target[e]], empty, empty, true);
      }
    },
  };
  return view as unknown as Graph;
}

export function computeMetrics(graph: ActorGraph, seed = 42): { metrics: Map<string, NodeMetrics>; betweennessComputed: boolean } {
  const metrics = new Map<string, NodeMetrics>();
  if (graph.order === 0) return { metrics, betweennessComputed: true };
  const projection = projectUndirected(graph);
  const ranks = pagerank(graph, { getEdgeWeight: null });
  const betweennessComputed = graph.order <= betweennessNodeLimit;
  // Small graphs get a real graphology projection (betweenness walks it); big ones only run Louvain, on the view.
  const simple = betweennessComputed ? projectionGraph(projection) : projectionView(projection);
  const between = betweennessComputed ? betweenness(simple, { normalized: true, getEdgeWeight: null }) : {};
  const communities = simple.size > 0 ? louvain(simple, { rng: seededRandom(seed), getEdgeWeight: "weight" }) : {};
  graph.forEachNode((node) => {
    metrics.set(node, {
      degree: graph.degree(node),
      pagerank: ranks[node] ?? 0,
      betweenness: between[node] ?? 0,
      community: communities[node] ?? 0,
    });
  });
  return { metrics, betweennessComputed };
}
