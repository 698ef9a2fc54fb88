// Deterministic layout: seeded initial positions, ForceAtlas2 (Barnes-Hut on big graphs), then noverlap.
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import Graph from "graphology";
import { seededRandom } from "./random.js";
import type { ActorGraph } from "./types.js";

export interface Position {
  x: number;
  y: number;
}

export interface LayoutOptions {
  seed?: number;
  iterations?: number;
}

/** Iterations scale down with size so a million-edge start stays within budget. */
export function defaultIterations(order: number): number {
  if (order <= 1_000) return 500;
  if (order <= 10_000) return 150;
  if (order <= 100_000) return 40;
  return 15;
}

export function computeLayout(graph: ActorGraph, options: LayoutOptions = {}): Map<string, Position> {
  const rng = seededRandom(options.seed ?? 7);
  // Work on a bare copy: the curated graph never receives rendering attributes.
  const work = new Graph({ type: "mixed", multi: true });
  const spread = Math.sqrt(Math.max(1, graph.order)) * 10;
  graph.forEachNode((n) => work.addNode(n, { x: (rng() - 0.5) * spread, y: (rng() - 0.5) * spread, size: 1 }));
  graph.forEachEdge((_e, _a, s, t, _sa, _ta, undirected) => {
    if (s === t) return;
    if (undirected) work.addUndirectedEdge(s, t);
    else work.addDirectedEdge(s, t);
  });
  const positions = new Map<string, Position>();
  if (work.order > 1) {
    const settings = forceAtlas2.inferSettings(work);
    forceAtlas2.assign(work, {
      iterations: options.iterations ?? defaultIterations(work.order),
      settings: { ...settings, barnesHutOptimize: work.order > 2_000, gravity: 1, scalingRatio: 10 },
      getEdgeWeight: null,
    });
    if (work.order <= 20_000) noverlap.assign(work, { maxIterations: 100, settings: { margin: 2, ratio: 1.2 } });
  }
  work.forEachNode((n, a) => positions.set(n, { x: round(a.x as number), y: round(a.y as number) }));
  return positions;
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0;
}
