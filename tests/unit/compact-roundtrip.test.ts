import { describe, expect, it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SerializedGraph } from "graphology-types";
import { CompactDecodeError, decodeCompact, decodePartialDate, toGraph } from "../../client/compact-decode.js";
import { encodePartialDate } from "../../server/graph/io/compact.js";
import { loadData } from "../../server/graph/io/load.js";
import { createStore, type Store } from "../../server/store.js";
import type { GraphFilters } from "../../server/graph/query/filters.js";
import { addEdge, addNode, dataset, emptyGraph, routesDataset } from "../fixtures/graphs.js";

async function curatedStore(): Promise<Store> {
  const result = await loadData();
  if (!result.ok) throw new Error("curated data should load");
  return createStore(result.dataset, await mkdtemp(path.join(tmpdir(), "ag-compact-")));
}

/** The body as a browser gets it: its own ArrayBuffer, starting at offset 0. */
const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer as ArrayBuffer;

/** The compact view of a row-JSON body: what the compact encoding promises to carry, at its precision. */
function expectedFromRows(rows: SerializedGraph) {
  const index = new Map(rows.nodes.map((n, i) => [n.key, i]));
  return {
    nodes: rows.nodes.map((n) => {
      const a = n.attributes as Record<string, unknown>;
      return {
        key: n.key,
        label: a.label,
        kind: a.kind,
        x: Math.fround(a.x as number),
        y: Math.fround(a.y as number),
        degree: a.degree,
        pagerank: Math.fround(a.pagerank as number),
        betweenness: Math.fround(a.betweenness as number),
        community: a.community,
        date: a.date,
      };
    }),
    edges: rows.edges.map((e) => {
      const a = e.attributes as Record<string, unknown>;
      return {
        key: e.key,
        source: index.get(e.source),
        target: index.get(e.target),
        undirected: Boolean(e.undirected),
        relation: a.relation,
        confidence: a.confidence,
        since: a.since,
        until: a.until,
      };
    }),
  };
}

function decodedRows(bytes: Uint8Array) {
  const d = decodeCompact(arrayBufferOf(bytes));
  const { kinds, relations, confidence } = d.header;
  return {
    nodes: Array.from({ length: d.nodeCount }, (_, i) => ({
      key: d.nodeKey(i),
      label: d.nodeLabel(i),
      kind: kinds[d.nodeKind[i]],
      x: d.nodeX[i],
      y: d.nodeY[i],
      degree: d.nodeDegree[i],
      pagerank: d.nodePagerank[i],
      betweenness: d.nodeBetweenness[i],
      community: d.nodeCommunity[i],
      date: decodePartialDate(d.nodeDate[i]),
    })),
    edges: Array.from({ length: d.edgeCount }, (_, e) => ({
      key: d.edgeKey(e),
      source: d.edgeSource[e],
      target: d.edgeTarget[e],
      undirected: (d.edgeFlags[e] & 1) === 1,
      relation: relations[d.edgeRelation[e]],
      confidence: confidence[d.edgeConfidence[e]],
      since: decodePartialDate(d.edgeSince[e]),
      until: decodePartialDate(d.edgeUntil[e]),
    })),
  };
}

const filterSets: GraphFilters[] = [
  {},
  { kinds: ["group", "state"] },
  { relations: ["allied-with", "hostile-to"], minConfidence: "assessed" },
  { asOf: "2015" },
  { kinds: ["attack"], asOf: "2022-08" },
];

