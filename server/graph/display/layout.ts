// Deterministic layout: seeded initial positions, ForceAtlas2 (Barnes-Hut on big graphs), then noverlap.
import { createRequire } from "node:module";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import Graph from "graphology";
import { seededRandom } from "./random.js";
import type { ActorGraph } from "../model/types.js";

export interface Position {
  x: number;
  y: number;
}

export interface LayoutOptions {
  seed?: number;
  iterations?: number;
  /**
   * Community of each node (as computed by the metrics). On large graphs (over `largeLayoutOrder` nodes)
   * nodes start near their community's centre instead of uniformly at random, so the few iterations
   * affordable there show clusters rather than a uniform disc. Ignored on smaller graphs.
   */
  communityOf?: (node: string) => number;
}

/** Above this many nodes the layout runs in its "large" mode: community seeding, coarser Barnes-Hut, no noverlap. */
export const largeLayoutOrder = 20_000;

/**
 * Iterations scale down with size so a million-edge start stays within budget. Above 10k nodes each iteration
 * costs about (nodes + edges): 40 iterations up to half a million of those, 15 beyond (about 8 s for 100k nodes
 * and 1M edges on one core; the result is cached on disk, see server/graph/io/cache.ts).
 */
export function defaultIterations(order: number, size = 0): number {
  if (order <= 1_000) return 500;
  if (order <= 10_000) return 150;
  if (order + size <= 500_000) return 40;
  return 15;
}

/**
 * Barnes-Hut accuracy: the default θ = 0.5 below `largeLayoutOrder` nodes; above it θ = 1.0, which measured
 * about 3x faster per iteration on 100k nodes / 1M edges for a picture that differs little at this zoom.
 */
export function barnesHutTheta(order: number): number {
  return order > largeLayoutOrder ? 1.0 : 0.5;
}

// The library's own iteration step and defaults (CommonJS files without typings).
const require = createRequire(import.meta.url);
const iterateForceAtlas2 = require("graphology-layout-forceatlas2/iterate.js") as (
  settings: Record<string, unknown>,
  nodes: Float32Array,
  edges: Float32Array,
) => void;
const forceAtlas2Defaults = require("graphology-layout-forceatlas2/defaults.js") as Record<string, unknown>;

// Layout of graphology-layout-forceatlas2's flat matrices (see its helpers.graphToByteArrays).
const PPN = 10;
const PPE = 3;

/**
 * Positions for every node, rounded to 1/1000. Feeds ForceAtlas2's typed matrices directly rather than
 * building a throw-away graphology copy (which cost seconds on a million edges); on graphs up to
 * `largeLayoutOrder` nodes the result is bit-for-bit what `forceAtlas2.assign` on such a copy gives.
 */
export function computeLayout(graph: ActorGraph, options: LayoutOptions = {}): Map<string, Position> {
  const rng = seededRandom(options.seed ?? 7);
  const order = graph.order;
  const spread = Math.sqrt(Math.max(1, order)) * 10;
  const keys: string[] = new Array(order);
  const index = new Map<string, number>();
  const nodes = new Float32Array(order * PPN);
  const large = order > largeLayoutOrder && options.communityOf !== undefined;
  const seedOf = large ? communitySeeds(graph, options.communityOf as (node: string) => number, spread) : null;

  let i = 0;
  graph.forEachNode((node) => {
    keys[i] = node;
    index.set(node, i);
    const j = i * PPN;
    let x = (rng() - 0.5) * spread;
    let y = (rng() - 0.5) * spread;
    if (seedOf) {
      const seed = seedOf(node);
      x = seed.x + x * seed.radius / spread;
      y = seed.y + y * seed.radius / spread;
    }
    nodes[j] = x;
    nodes[j + 1] = y;
    nodes[j + 6] = 1; // mass: 1 + weighted degree
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = 1; // size
    i++;
  });

  // Self-loops carry no force and were never part of the layout graph.
  let loops = 0;
  graph.forEachEdge((_e, _a, s, t) => {
    if (s === t) loops++;
  });
  const edges = new Float32Array((graph.size - loops) * PPE);
  let e = 0;
  graph.forEachEdge((_e, _a, s, t) => {
    if (s === t) return;
    const a = (index.get(s) as number) * PPN;
    const b = (index.get(t) as number) * PPN;
    nodes[a + 6] += 1;
    nodes[b + 6] += 1;
    edges[e] = a;
    edges[e + 1] = b;
    edges[e + 2] = 1;
    e += PPE;
  });

  if (order > 1) {
    const settings = {
      ...forceAtlas2Defaults,
      ...forceAtlas2.inferSettings(order),
      barnesHutOptimize: order > 2_000,
      barnesHutTheta: barnesHutTheta(order),
      gravity: 1,
      scalingRatio: 10,
    };
    const iterations = options.iterations ?? defaultIterations(order, edges.length / PPE);
    for (let n = 0; n < iterations; n++) iterateForceAtlas2(settings, nodes, edges);
  }

  const positions = new Map<string, Position>();
  if (order > 1 && order <= largeLayoutOrder) {
    // noverlap only looks at nodes (x, y, size), so a node-only graph is enough.
    const work = new Graph({ type: "mixed", multi: true });
    for (let n = 0; n < order; n++) work.addNode(keys[n], { x: nodes[n * PPN], y: nodes[n * PPN + 1], size: 1 });
    noverlap.assign(work, { maxIterations: 100, settings: { margin: 2, ratio: 1.2 } });
    work.forEachNode((n, a) => positions.set(n, { x: round(a.x as number), y: round(a.y as number) }));
  } else {
    for (let n = 0; n < order; n++) positions.set(keys[n], { x: round(nodes[n * PPN]), y: round(nodes[n * PPN + 1]) });
  }
  return positions;
}

/**
 * Centres for each community on a sunflower spiral, biggest first, each given a disc whose area follows its size,
 * so that the initial picture already separates clusters.
 */
function communitySeeds(graph: ActorGraph, communityOf: (node: string) => number, spread: number) {
  const sizes = new Map<number, number>();
  graph.forEachNode((node) => {
    const c = communityOf(node);
    sizes.set(c, (sizes.get(c) ?? 0) + 1);
  });
  const ranked = [...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const total = Math.max(1, graph.order);
  const golden = Math.PI * (3 - Math.sqrt(5));
  const centres = new Map<number, { x: number; y: number; radius: number }>();
  let covered = 0;
  ranked.forEach(([community, size], rank) => {
    // Place by cumulative area so that big communities sit in the middle and none overlap much.
    const r = (spread / 2) * Math.sqrt((covered + size / 2) / total);
    covered += size;
    const angle = rank * golden;
    centres.set(community, { x: r * Math.cos(angle), y: r * Math.sin(angle), radius: (spread / 2) * Math.sqrt(size / total) });
  });
  return (node: string) => centres.get(communityOf(node)) as { x: number; y: number; radius: number };
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0;
}
