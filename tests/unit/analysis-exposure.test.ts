// Exposure on the hand-worked fixture: assets, threat costs through owners and conduits, scores, bounds.
import { describe, expect, it } from "vitest";
import { analyseExposure } from "../../server/graph/analysis/exposure.js";
import { exposureDataset } from "../fixtures/analysis.js";
import { addEdge, addNode, dataset, emptyGraph } from "../fixtures/graphs.js";

const costs = (asset: { threats: { actor: string; cost: number }[] }) => Object.fromEntries(asset.threats.map((t) => [t.actor, t.cost]));

describe("analyseExposure", () => {
  it("should find the target's assets through holding relations, with their owners", async () => {
    const { assets } = await analyseExposure(exposureDataset(), { target: "t" });
    const byId = Object.fromEntries(assets.map((a) => [a.id, a]));
    expect(Object.keys(byId).sort()).toEqual(["co", "inv", "nat", "sub", "t"]);
    expect(byId.sub.owners).toEqual(["inv", "t"]);
    expect(byId.sub.holding.map((e) => e.id)).toEqual(["sub-inv", "t-inv"]);
    expect(byId.t.owners).toEqual([]);
  });

  it("should cost each threat by its cheapest evidence-weighted path, through owners and conduits", async () => {
    const { assets } = await analyseExposure(exposureDataset(), { target: "t" });
    const byId = Object.fromEntries(assets.map((a) => [a.id, a]));
    expect(costs(byId.t)).toEqual({ y: 2, x: 4, z: 5 });
    expect(costs(byId.inv)).toEqual({ y: 3, x: 5, z: 6 });
    expect(costs(byId.sub)).toEqual({ x: 2, z: 3, y: 5 });
    expect(costs(byId.nat)).toEqual({ w: 1, y: 3, x: 5, z: 6 });
    expect(costs(byId.co)).toEqual({ y: 3, x: 5, z: 6 });
  });

  it("should give every hop of a threat path with its evidence, down to the asset", async () => {
    const { assets } = await analyseExposure(exposureDataset(), { target: "t" });
    const sub = assets.find((a) => a.id === "sub")!;
    const x = sub.threats.find((t) => t.actor === "x")!;
    expect(x.path.nodes).toEqual(["x", "atk", "sub"]);
    expect(x.path.edges.map((e) => e.id)).toEqual(["x-atk", "atk-sub"]);
    expect(x.on).toBe("sub");
    const y = sub.threats.find((t) => t.actor === "y")!;
    expect(y.on).toBe("t");
    expect(y.path.nodes).toEqual(["y", "t", "inv", "sub"]);
    expect(y.path.edges.map((e) => e.id)).toEqual(["y-t", "t-inv", "sub-inv"]);
    for (const e of y.path.edges) expect(e.evidence.length).toBeGreaterThan(0);
  });

  it("should score assets and actors as sums of 1 / cost, highest first", async () => {
    const { assets, actors } = await analyseExposure(exposureDataset(), { target: "t" });
    expect(assets.map((a) => [a.id, a.score])).toEqual([
      ["nat", 1.7],
      ["sub", 1.033],
      ["t", 0.95],
      ["co", 0.7],
      ["inv", 0.7],
    ]);
    expect(actors.map((a) => [a.id, a.assets, a.score])).toEqual([
      ["y", 5, 1.7],
      ["x", 5, 1.35],
      ["z", 5, 1.033],
      ["w", 1, 1],
    ]);
  });

  it("should list the top assets and cheapest threats only, with scores and counts over all of them", async () => {
    const { assets, actors, total } = await analyseExposure(exposureDataset(), { target: "t", limit: 2, threats: 1 });
    expect(assets.map((a) => [a.id, a.score, a.threatCount, a.threats.map((t) => t.actor)])).toEqual([
      ["nat", 1.7, 4, ["w"]],
      ["sub", 1.033, 3, ["x"]],
    ]);
    expect(actors.map((a) => a.id)).toEqual(["y", "x"]);
    expect(total).toEqual({ assets: 5, actors: 4 });
  });

  it("should never list the target's own assets or non-actors as threats", async () => {
    const { assets, actors } = await analyseExposure(exposureDataset(), { target: "t" });
    const all = assets.flatMap((a) => a.threats.map((t) => t.actor));
    expect(all).not.toContain("co");
    expect(all).not.toContain("atk");
    expect(actors.map((a) => a.id)).not.toContain("co");
  });

  it("should keep paths within maxLength", async () => {
    const two = await analyseExposure(exposureDataset(), { target: "t", maxLength: 2 });
    expect(costs(two.assets.find((a) => a.id === "sub")!).z).toBe(8);
    const one = await analyseExposure(exposureDataset(), { target: "t", maxLength: 1 });
    expect(costs(one.assets.find((a) => a.id === "t")!)).toEqual({ y: 2, x: 4 });
    expect(one.actors.map((a) => a.id)).not.toContain("z");
  });

  it("should still extend a short label after a longer, cheaper one reached the same node", async () => {
    // b is hostile to t (reported, 1); a threatens t (speculative, 4); a is allied with b and c with a (1 each).
    // a's cheapest label is 2 hops (a–b–t, cost 2), but only its 1-hop label (cost 4) leaves room for c within two
    // hops: c–a–t costs 1 + 4 = 5. With three hops c takes c–a–b–t for 3.
    const g = emptyGraph();
    addNode(g, "t", "state");
    for (const n of ["b", "a", "c"]) addNode(g, n, "group");
    addEdge(g, "b-t", "b", "t", "hostile-to");
    addEdge(g, "a-t", "a", "t", "threatens", "speculative");
    addEdge(g, "a-b", "a", "b", "allied-with");
    addEdge(g, "c-a", "c", "a", "allied-with");
    const two = await analyseExposure(dataset(g), { target: "t", maxLength: 2 });
    expect(costs(two.assets[0])).toEqual({ b: 1, a: 2, c: 5 });
    expect(two.assets[0].threats.find((t) => t.actor === "c")!.path.nodes).toEqual(["c", "a", "t"]);
    const three = await analyseExposure(dataset(g), { target: "t", maxLength: 3 });
    expect(costs(three.assets[0])).toEqual({ b: 1, a: 2, c: 3 });
    expect(three.assets[0].threats.find((t) => t.actor === "c")!.path.nodes).toEqual(["c", "a", "b", "t"]);
  });

  it("should follow the filters: without speculative relations x no longer threatens t directly", async () => {
    const { assets } = await analyseExposure(exposureDataset(), { target: "t", minConfidence: "assessed" });
    expect(costs(assets.find((a) => a.id === "t")!)).toEqual({ y: 2 });
  });

  it("should stop at its work bound and say the answer is truncated", async () => {
    const result = await analyseExposure(exposureDataset(), { target: "t" }, { maxWork: 1 });
    expect(result.truncated).toBe(true);
  });

  it("should name an unknown target and a bad maxLength", async () => {
    await expect(analyseExposure(exposureDataset(), { target: "ghost" })).rejects.toMatchObject({ code: "NODE_NOT_FOUND", details: { param: "target" } });
    await expect(analyseExposure(exposureDataset(), { target: "t", maxLength: 5 })).rejects.toMatchObject({ code: "BAD_PARAM", details: { param: "maxLength" } });
  });
});
