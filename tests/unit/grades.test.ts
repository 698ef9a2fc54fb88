// Graded sources: Admiralty reliability A–F per source, credibility 1–6 per evidence item (explicit or from hedging).
import { describe, expect, it } from "vitest";
import { unzipSync, strFromU8 } from "fflate";
import { credibilityOf, gradeEvidence, relationGrade, reliabilityIndex } from "../../server/graph/model/grades.js";
import { evidenceSchema, sourcesSchema } from "../../server/graph/model/schema.js";
import { findPaths } from "../../server/graph/query/paths.js";
import { nodeDetails } from "../../server/graph/query/details.js";
import { listSources } from "../../server/graph/query/sources.js";
import { exportCsv } from "../../server/graph/io/export/csv.js";
import { makeExportView } from "../../server/graph/io/export-view.js";
import { addEdge, addNode, dataset, emptyGraph, sources } from "../fixtures/graphs.js";
import type { Dataset, SourceEntry } from "../../server/graph/model/types.js";

/** a–b–d cites S1 (B) twice over two hops; a–c–d cites a C-graded source; both reported. */
function gradedDataset(): Dataset {
  const g = emptyGraph();
  for (const n of ["a", "b", "c", "d"]) addNode(g, n);
  addEdge(g, "ab", "a", "b", "allied-with");
  addEdge(g, "bd", "b", "d", "allied-with");
  addEdge(g, "ac", "a", "c", "allied-with");
  addEdge(g, "cd", "c", "d", "allied-with");
  for (const e of ["ac", "cd"]) g.setEdgeAttribute(e, "evidence", [{ source: "weak", locator: "p1", claim: "weak claim" }]);
  const graded: SourceEntry[] = [...sources, { id: "weak", title: "A blog", author: "Anon", reliability: "E" }];
  return { ...dataset(g), sources: graded };
}

describe("grades", () => {
  it("should read credibility from the hedging unless the item sets it", () => {
    expect(credibilityOf({ source: "S1", locator: "P1", claim: "c" }, "reported")).toBe(2);
    expect(credibilityOf({ source: "S1", locator: "P1", claim: "c" }, "assessed")).toBe(3);
    expect(credibilityOf({ source: "S1", locator: "P1", claim: "c", confidence: "speculative" }, "reported")).toBe(4);
    expect(credibilityOf({ source: "S1", locator: "P1", claim: "c", credibility: 1 }, "speculative")).toBe(1);
  });

  it("should grade evidence with its source's reliability, F for an ungraded source", () => {
    const index = reliabilityIndex([{ id: "S1", title: "t", author: "a", reliability: "B" }, { id: "x", title: "t", author: "a" }]);
    const graded = gradeEvidence([{ source: "S1", locator: "P1", claim: "c" }, { source: "x", locator: "1", claim: "c", credibility: 5 }], "assessed", index);
    expect(graded.map((e) => e.grade)).toEqual(["B3", "F5"]);
    expect(graded[0].credibilityDefault).toBe(true);
    expect(graded[1].credibilityDefault).toBeUndefined();
    expect(relationGrade({ confidence: "assessed", evidence: graded }, index).grade).toBe("B3");
  });

  it("should refuse grades outside the scales", () => {
    expect(evidenceSchema.safeParse({ source: "S1", locator: "P1", claim: "c", credibility: 7 }).success).toBe(false);
    expect(evidenceSchema.safeParse({ source: "S1", locator: "P1", claim: "c", credibility: 2.5 }).success).toBe(false);
    expect(sourcesSchema.safeParse({ sources: [{ id: "x", title: "t", author: "a", reliability: "G" }] }).success).toBe(false);
  });

  it("should grade every curated source", async () => {
    const curated = (await import("../../graph-data/sources.json", { with: { type: "json" } })).default.sources as SourceEntry[];
    for (const s of curated) expect(s.reliability, s.id).toMatch(/^[A-E]$/);
  });

  it("should make weighted paths prefer the better-graded route and show grades on each hop", () => {
    const ds = gradedDataset();
    const [best, second] = findPaths(ds, { from: "a", to: "d", weighted: true, k: 2 }).paths;
    expect(best.nodes).toEqual(["a", "b", "d"]);
    expect(best.cost).toBe(2);
    expect(second.cost).toBe(4);
    expect(best.edges[0]).toMatchObject({ reliability: "B", credibility: 2, grade: "B2" });
    expect(best.edges[0].evidence[0]).toMatchObject({ reliability: "B", credibility: 2, grade: "B2" });
  });

  it("should show grades in node details and count citing relations per source", () => {
    const ds = gradedDataset();
    expect(nodeDetails(ds.graph, "c", ds.sources).relations.map((r) => r.grade)).toEqual(["E2", "E2"]);
    const listed = listSources(ds);
    expect(listed.find((s) => s.id === "weak")).toEqual({ id: "weak", title: "A blog", author: "Anon", reliability: "E", edges: 2 });
    expect(listed.find((s) => s.id === "S1")).toMatchObject({ reliability: "B", edges: 2 });
  });

  it("should carry grades in the CSV export", () => {
    const ds = gradedDataset();
    const file = exportCsv(makeExportView(ds, ds.graph, {}));
    const files = unzipSync(file.body as Uint8Array);
    const edges = strFromU8(files["edges.csv"]).split(/\r?\n/);
    expect(edges[0]).toMatch(/,reliability,credibility,grade$/);
    expect(edges.find((l) => l.startsWith("ac,"))).toMatch(/,E,2,E2$/);
    expect(strFromU8(files["sources.csv"])).toMatch(/weak,A blog,Anon,E,/);
  });
});
