// Whole-graph transfer: bytes on the wire and decode time of GET /api/graph?encoding=compact (when the service
// offers it) against the naive baseline, JSON.stringify(graph.export()) gzipped, of the same display graph.
import { request } from "node:http";
import { existsSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import Graph from "graphology";
import { startApp } from "./app-under-test.js";
import { runStep } from "./child.js";
import { benchDir, describeSpec, type CachedGraph } from "./graphs.js";
import { collectGarbage, median, now } from "./stats.js";
import { bytes, ms, type Measure, type Row } from "./table.js";

export interface TransferPlan {
  /** Decode repeats per graph (a million edges takes seconds per Graph.from). */
  graphs: { graph: CachedGraph; repeats: number }[];
}

interface Fetched {
  status: number;
  contentType: string;
  contentEncoding: string;
  /** The body exactly as it crossed the wire (compressed when content-encoding says so). */
  wire: Buffer;
}

export function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { "accept-encoding": "gzip", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"] ?? ""),
          contentEncoding: String(res.headers["content-encoding"] ?? ""),
          wire: Buffer.concat(chunks),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const decoded = (f: Fetched) => (/gzip/.test(f.contentEncoding) ? gunzipSync(f.wire) : f.wire);

function timeMedian(repeats: number, fn: () => unknown): number[] {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    collectGarbage();
    const t = now();
    fn();
    times.push(now() - t);
  }
  return times;
}

interface CompactModule {
  decodeCompact(input: ArrayBuffer | Uint8Array): unknown;
  toGraph?(decoded: unknown): Graph;
}

interface TransferResult {
  edges: number;
  naive: { gzipBytes: number; jsonBytes: number; parseMs: number[]; buildMs: number[] };
  served: { wireBytes: number; contentEncoding: string };
  compact:
    | { available: false; reason: string }
    | {
        available: true;
        wireBytes: number;
        rawBytes: number;
        contentEncoding: string;
        decodeMs: number[];
        buildMs: number[];
        /** Each section gzipped on its own, largest first: where the bytes go. */
        sections: { name: string; gzipBytes: number }[];
      };
}

/** Gzipped size of every section of a compact body (layout in server/graph/io/compact.ts), largest first. */
function sectionSizes(body: Buffer): { name: string; gzipBytes: number }[] {
  try {
    const headerLength = body.readUInt32LE(4);
    const header = JSON.parse(body.subarray(8, 8 + headerLength).toString("utf8")) as { sections?: { name: string; type: string; offset: number; length: number }[] };
    const width: Record<string, number> = { Uint8: 1, Uint16: 2, Uint32: 4, Float32: 4 };
    return (header.sections ?? [])
      .map((s) => ({ name: s.name, gzipBytes: gzipSync(body.subarray(s.offset, s.offset + s.length * (width[s.type] ?? 1))).length }))
      .sort((a, b) => b.gzipBytes - a.gzipBytes);
  } catch {
    return [];
  }
}

/** Child step: one app over the graph; both encodings of the same unfiltered view. */
export async function measure(c: { dataDir: string; repeats: number }): Promise<TransferResult> {
  const app = await startApp(c.dataDir);
  try {
    const json = JSON.stringify(app.store.view({}).export());
    const naiveGzip = gzipSync(json);
    const parseMs = timeMedian(c.repeats, () => JSON.parse(json));
    const buildMs = timeMedian(c.repeats, () => Graph.from(JSON.parse(json)));

    let compact: TransferResult["compact"] = { available: false, reason: "not yet available" };
    const response = await fetchRaw(`${app.url}/api/graph?encoding=compact`);
    const decoderFile = path.join(benchDir, "../client/compact-decode.ts");
    if (response.status !== 200) compact = { available: false, reason: `not yet available (the service answers ${response.status})` };
    else if (!existsSync(decoderFile)) compact = { available: false, reason: "not yet available (no client/compact-decode.ts)" };
    else {
      const decoder = (await import(pathToFileURL(decoderFile).href)) as Partial<CompactModule>;
      if (typeof decoder.decodeCompact !== "function") compact = { available: false, reason: "not yet available (no decodeCompact export)" };
      else {
        const body = decoded(response);
        // A fresh copy per run, as a browser hands the decoder a new ArrayBuffer per response.
        const input = () => new Uint8Array(body);
        const decode = decoder.decodeCompact;
        const toGraph = decoder.toGraph;
        compact = {
          available: true,
          wireBytes: response.wire.length,
          rawBytes: body.length,
          contentEncoding: response.contentEncoding || "identity",
          decodeMs: timeMedian(c.repeats, () => decode(input())),
          buildMs: toGraph ? timeMedian(c.repeats, () => toGraph(decode(input()))) : [],
          sections: sectionSizes(body),
        };
      }
    }
    // What GET /api/graph sends today, for the note when there is no compact encoding to compare.
    const served = compact.available ? { wire: Buffer.alloc(0), contentEncoding: "" } : await fetchRaw(`${app.url}/api/graph`);
    return {
      edges: app.store.dataset.graph.size,
      naive: { gzipBytes: naiveGzip.length, jsonBytes: Buffer.byteLength(json), parseMs, buildMs },
      served: { wireBytes: served.wire.length, contentEncoding: served.contentEncoding || "identity" },
      compact,
    };
  } finally {
    await app.close();
  }
}

export async function run(plan: TransferPlan, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { graph, repeats } of plan.graphs) {
    const label = describeSpec(graph.spec);
    log(`transfer: ${label}`);
    const r = await runStep<TransferResult>("transfer#measure", { dataDir: graph.dataDir, repeats }, { heapMb: 12_000 });
    const section = "Whole-graph transfer";
    const naiveLabel = "naive row JSON (JSON.stringify(graph.export()), gzip)";
    const c = r.compact;
    const compactCell = (value: (x: Extract<TransferResult["compact"], { available: true }>) => Measure | undefined): Measure | string =>
      c.available ? value(c) ?? "n/a" : c.reason;
    rows.push({
      section,
      metric: "bytes on the wire",
      graph: label,
      ours: compactCell((x) => bytes(x.wireBytes)),
      peer: naiveLabel,
      peerValue: bytes(r.naive.gzipBytes),
      better: "lower",
      target: { atLeast: 4, text: "≤ 1/4 of naive" },
      note: c.available
        ? `compact body ${c.rawBytes.toLocaleString("en-US")} B before ${c.contentEncoding}, naive JSON ${r.naive.jsonBytes.toLocaleString("en-US")} B before gzip; the compact body leaves out evidence, descriptions and aliases (fetched per node), the naive one carries every attribute; largest compact sections, each gzipped alone: ${c.sections
            .slice(0, 4)
            .map((s) => `${s.name} ${(s.gzipBytes / 2 ** 20).toFixed(2)} MiB`)
            .join(", ")}`
        : `naive JSON is ${r.naive.jsonBytes.toLocaleString("en-US")} B before gzip; GET /api/graph today sends ${r.served.wireBytes.toLocaleString("en-US")} B (${r.served.contentEncoding})`,
    });
    rows.push({
      section,
      metric: `decode time (median of ${repeats})`,
      graph: label,
      ours: compactCell((x) => ms(median(x.decodeMs), x.decodeMs.length)),
      peer: "naive: JSON.parse",
      peerValue: ms(median(r.naive.parseMs), r.naive.parseMs.length),
      better: "lower",
      target: { atLeast: 4, text: "≤ 1/4 of naive" },
      note: "decode excludes gunzip (the browser's network stack does it) and starts from the received bytes; decodeCompact returns typed-array views and decodes strings lazily, so the next row is the fuller comparison",
    });
    rows.push({
      section,
      metric: `decode + build graphology graph (median of ${repeats})`,
      graph: label,
      ours: compactCell((x) => (x.buildMs.length ? ms(median(x.buildMs), x.buildMs.length) : undefined)),
      peer: "naive: JSON.parse + Graph.from",
      peerValue: ms(median(r.naive.buildMs), r.naive.buildMs.length),
      better: "lower",
    });
  }
  return rows;
}
