// Contested claims and the date diff on hand-made fixtures.
import { describe, expect, it } from "vitest";
import { findContested } from "../../server/graph/analysis/contested.js";
import { diffBetween } from "../../server/graph/analysis/diff.js";
import { contestedDataset, datedDataset } from "../fixtures/analysis.js";

describe("findContested", () => {
  it("should flag opposite signs at a common date and evidence that disagrees, nothing else", async () => {
    const { contested } = await findContested(contestedDataset());
    const found = contested.map((c) => [c.kind, [...c.nodes].sort().join("-")]);
    expect(found).toEqual([
      ["opposite-signs", "a-b"],
      ["evidence-confidence", "e-f"],
      ["evidence-dates", "g-h"],
    ]);
    const ab = contested[0];
    expect(ab.edges.map((e) => e.id).sort()).toEqual(["ab-allied", "ab-hostile"]);
    expect(ab.reason).toMatch(/allied-with/);
    expect(contested[1].reason).toMatch(/reported.*speculative/);
    expect(contested[2].reason).toMatch(/P17.*P18/);
  });

  it("should judge opposite signs at the as-of date only", async () => {
    const { contested } = await findContested(contestedDataset(), { asOf: "2015" });
    expect(contested.map((c) => c.kind)).toEqual(["evidence-confidence", "evidence-dates"]);
  });
});

describe("diffBetween", () => {
  it("should list what the later as-of view adds and what it drops", async () => {
    const d = await diffBetween(datedDataset(), { from: "2017", to: "2022" });
    expect(d.added.nodes.map((n) => n.id).sort()).toEqual(["atk1", "atk2"]);
    expect(d.added.edges.map((e) => e.id).sort()).toEqual(["n1-n3", "p1", "p2"]);
    expect(d.removed.nodes).toEqual([]);
    expect(d.removed.edges.map((e) => e.id)).toEqual(["n1-n2"]);
    expect(d.counts).toEqual({ added: { nodes: 2, edges: 3 }, removed: { nodes: 0, edges: 1 } });
    expect(d.added.edges.find((e) => e.id === "n1-n3")?.evidence[0].source).toBe("S1");
  });

  it("should be empty between a date and itself, and apply the other filters to both sides", async () => {
    const same = await diffBetween(datedDataset(), { from: "2020", to: "2020" });
    expect(same.counts).toEqual({ added: { nodes: 0, edges: 0 }, removed: { nodes: 0, edges: 0 } });
    const onlyHostile = await diffBetween(datedDataset(), { from: "2017", to: "2022", relations: ["hostile-to"] });
    expect(onlyHostile.added.edges.map((e) => e.id)).toEqual(["n1-n3"]);
    expect(onlyHostile.removed.edges).toEqual([]);
  });

  it("should cut the lists at limit but keep the counts exact", async () => {
    const d = await diffBetween(datedDataset(), { from: "2017", to: "2022", limit: 1 });
    expect(d.added.edges).toHaveLength(1);
    expect(d.counts.added.edges).toBe(3);
  });

  it("should refuse bad dates and a from after to, naming the parameter", async () => {
    await expect(diffBetween(datedDataset(), { from: "2023", to: "2022" })).rejects.toMatchObject({ code: "BAD_PARAM", details: { param: "from" } });
    await expect(diffBetween(datedDataset(), { from: "2022-13", to: "2023" })).rejects.toMatchObject({ code: "BAD_PARAM", details: { param: "from" } });
    await expect(diffBetween(datedDataset(), { from: "2022", to: "soon" })).rejects.toMatchObject({ code: "BAD_PARAM", details: { param: "to" } });
  });
});
