// The viewer's graph model built from row JSON and from the compact encoding: same graph, same filter answers,
// and both the same as the service's own filters.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Schema, SerializedGraph } from "../../client/api-types.js";
import { decodeCompact, decodePartialDate } from "../../client/compact-decode.js";
import { dateCodeInterval, parsePartialDate } from "../../client/dates.js";
import { createGraphModel, createGraphModelFromCompact, type GraphModel } from "../../client/renderer/graph-model.js";
import { filterMasks, filterVisibility, type ViewFilters } from "../../client/visibility.js";
import { loadData } from "../../server/graph/io/load.js";
import { confidenceLevels } from "../../server/graph/model/types.js";
import { createStore, type Store } from "../../server/store.js";
import { generateGraph, writeGraph } from "../../scripts/generate-graph.js";

const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

let tmp: string;
const stores: { name: string; store: Store }[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "ag-client-model-"));
  const curated = await loadData();
  if (!curated.ok) throw new Error("curated data should load");
  stores.push({ name: "curated", store: createStore(curated.dataset, path.join(tmp, "snapshots")) });
  // Generated dates use months and days too; 600 nodes keep metrics and layout quick.
  const dir = path.join(tmp, "generated");
  writeGraph(generateGraph({ shape: "powerlaw", nodes: 600, edges: 2400, seed: 3 }), dir);
  const generated = await loadData(dir);
  if (!generated.ok) throw new Error("generated data should load");
  stores.push({ name: "generated", store: createStore(generated.dataset, path.join(tmp, "snapshots")) });
});

afterAll(() => rm(tmp, { recursive: true, force: true }));

function schemaOf(store: Store): Schema {
  return { nodeKinds: store.dataset.vocabulary.nodeKinds, relations: store.dataset.vocabulary.relations, confidence: [...confidenceLevels] } as Schema;
}

function models(store: Store): { rows: GraphModel; compact: GraphModel } {
  const schema = schemaOf(store);
  const rows = createGraphModel(JSON.parse(store.graphBody({}).json) as SerializedGraph, schema);
  const compact = createGraphModelFromCompact(decodeCompact(arrayBufferOf(store.compactBody({}).body)), schema);
  return { rows, compact };
}

const filterSets: ViewFilters[] = [
  { kinds: [], relations: [], minConfidence: null, asOf: null },
  { kinds: [], relations: [], minConfidence: "assessed", asOf: null },
  { kinds: [], relations: [], minConfidence: "reported", asOf: "2014" },
  { kinds: ["group", "state", "person"], relations: [], minConfidence: null, asOf: "2021-08" },
  { kinds: [], relations: ["allied-with", "hostile-to", "member-of"], minConfidence: null, asOf: "2005-02-28" },
  ...[1995, 2004, 2010, 2016, 2022, 2023].map((year) => ({ kinds: [], relations: [], minConfidence: null, asOf: String(year) })),
];

describe("client graph model", () => {
  it("should build the same graph from row JSON and from the compact encoding, without evidence in the latter", () => {
    for (const { name, store } of stores) {
      const { rows, compact } = models(store);
      expect([compact.graph.order, compact.graph.size], name).toEqual([rows.graph.order, rows.graph.size]);
      expect(compact.hasEvidence).toBe(false);
      expect(rows.hasEvidence).toBe(true);
      rows.graph.forEachNode((key, a) => {
        const c = compact.graph.getNodeAttributes(key);
        expect({ label: c.label, kind: c.kind, date: c.date, degree: c.degree }, `${name} node ${key}`).toEqual({ label: a.label, kind: a.kind, date: a.date, degree: a.degree });
        expect(c.x).toBeCloseTo(a.x as number, 3);
        expect(c.evidence).toBeUndefined();
      });
      rows.graph.forEachEdge((key, a, source, target, _sa, _ta, undirected) => {
        expect(compact.graph.extremities(key), `${name} edge ${key}`).toEqual([source, target]);
        expect(compact.graph.isUndirected(key)).toBe(undirected);
        const c = compact.graph.getEdgeAttributes(key);
        expect({ relation: c.relation, confidence: c.confidence, since: c.since, until: c.until }).toEqual({
          relation: a.relation,
          confidence: a.confidence,
          since: a.since,
          until: a.until,
        });
      });
    }
  });

  it("should filter both models exactly as the service does", () => {
    for (const { name, store } of stores) {
      const { rows, compact } = models(store);
      for (const filters of filterSets) {
        const served = store.view({
          ...(filters.kinds.length ? { kinds: [...filters.kinds] } : {}),
          ...(filters.relations.length ? { relations: [...filters.relations] } : {}),
          ...(filters.minConfidence ? { minConfidence: filters.minConfidence } : {}),
          ...(filters.asOf ? { asOf: filters.asOf } : {}),
        });
        const label = `${name} ${JSON.stringify(filters)}`;
        for (const model of [rows, compact]) {
          const visible = filterVisibility(model.index, filters);
          expect([...visible.nodes].sort(), label).toEqual(served.nodes().sort());
          expect([...visible.edges].sort(), label).toEqual(served.edges().sort());
          const masks = filterMasks(model.index, filters);
          expect([masks.nodeCount, masks.edgeCount], label).toEqual([served.order, served.size]);
        }
      }
    }
  });

  it("should read compact date codes as the partial dates they stand for", () => {
    for (const date of ["2014", "2014-06", "2014-06-30", "2016-02", "2016-02-29", "1999-12-31"]) {
      const code = Number(date.replace(/-/g, "").padEnd(8, "0"));
      expect(decodePartialDate(code)).toBe(date);
      expect(dateCodeInterval(code)).toEqual(parsePartialDate(date));
    }
    expect(dateCodeInterval(0)).toBeNull();
    expect(dateCodeInterval(20151300)).toBeNull();
    expect(dateCodeInterval(20150231)).toBeNull();
  });
});
