// Structural balance on the hand-counted signed fixture: triads, ambivalence, predictions, as-of, paging, bounds.
import { describe, expect, it } from "vitest";
import { analyseBalance } from "../../server/graph/analysis/balance.js";
import { signedDataset } from "../fixtures/analysis.js";
import { addEdge, addNode, dataset, emptyGraph } from "../fixtures/graphs.js";

describe("analyseBalance", () => {
  it("should count triads, balanced, unbalanced and all-negative ones as worked out by hand", async () => {
    const result = await analyseBalance(signedDataset());
    expect(result.summary).toEqual({
      actors: 6,
      positive: 2,
      negative: 7,
      ambivalent: 1,
      triads: 4,
      balanced: 1,
      unbalanced: 3,
      allNegative: 2,
      balanceRatio: 0.25,
    });
    expect(result.truncated).toBe(false);
  });

  it("should list unbalanced triads by their weakest confidence, strongest first, citing the deciding edges", async () => {
    const { unbalanced } = await analyseBalance(signedDataset());
    expect(unbalanced.map((t) => t.nodes)).toEqual([
      ["c", "d", "f"],
      ["a", "b", "c"],
      ["d", "e", "f"],
    ]);
    const cdf = unbalanced[0];
    expect(cdf.edges.map((e) => e.id).sort()).toEqual(["cd", "cf-hostile", "df"]);
    for (const edge of cdf.edges) {
      expect(edge.sign).toBe("negative");
      expect(edge.evidence[0]).toMatchObject({ source: "S1" });
    }
  });

  it("should list an ambivalent pair with all its signed relations and leave it out of triads", async () => {
    const { ambivalent, unbalanced } = await analyseBalance(signedDataset());
    expect(ambivalent).toHaveLength(1);
    expect(ambivalent[0].nodes.slice().sort()).toEqual(["b", "e"]);
    expect(ambivalent[0].edges.map((e) => e.id).sort()).toEqual(["be-allied", "be-hostile"]);
    expect(unbalanced.some((t) => t.nodes.includes("b") && t.nodes.includes("e"))).toBe(false);
  });

  it("should predict pairs whose two-hop signed paths all agree, and only those", async () => {
    const { predictions } = await analyseBalance(signedDataset());
    expect(predictions).toEqual([
      { nodes: ["c", "e"], expected: "positive", via: ["d", "f"], viaCount: 2 },
      { nodes: ["a", "f"], expected: "positive", via: ["c"], viaCount: 1 },
    ]);
  });

  it("should skip the predictions when asked, leaving triads, pairs and the summary as they were", async () => {
    const full = await analyseBalance(signedDataset());
    const lean = await analyseBalance(signedDataset(), { predictions: false });
    expect(lean.predictions).toEqual([]);
    expect(lean.total).toEqual({ unbalanced: 3, ambivalent: 1, predictions: null });
    expect({ ...lean, predictions: full.predictions, total: full.total }).toEqual(full);
  });

  it("should read the signs valid at the as-of date", async () => {
    const { summary, ambivalent } = await analyseBalance({ ...signedDataset() }, { asOf: "2015" });
    expect(ambivalent).toEqual([]);
    expect(summary).toMatchObject({ ambivalent: 0, triads: 4, balanced: 2, unbalanced: 2, allNegative: 1 });
  });

  it("should page the lists with limit and offset while the summary stays exact", async () => {
    const page = await analyseBalance(signedDataset(), { limit: 1, offset: 1 });
    expect(page.unbalanced.map((t) => t.nodes)).toEqual([["a", "b", "c"]]);
    expect(page.predictions.map((p) => p.nodes)).toEqual([["a", "f"]]);
    expect(page.total).toEqual({ unbalanced: 3, ambivalent: 1, predictions: 2 });
    expect(page.summary.unbalanced).toBe(3);
  });

  it("should refuse out-of-range limits and offsets by parameter name", async () => {
    await expect(analyseBalance(signedDataset(), { limit: 501 })).rejects.toMatchObject({ code: "BAD_PARAM", details: { param: "limit" } });
    await expect(analyseBalance(signedDataset(), { offset: -1 })).rejects.toMatchObject({ code: "BAD_PARAM", details: { param: "offset" } });
  });

  it("should stop at its work bound and say the answer is truncated", async () => {
    const result = await analyseBalance(signedDataset(), {}, { maxWork: 3 });
    expect(result.truncated).toBe(true);
  });

  it("should name the first 20 intermediaries by id and count them all, then order ties by ids", async () => {
    // u and v are each allied with m01..m25 and with nobody else: u–v is predicted positive through all 25.
    // Every pair m_i–m_j shares u and v (+·+ twice): C(25,2) = 300 more predictions, each with 2 intermediaries.
    const g = emptyGraph();
    const middle = Array.from({ length: 25 }, (_, i) => `m${String(25 - i).padStart(2, "0")}`);
    for (const n of ["v", "u", ...middle]) addNode(g, n);
    for (const m of middle) for (const end of ["v", "u"]) addEdge(g, `${end}-${m}`, end, m, "allied-with");
    const { predictions, total } = await analyseBalance(dataset(g), { limit: 3 });
    expect(total.predictions).toBe(301);
    expect(predictions[0]).toEqual({ nodes: ["u", "v"], expected: "positive", via: [...middle].sort().slice(0, 20), viaCount: 25 });
    expect(predictions.slice(1).map((p) => [p.nodes, p.via, p.viaCount])).toEqual([
      [["m01", "m02"], ["u", "v"], 2],
      [["m01", "m03"], ["u", "v"], 2],
    ]);
  });

  it("should count every triangle of a dense clique exactly once", async () => {
    // K6 with all-positive edges: C(6,3) = 20 triads, all balanced.
    const g = emptyGraph();
    const ids = ["k0", "k1", "k2", "k3", "k4", "k5"];
    for (const n of ids) addNode(g, n);
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) addEdge(g, `${ids[i]}-${ids[j]}`, ids[i], ids[j], "allied-with");
    const { summary } = await analyseBalance(dataset(g));
    expect(summary).toMatchObject({ triads: 20, balanced: 20, unbalanced: 0, positive: 15, balanceRatio: 1 });
  });
});
