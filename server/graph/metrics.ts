// Node metrics computed once at load with the graphology standard library: degree, PageRank, betweenness, Louvain communities.
import Graph from "graphology";
import pagerank from "graphology-metrics/centrality/pagerank.js";
import betweenness from "graphology-metrics/centrality/betweenness.js";
import louvain from "graphology-communities-louvain";
import { seededRandom } from "./random.js";
import type { ActorGraph } from "./types.js";

export interface NodeMetrics {
  degree: number;
  pagerank: number;
  betweenness: number;
  community: number;
}

/** Above this many nodes exact betweenness (O(n·m)) would stall start-up, so it is left at 0 and said so. */
export const betweennessNodeLimit = 20_000;

/**
 * Louvain and betweenness need a simple undirected graph: collapse parallel and opposite edges
 * into one weighted link, since for brokerage and clustering any relation ties two actors.
 */
export function undirectedProjection(graph: ActorGraph): Graph {
  const simple = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  graph.forEachNode((n) => simple.addNode(n));
  graph.forEachEdge((_e, _a, s, t) => {
    if (s === t) return;
    simple.updateUndirectedEdge(s, t, (attr) => ({ weight: ((attr.weight as number | undefined) ?? 0) + 1 }));
  });
  return simple;
}

export function computeMetrics(graph: ActorGraph, seed = 42): { metrics: Map<string, NodeMetrics>; betweennessComputed: boolean } {
  const metrics = new Map<string, NodeMetrics>();
  if (graph.order === 0) return { metrics, betweennessComputed: true };
  const simple = undirectedProjection(graph);
  const ranks = pagerank(graph, { getEdgeWeight: null });
  const betweennessComputed = graph.order <= betweennessNodeLimit;
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
