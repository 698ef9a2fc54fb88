import { describe, expect, it } from "vitest";
import Graph from "graphology";
import { memoReliabilityIndex } from "../../server/graph/model/grades.js";
import { buildPathIndex, evidenceCost, findPaths, findPathsReference, pathIndexFor, type PathQuery, type PathResult } from "../../server/graph/query/paths.js";
import { seededRandom } from "../../server/graph/display/random.js";
import type { ActorGraph, Confidence, Dataset } from "../../server/graph/model/types.js";
import { routesDataset, vocabulary } from "../fixtures/graphs.js";

const relations = vocabulary.relations.slice(0, 8);
const kinds = ["group", "state", "person", "attack"];
const levels: Confidence[] = ["reported", "assessed", "speculative"];
/** Dates that meet at interval boundaries, so that an off-by-one in the as-of checks shows. */
const dates = ["2005", "2010", "2010-12", "2010-12-31", "2011-01-01", "2015-06", "2015-06-15", "2019"];

/**
 * A random mixed multigraph with everything the filters and costs look at: kinds, node dates, directed and
 * symmetric relations, confidence, 1-5 citations, since/until, parallel edges, self-loops and integer-like keys
 * (which graphology iterates before the others).
 */
function randomDataset(seed: number): Dataset {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const n = 5 + Math.floor(rnd() * 40);
  const m = Math.floor(rnd() * n * 4);
  const g = new Graph({ type: "mixed", multi: true, allowSelfLoops: true });
  for (let i = 0; i < n; i++) {
    const attributes: Record<string, unknown> = { label: `N${i}`, kind: pick(kinds), aliases: [], description: "x", evidence: [] };
    if (rnd() < 0.3) attributes.date = pick(dates);
    g.addNode(rnd() < 0.2 ? String(i) : `n${i}`, attributes);
  }
  const keys = g.nodes();
  for (let i = 0; i < m; i++) {
    const a = pick(keys);
    const b = rnd() < 0.05 ? a : pick(keys);
    const relation = pick(relations);
    const evidence = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => ({ source: "S1", locator: "P1", claim: "c" }));
    const attributes: Record<string, unknown> = { relation: relation.id, confidence: pick(levels), evidence };
    if (rnd() < 0.3) attributes.since = pick(dates);
    if (rnd() < 0.2) attributes.until = pick(dates);
    if (relation.directed) g.addDirectedEdgeWithKey(`e${i}`, a, b, attributes);
    else g.addUndirectedEdgeWithKey(`e${i}`, a, b, attributes);
  }
  return { graph: g as unknown as ActorGraph, vocabulary, sources: [], dataVersion: `random${seed}`, origin: "test" };
}

function randomQuery(seed: number, graph: ActorGraph): PathQuery {
  const rnd = seededRandom(seed * 7919);
  const keys = graph.nodes();
  const query: PathQuery = {
    from: keys[Math.floor(rnd() * keys.length)],
    to: keys[Math.floor(rnd() * keys.length)],
    k: 1 + Math.floor(rnd() * 10),
    weighted: rnd() < 0.5,
    direction: rnd() < 0.5 ? "any" : "forward",
    maxLength: 1 + Math.floor(rnd() * 8),
  };
  if (rnd() < 0.3) query.relations = relations.slice(0, 4).map((r) => r.id).filter(() => rnd() < 0.6);
  if (rnd() < 0.3) query.minConfidence = levels[Math.floor(rnd() * 3)];
  if (rnd() < 0.3) query.asOf = dates[Math.floor(rnd() * dates.length)];
  if (rnd() < 0.3) query.kinds = kinds.filter(() => rnd() < 0.7);
  return query;
}

/**
 * Hop-count answers must match the reference exactly. Weighted answers come from a bidirectional search,
 * which may break ties between equally cheap paths differently: their costs must match in order, and each
 * path must be loopless with a cost equal to the sum of its hops.
 */
