import { describe, expect, it } from "vitest";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import louvain from "graphology-communities-louvain";
import { computeLayout } from "../../server/graph/display/layout.js";
import { projectUndirected, projectionView, undirectedProjection } from "../../server/graph/display/metrics.js";
import { seededRandom } from "../../server/graph/display/random.js";
import type { ActorGraph } from "../../server/graph/model/types.js";

function randomGraph(seed: number, n: number, m: number): ActorGraph {
  const rnd = seededRandom(seed);
  const g = new Graph({ type: "mixed", multi: true, allowSelfLoops: true });
  for (let i = 0; i < n; i++) g.addNode(i % 7 === 0 ? String(i) : `v${i}`);
  const keys = g.nodes();
  for (let i = 0; i < m; i++) {
    const s = keys[Math.floor(rnd() * n)];
    const t = keys[Math.floor(Math.pow(rnd(), 2) * n)];
    if (i % 3 === 0) g.addUndirectedEdge(s, t);
    else g.addDirectedEdge(s, t);
  }
  return g as unknown as ActorGraph;
}

/** What computeLayout did before it fed ForceAtlas2's matrices directly: the same steps on a graphology copy. */
function referenceLayout(graph: ActorGraph) {
  const rng = seededRandom(7);
  const work = new Graph({ type: "mixed", multi: true });
  const spread = Math.sqrt(Math.max(1, graph.order)) * 10;
  graph.forEachNode((n) => work.addNode(n, { x: (rng() - 0.5) * spread, y: (rng() - 0.5) * spread, size: 1 }));
  graph.forEachEdge((_e, _a, s, t, _sa, _ta, undirected) => {
    if (s === t) return;
    if (undirected) work.addUndirectedEdge(s, t);
    else work.addDirectedEdge(s, t);
  });
  const order = work.order;
  if (order > 1) {
    forceAtlas2.assign(work, {
      iterations: order <= 1_000 ? 500 : 150,
      settings: { ...forceAtlas2.inferSettings(work), barnesHutOptimize: order > 2_000, gravity: 1, scalingRatio: 10 },
      getEdgeWeight: null,
    });
    noverlap.assign(work, { maxIterations: 100, settings: { margin: 2, ratio: 1.2 } });
  }
  const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : 0);
  const out = new Map<string, { x: number; y: number }>();
  work.forEachNode((n, a) => out.set(n, { x: round(a.x as number), y: round(a.y as number) }));
  return out;
}

describe("layout on ForceAtlas2's matrices", () => {
  it.each([
    [1, 60, 150],
    [2, 2500, 6000],
  ])("should give bit-for-bit the positions of the graphology-copy layout (seed %i, %i nodes)", (seed, n, m) => {
    const graph = randomGraph(seed, n, m);
    expect(computeLayout(graph)).toEqual(referenceLayout(graph));
  });

  it("should be deterministic on a large graph, with community seeding", () => {
    const graph = randomGraph(3, 20_500, 30_000);
    const communityOf = (node: string) => node.length % 5;
    const a = computeLayout(graph, { iterations: 2, communityOf });
    const b = computeLayout(graph, { iterations: 2, communityOf });
    expect(a).toEqual(b);
    expect([...a.values()].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  });
});

describe("undirected projection for Louvain", () => {
  it("should collapse parallel and opposite edges into weighted links in first-seen order", () => {
    const g = new Graph({ type: "mixed", multi: true, allowSelfLoops: true }) as unknown as ActorGraph;
    for (const n of ["a", "b", "c"]) g.addNode(n, {} as never);
    g.addDirectedEdge("a", "b", {} as never);
    g.addDirectedEdge("b", "a", {} as never);
    g.addUndirectedEdge("c", "b", {} as never);
    g.addDirectedEdge("a", "a", {} as never);
    const p = projectUndirected(g);
    expect([...p.source].map((i) => p.keys[i])).toEqual(["a", "c"]);
    expect([...p.target].map((i) => p.keys[i])).toEqual(["b", "b"]);
    expect([...p.weight]).toEqual([2, 1]);
    const simple = undirectedProjection(g);
    expect(simple.edges().map((e) => [simple.source(e), simple.target(e), simple.getEdgeAttribute(e, "weight")])).toEqual([
      ["a", "b", 2],
      ["c", "b", 1],
    ]);
  });

  it.each([1, 2, 3])("should give Louvain exactly the communities of the real projection (seed %i)", (seed) => {
    const graph = randomGraph(seed, 400, 1500);
    const real = louvain(undirectedProjection(graph), { rng: seededRandom(42), getEdgeWeight: "weight" });
    const viaView = louvain(projectionView(projectUndirected(graph)), { rng: seededRandom(42), getEdgeWeight: "weight" });
    expect(viaView).toEqual(real);
  });
});
