import { describe, expect, it } from "vitest";
import { allSimpleEdgeGroupPaths } from "graphology-simple-path";
import { evidenceCost, findPaths } from "../../server/graph/query/paths.js";
import { randomDataset, routesDataset } from "../fixtures/graphs.js";

const nodesOf = (r: ReturnType<typeof findPaths>) => r.paths.map((p) => p.nodes.join(""));

describe("findPaths", () => {
  it("should find the fewest-hop path first", () => {
    const r = findPaths(routesDataset(), { from: "a", to: "d", k: 1 });
    expect(nodesOf(r)).toEqual(["aed"]);
    expect(r.paths[0].length).toBe(2);
    expect(r.paths[0].edges.map((e) => e.id)).toEqual(["ae", "ed"]);
  });

  it("should prefer well-evidenced hops when weighted", () => {
    const r = findPaths(routesDataset(), { from: "a", to: "d", k: 1, weighted: true });
    expect(nodesOf(r)).toEqual(["abcd"]);
    expect(r.paths[0].cost).toBe(3);
  });

  it("should list the k best loopless paths in order and no more than exist", () => {
    const r = findPaths(routesDataset(), { from: "a", to: "d", k: 5 });
    expect(nodesOf(r)).toEqual(["aed", "abcd"]);
  });

  it("should carry relation, confidence, dates and evidence on every hop", () => {
    const hop = findPaths(routesDataset(), { from: "a", to: "d", k: 2 }).paths[1].edges[0];
    expect(hop).toMatchObject({ id: "ab", relation: "allied-with", confidence: "reported", since: "2014" });
    expect(hop.evidence[0]).toMatchObject({ source: "S1", locator: "P19" });
  });

  it("should follow directed relations source to target only when direction is forward", () => {
    expect(nodesOf(findPaths(routesDataset(), { from: "d", to: "a", k: 3 }))).toEqual(["dea", "dcba"]);
    expect(nodesOf(findPaths(routesDataset(), { from: "d", to: "a", k: 3, direction: "forward" }))).toEqual(["dcba"]);
  });

  it("should apply relation, confidence and as-of filters", () => {
    const ds = routesDataset();
    expect(nodesOf(findPaths(ds, { from: "a", to: "d", k: 3, relations: ["allied-with"] }))).toEqual(["abcd"]);
    expect(nodesOf(findPaths(ds, { from: "a", to: "d", k: 3, minConfidence: "assessed" }))).toEqual(["abcd"]);
    expect(nodesOf(findPaths(ds, { from: "a", to: "d", k: 3, asOf: "2015" }))).toEqual(["aed"]);
  });

  it("should pick the parallel edge valid at the as-of date", () => {
    const r = findPaths(routesDataset(), { from: "a", to: "b", k: 1, asOf: "2012" });
    expect(r.paths[0].edges[0]).toMatchObject({ id: "ab-hostile", relation: "hostile-to" });
  });

  it("should return no paths when none exist, and respect maxLength", () => {
    expect(findPaths(routesDataset(), { from: "a", to: "y" }).paths).toEqual([]);
    expect(nodesOf(findPaths(routesDataset(), { from: "b", to: "x", k: 3, maxLength: 2 }))).toEqual([]);
    expect(nodesOf(findPaths(routesDataset(), { from: "b", to: "x", k: 3, maxLength: 3 }))).toEqual(["bcdx"]);
  });

  it("should refuse out-of-bounds k and maxLength and unknown nodes with stable codes", () => {
    const ds = routesDataset();
    expect(() => findPaths(ds, { from: "a", to: "d", k: 11 })).toThrow(expect.objectContaining({ code: "BAD_PARAM" }));
    expect(() => findPaths(ds, { from: "a", to: "d", maxLength: 9 })).toThrow(expect.objectContaining({ code: "BAD_PARAM" }));
    expect(() => findPaths(ds, { from: "a", to: "nobody" })).toThrow(expect.objectContaining({ code: "NODE_NOT_FOUND" }));
    expect(() => findPaths(ds, { from: "a", to: "d", relations: ["befriends"] })).toThrow(expect.objectContaining({ code: "BAD_PARAM" }));
  });

  it("should stop at its time budget and say the result is truncated", () => {
    let t = 0;
    const clock = () => (t += 1_000);
    const r = findPaths(randomDataset(3, 60, 240), { from: "n0", to: "n1", k: 10 }, clock);
    expect(r.truncated).toBe(true);
    expect(r.paths.length).toBeLessThan(10);
  });

  it("should agree with brute-force enumeration on random graphs", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const ds = randomDataset(seed, 14, 30);
      for (const [from, to] of [["n0", "n7"], ["n3", "n11"], ["n5", "n2"]]) {
        const brute = allSimpleEdgeGroupPaths(ds.graph, from, to, { maxDepth: 6 })
          .map((groups) => groups.length)
          .sort((x, y) => x - y)
          .slice(0, 5);
        // The reference walks outbound edges, i.e. direction "forward"; edge groups collapse parallel edges as Yen does.
        const found = findPaths(ds, { from, to, k: 5, maxLength: 6, direction: "forward" }).paths.map((p) => p.length);
        expect(found, `seed ${seed} ${from}→${to}`).toEqual(brute);
      }
    }
  });

  it("should find weighted paths whose cost no other route beats", () => {
    for (const seed of [7, 8, 9]) {
      const ds = randomDataset(seed, 12, 28);
      const best = findPaths(ds, { from: "n0", to: "n6", k: 1, weighted: true, maxLength: 8, direction: "forward" }).paths[0];
      const routes = allSimpleEdgeGroupPaths(ds.graph, "n0", "n6", { maxDepth: 8 });
      const cheapest = Math.min(
        ...routes.map((groups) => groups.reduce((sum, group) => sum + Math.min(...group.map((e) => evidenceCost(ds.graph.getEdgeAttributes(e)))), 0)),
      );
      if (routes.length === 0) expect(best).toBeUndefined();
      else expect(best.cost).toBeCloseTo(cheapest, 6);
    }
  });
});