function expectSameAnswer(actual: PathResult, reference: PathResult, label: string, weighted: boolean | undefined, sources: Dataset["sources"] = []): void {
  if (!weighted) {
    expect(actual, label).toEqual(reference);
    return;
  }
  expect(actual.truncated, label).toBe(reference.truncated);
  expect(actual.paths.map((p) => p.cost), label).toEqual(reference.paths.map((p) => p.cost));
  for (const p of actual.paths) {
    expect(new Set(p.nodes).size, label).toBe(p.nodes.length);
    const sum = p.edges.reduce((total, e) => total + evidenceCost({ relation: e.relation, confidence: e.confidence, evidence: e.evidence }, memoReliabilityIndex(sources)), 0);
    expect(p.cost, label).toBeCloseTo(sum, 6);
  }
}

describe("path search on the CSR index", () => {
  it("should return exactly the reference search's paths, costs and order on random graphs", () => {
    let compared = 0;
    let found = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const ds = randomDataset(seed);
      for (let q = 0; q < 4; q++) {
        const query = randomQuery(seed * 10 + q, ds.graph);
        const csr = findPaths(ds, query);
        expectSameAnswer(csr, findPathsReference(ds, query), `seed ${seed} query ${JSON.stringify(query)}`, query.weighted);
        compared++;
        if (csr.paths.length) found++;
      }
    }
    expect(compared).toBe(600);
    expect(found).toBeGreaterThan(150);
  });

  it("should agree with the reference on the fixture routes for every direction, weighting and filter", () => {
    const ds = routesDataset();
    for (const from of ["a", "b", "d", "x"])
      for (const to of ["a", "c", "d", "x", "y"])
        for (const weighted of [false, true])
          for (const direction of ["any", "forward"] as const)
            for (const filters of [{}, { asOf: "2012" }, { minConfidence: "assessed" as const }, { relations: ["allied-with"] }]) {
              const query = { from, to, k: 4, weighted, direction, ...filters };
              expectSameAnswer(findPaths(ds, query), findPathsReference(ds, query), JSON.stringify(query), weighted, ds.sources);
            }
  });

  it("should list each node's edges as graphology does (in, out, undirected) without self-loops", () => {
    const ds = routesDataset();
    const ix = buildPathIndex(ds.graph);
    const a = ix.index.get("a") as number;
    const neighbours = (from: number, to: number) => Array.from(ix.neighbor.subarray(from, to), (v) => ix.keys[v]);
    expect(neighbours(ix.start[a], ix.outStart[a])).toEqual([]);
    expect(neighbours(ix.outStart[a], ix.undStart[a])).toEqual(["b", "e"]);
    expect(neighbours(ix.undStart[a], ix.start[a + 1])).toEqual(["b"]);
    const d = ix.index.get("d") as number;
    expect(neighbours(ix.start[d], ix.outStart[d])).toEqual(["e"]);
  });

  it("should build the index once per graph and rebuild it after the graph changes", () => {
    const ds = routesDataset();
    const first = pathIndexFor(ds.graph);
    expect(pathIndexFor(ds.graph)).toBe(first);
    expect(findPaths(ds, { from: "a", to: "y" }).paths).toEqual([]);
    ds.graph.addUndirectedEdgeWithKey("dy", "d", "y", { relation: "allied-with", confidence: "reported", evidence: [{ source: "S1", locator: "P2", claim: "d y" }] });
    expect(pathIndexFor(ds.graph)).not.toBe(first);
    expect(findPaths(ds, { from: "a", to: "y", k: 1 }).paths[0].nodes).toEqual(["a", "e", "d", "y"]);
    ds.graph.setEdgeAttribute("dy", "confidence", "speculative");
    expect(findPaths(ds, { from: "a", to: "y", k: 1, minConfidence: "assessed" }).paths).toEqual([]);
  });

  it("should be built by the store at start", async () => {
    const { createStore } = await import("../../server/store.js");
    const ds = routesDataset();
    const store = createStore(ds, "/nonexistent-snapshots");
    const built = pathIndexFor(ds.graph);
    expect(store.timings.pathIndex).toBeGreaterThanOrEqual(0);
    expect(pathIndexFor(store.dataset.graph)).toBe(built);
  });
});
