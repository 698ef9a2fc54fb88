// STIX 2.1 import through --data: our own bundles load back unchanged; foreign bundles map onto the model; hostile or broken bundles are refused clearly.
import { describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadData } from "../../server/graph/io/load.js";
import { exportAndReload, expectSameGraph } from "./_roundtrip.js";

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "ag-stix-import-")), name);
  await writeFile(file, content);
  return file;
}

const fixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/import", name);

describe("STIX 2.1 import", () => {
  it("should load the curated graph exported as STIX back unchanged", async () => {
    const { curated, view, back } = await exportAndReload("stix");
    expectSameGraph(back.graph, curated.graph);
    // The registry comes back from the reports: every source the view cites, with all its fields.
    expect(back.sources).toEqual(view.sources);
  });

  it("should map a foreign bundle (OpenCTI-style) onto kinds, relations, confidence, dates and evidence", async () => {
    const result = await loadData(fixture("foreign.stix.json"));
    if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    const g = result.dataset.graph;
    expect(g.getNodeAttributes("islamic-state-khorasan")).toMatchObject({ label: "Islamic State Khorasan", kind: "group", aliases: ["ISKP"] });
    expect(g.getNodeAttribute("kabul", "kind")).toBe("place");
    expect(g.getNodeAttribute("uyghurs", "kind")).toBe("population");
    expect(g.getNodeAttribute("kunduz-mosque-bombing", "kind")).toBe("attack");
    const edges = g.mapEdges((key, a, source, target, _sa, _ta, undirected) => ({ key, source, target, undirected, ...a }));
    // attributed-to runs attack -> actor in STIX and actor -perpetrated-> attack here.
    expect(edges.find((e) => e.relation === "perpetrated")).toMatchObject({ source: "islamic-state-khorasan", target: "kunduz-mosque-bombing" });
    expect(edges.find((e) => e.relation === "targets")).toMatchObject({ confidence: "assessed", since: "2021-10-08", evidence: [{ source: "S1", locator: "P8" }] });
    expect(edges.find((e) => e.relation === "allied-with")).toMatchObject({ undirected: true });
    // A type with no counterpart in the vocabulary stays visible in the note.
    expect(edges.find((e) => e.relation === "linked-to")?.note).toMatch(/imported type: uses/);
    // Without a registered source, the import itself is cited.
    expect(g.getNodeAttribute("kabul", "evidence")).toEqual([expect.objectContaining({ source: "import" })]);
  });

  it("should refuse a relationship whose end is not in the bundle, naming where", async () => {
    const result = await loadData(fixture("dangling.stix.json"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: "dangling.stix.json", path: "$.objects[2].target_ref" });
    expect(result.problems[0].message).toMatch(/dangling target_ref: no object in the bundle has id "identity--/);
  });

  it("should refuse __proto__ and constructor keys anywhere in a bundle, as for every JSON import", async () => {
    const bundle = '{"type":"bundle","id":"bundle--1","objects":[{"type":"identity","id":"identity--x","name":"A","__proto__":{"polluted":true}}]}';
    const result = await loadData(await write("proto.json", bundle));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ path: "$.objects[0].__proto__", message: expect.stringMatching(/refused/) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("should refuse built-in names smuggled in as keys through x_actor_graph_key", async () => {
    const bundle = {
      type: "bundle",
      id: "bundle--1",
      objects: [
        { type: "identity", id: "identity--a", name: "A", x_actor_graph_key: "constructor" },
        { type: "identity", id: "identity--b", name: "B", x_actor_graph_key: "toString" },
      ],
    };
    const result = await loadData(await write("builtins.json", JSON.stringify(bundle)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path).sort()).toEqual(["$.objects[0].x_actor_graph_key", "$.objects[1].x_actor_graph_key"]);
  });

  it("should refuse a bundle without objects, duplicate ids and objects without type or id", async () => {
    const noObjects = await loadData(await write("empty.json", '{"type":"bundle","id":"bundle--1"}'));
    expect(!noObjects.ok && noObjects.problems[0]).toMatchObject({ path: "$.objects", message: expect.stringMatching(/objects array/) });
    const dup = await loadData(
      await write("dup.json", JSON.stringify({ type: "bundle", id: "bundle--1", objects: [{ type: "identity", id: "identity--a", name: "A" }, { type: "identity", id: "identity--a", name: "B" }, 7] })),
    );
    expect(!dup.ok && dup.problems.map((p) => p.path)).toEqual(["$.objects[1].id", "$.objects[2]"]);
  });

  it("should check imported values with the same validation as graph-data/", async () => {
    const bundle = {
      type: "bundle",
      id: "bundle--1",
      objects: [
        { type: "identity", id: "identity--a", name: "A", identity_class: "organization" },
        { type: "identity", id: "identity--b", name: "B", identity_class: "organization" },
        { type: "relationship", id: "relationship--r", relationship_type: "targets", source_ref: "identity--a", target_ref: "identity--b", start_time: "2022-01-01T00:00:00Z", stop_time: "2020-01-01T00:00:00Z" },
      ],
    };
    const result = await loadData(await write("reversed.json", JSON.stringify(bundle)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.find((p) => /reversed dates/.test(p.message))).toMatchObject({ file: "reversed.json", path: "$.objects[2].stop_time" });
  });
});