describe("compact encoding", () => {
  it.each(filterSets)("should decode to the row JSON's nodes and edges, in order, for filters %j", async (filters) => {
    const store = await curatedStore();
    const rows = JSON.parse(store.graphBody(filters).json) as SerializedGraph;
    const body = store.compactBody(filters).body;
    expect(decodedRows(body)).toEqual(expectedFromRows(rows));
    const header = decodeCompact(arrayBufferOf(body)).header;
    expect(header).toMatchObject({ dataVersion: store.dataset.dataVersion, filters, options: rows.options, attributes: rows.attributes });
  });

  it("should be much smaller than the row JSON, gzipped too", async () => {
    const store = await curatedStore();
    const json = store.graphBody({});
    const compact = store.compactBody({});
    expect(compact.body.length).toBeLessThan(json.json.length / 5);
    expect(compact.gzip.length).toBeLessThan(json.gzip.length / 3);
  });

  it("should view the received buffer without copying, and copy only an unaligned slice", async () => {
    const store = await curatedStore();
    const buffer = arrayBufferOf(store.compactBody({}).body);
    const decoded = decodeCompact(buffer);
    expect(decoded.nodeX.buffer).toBe(buffer);
    expect(decoded.edgeSource.buffer).toBe(buffer);
    const padded = new Uint8Array(buffer.byteLength + 1);
    padded.set(new Uint8Array(buffer), 1);
    const unaligned = decodeCompact(padded.subarray(1));
    expect(unaligned.nodeCount).toBe(decoded.nodeCount);
    expect(unaligned.nodeKey(3)).toBe(decoded.nodeKey(3));
  });

  it("should carry non-ASCII labels and keys and every partial-date form", async () => {
    const g = emptyGraph();
    addNode(g, "a", "group", { label: "Ǧazā’ir – 東突厥斯坦" });
    addNode(g, "b", "attack", { date: "2021-08-26" });
    addNode(g, "c", "event", { date: "2014-06" });
    addEdge(g, "ab", "a", "b", "perpetrated", "speculative", { since: "2014", until: "2021-08" });
    addEdge(g, "ac", "a", "c", "allied-with");
    const store = createStore(dataset(g), await mkdtemp(path.join(tmpdir(), "ag-compact-")));
    const rows = JSON.parse(store.graphBody({}).json) as SerializedGraph;
    expect(decodedRows(store.compactBody({}).body)).toEqual(expectedFromRows(rows));
    for (const date of ["2014", "2014-06", "2014-06-05", "1999-12-31"]) expect(decodePartialDate(encodePartialDate(date))).toBe(date);
    expect(encodePartialDate(undefined)).toBe(0);
  });

  it("should feed a graphology graph through toGraph", async () => {
    const store = createStore(routesDataset(), await mkdtemp(path.join(tmpdir(), "ag-compact-")));
    const rows = JSON.parse(store.graphBody({}).json) as SerializedGraph;
    const graph = toGraph(decodeCompact(arrayBufferOf(store.compactBody({}).body)));
    expect([graph.order, graph.size, graph.type, graph.multi]).toEqual([rows.nodes.length, rows.edges.length, "mixed", true]);
    expect(graph.getNodeAttributes("a")).toEqual({
      label: "A",
      kind: "group",
      x: Math.fround(store.table.x[0]),
      y: Math.fround(store.table.y[0]),
      degree: 3,
      pagerank: Math.fround(store.table.pagerank[0]),
      betweenness: Math.fround(store.table.betweenness[0]),
      community: store.table.community[0],
    });
    expect(graph.getEdgeAttributes("ab-hostile")).toEqual({ relation: "hostile-to", confidence: "assessed", since: "2010", until: "2013" });
    expect(graph.isUndirected("ab")).toBe(true);
    expect(graph.isDirected("ae")).toBe(true);
    expect(graph.extremities("dx")).toEqual(["d", "x"]);
  });

  it("should refuse bytes that are not a compact body", () => {
    expect(() => decodeCompact(new TextEncoder().encode('{"nodes":[]}').buffer as ArrayBuffer)).toThrow(CompactDecodeError);
    expect(() => decodeCompact(new ArrayBuffer(3))).toThrow(/bad magic/);
  });

  it("should compute each filter set once and hand back the cached body", async () => {
    const store = createStore(routesDataset(), await mkdtemp(path.join(tmpdir(), "ag-compact-")));
    expect(store.compactBody({ asOf: "2015" })).toBe(store.compactBody({ asOf: "2015" }));
    expect(store.compactBody({ asOf: "2015" }).etag).not.toBe(store.compactBody({}).etag);
    expect(store.compactBody({}).etag).not.toBe(store.graphBody({}).etag);
  });
});
