// Generated benchmark graphs, cached under bench/out/graphs/ by shape, size and seed: the graph-data
// directory our loader reads, the TSV edge and node lists the peers read, and seeded query samples.
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seededRandom } from "../server/graph/display/random.js";
import { generateGraph, writeGraphDirectory, type Shape, type SyntheticGraph } from "../scripts/generate-graph.js";

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const outDir = path.join(benchDir, "out");
const cacheDir = path.join(outDir, "graphs");
/** Bumped whenever the TSV or sample formats change, so stale caches are rebuilt. */
const formatVersion = 1;

export interface GraphSpec {
  shape: Shape;
  nodes: number;
  edges: number;
  seed: number;
}

export interface CachedGraph {
  spec: GraphSpec;
  key: string;
  /** graph-data directory for loadDataDirectory. */
  dataDir: string;
  /** `key source target undirected relation confidence since until evidence` per line, no header. */
  edgesTsv: string;
  /** `key kind label aliases description evidence date` per line, no header. */
  nodesTsv: string;
  dir: string;
}

export const graphKey = (s: GraphSpec) => `${s.shape}-n${s.nodes}-m${s.edges}-s${s.seed}`;
export const describeSpec = (s: GraphSpec) => `${s.shape} ${compact(s.nodes)} nodes / ${compact(s.edges)} edges`;

export function compact(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

function generatorHash(): string {
  const hash = createHash("sha256").update(String(formatVersion));
  hash.update(readFileSync(path.join(benchDir, "../scripts/generate-graph.ts")));
  return hash.digest("hex").slice(0, 16);
}

class Lines {
  private readonly fd: number;
  private buffer: string[] = [];
  private length = 0;
  constructor(file: string) {
    this.fd = openSync(file, "w");
  }
  line(text: string): void {
    this.buffer.push(text, "\n");
    this.length += text.length + 1;
    if (this.length > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buffer.length) writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.length = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const clean = (s: string | undefined) => (s ?? "").replace(/[\t\n|;]/g, " ");
const evidenceField = (e: { source: string; locator: string; claim: string }[]) => e.map((x) => `${clean(x.source)}|${clean(x.locator)}|${clean(x.claim)}`).join(";");

function writeTsv(graph: SyntheticGraph, edgesTsv: string, nodesTsv: string): void {
  const nodes = new Lines(nodesTsv);
  for (let i = 0; i < graph.order; i++) {
    const { key, attributes: a } = graph.node(i);
    nodes.line([key, a.kind, clean(a.label), a.aliases.map(clean).join("|"), clean(a.description), evidenceField(a.evidence), a.date ?? ""].join("\t"));
  }
  nodes.close();
  const edges = new Lines(edgesTsv);
  for (let i = 0; i < graph.size; i++) {
    const e = graph.edge(i);
    const a = e.attributes;
    edges.line([e.key, e.source, e.target, e.undirected ? "1" : "0", a.relation, a.confidence, a.since ?? "", a.until ?? "", evidenceField(a.evidence)].join("\t"));
  }
  edges.close();
}

const cachedGraphOf = (spec: GraphSpec): CachedGraph => {
  const key = graphKey(spec);
  const dir = path.join(cacheDir, key);
  return { spec, key, dir, dataDir: path.join(dir, "data"), edgesTsv: path.join(dir, "edges.tsv"), nodesTsv: path.join(dir, "nodes.tsv") };
};

/** Generates the graph unless an up-to-date copy is cached; meta.json is written last as the completion mark. */
export function ensureGraph(spec: GraphSpec, log: (s: string) => void = () => {}): CachedGraph {
  const cached = cachedGraphOf(spec);
  const metaFile = path.join(cached.dir, "meta.json");
  const hash = generatorHash();
  try {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as { generatorHash?: string };
    if (meta.generatorHash === hash) return cached;
  } catch {
    // not cached yet
  }
  const started = performance.now();
  rmSync(cached.dir, { recursive: true, force: true });
  mkdirSync(cached.dir, { recursive: true });
  const graph = generateGraph(spec);
  writeGraphDirectory(graph, cached.dataDir);
  writeTsv(graph, cached.edgesTsv, cached.nodesTsv);
  writeFileSync(metaFile, JSON.stringify({ spec, generatorHash: hash }, null, 2));
  log(`generated ${describeSpec(spec)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return cached;
}

// ---------------------------------------------------------------------------------------------
// Query samples

export type PairKind =
  /** Uniformly random distinct pairs. */
  | "random"
  /** A random source and a target 2..maxHops hops away (the distance itself drawn uniformly). */
  | "near"
  /** Ends in different components: no path exists. */
  | "apart";

/** Undirected adjacency in CSR form, for sampling only. */
function csr(graph: SyntheticGraph): { offsets: Int32Array; targets: Int32Array } {
  const degree = new Int32Array(graph.order + 1);
  for (let i = 0; i < graph.size; i++) {
    degree[graph.sources[i] + 1]++;
    degree[graph.targets[i] + 1]++;
  }
  for (let i = 1; i <= graph.order; i++) degree[i] += degree[i - 1];
  const fill = degree.slice(0, graph.order);
  const targets = new Int32Array(2 * graph.size);
  for (let i = 0; i < graph.size; i++) {
    targets[fill[graph.sources[i]]++] = graph.targets[i];
    targets[fill[graph.targets[i]]++] = graph.sources[i];
  }
  return { offsets: degree, targets };
}

function samplePairs(graph: SyntheticGraph, kind: PairKind, count: number, seed: number, maxHops: number): [number, number][] {
  const rng = seededRandom(seed);
  const n = graph.order;
  const pairs: [number, number][] = [];
  if (kind === "random") {
    while (pairs.length < count) {
      const a = Math.floor(rng() * n);
      const b = Math.floor(rng() * n);
      if (a !== b) pairs.push([a, b]);
    }
    return pairs;
  }
  if (kind === "apart") {
    const components = new Set(graph.component);
    if (components.size < 2) throw new Error(`${graph.options.shape} graph has one component: no no-path pairs`);
    while (pairs.length < count) {
      const a = Math.floor(rng() * n);
      const b = Math.floor(rng() * n);
      if (graph.component[a] !== graph.component[b]) pairs.push([a, b]);
    }
    return pairs;
  }
  const { offsets, targets } = csr(graph);
  const dist = new Int32Array(n).fill(-1);
  let attempts = 0;
  while (pairs.length < count) {
    if (++attempts > count * 50) throw new Error("could not sample enough near pairs");
    const a = Math.floor(rng() * n);
    const byDistance: number[][] = Array.from({ length: maxHops + 1 }, () => []);
    const touched = [a];
    dist[a] = 0;
    let frontier = [a];
    for (let d = 1; d <= maxHops && frontier.length; d++) {
      const next: number[] = [];
      for (const u of frontier)
        for (let j = offsets[u]; j < offsets[u + 1]; j++) {
          const v = targets[j];
          if (dist[v] !== -1) continue;
          dist[v] = d;
          touched.push(v);
          next.push(v);
          byDistance[d].push(v);
        }
      frontier = next;
    }
    for (const t of touched) dist[t] = -1;
    const available = byDistance.map((list, d) => (d >= 2 && list.length ? d : -1)).filter((d) => d > 0);
    if (!available.length) continue;
    const d = available[Math.floor(rng() * available.length)];
    pairs.push([a, byDistance[d][Math.floor(rng() * byDistance[d].length)]]);
  }
  return pairs;
}

/** Writes (once) and returns a TSV of `sourceKey targetKey` pairs. */
export function ensurePairs(cached: CachedGraph, kind: PairKind, count: number, seed = 99, maxHops = 8): string {
  const file = path.join(cached.dir, `pairs-${kind}-${count}-s${seed}-h${maxHops}.tsv`);
  if (existsSync(file)) return file;
  const graph = generateGraph(cached.spec);
  const pairs = samplePairs(graph, kind, count, seed, maxHops);
  writeFileSync(`${file}.tmp`, pairs.map(([a, b]) => `${graph.nodeKey(a)}\t${graph.nodeKey(b)}\n`).join(""));
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Writes (once) and returns a file of `count` random node keys, one per line. */
export function ensureNodeSample(cached: CachedGraph, count: number, seed = 77): string {
  const file = path.join(cached.dir, `nodes-${count}-s${seed}.txt`);
  if (existsSync(file)) return file;
  const graph = generateGraph(cached.spec);
  const rng = seededRandom(seed);
  const keys = Array.from({ length: count }, () => graph.nodeKey(Math.floor(rng() * graph.order)));
  writeFileSync(`${file}.tmp`, keys.map((k) => `${k}\n`).join(""));
  renameSync(`${file}.tmp`, file);
  return file;
}

export function readPairs(file: string): [string, string][] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t") as [string, string]);
}

export function readKeys(file: string): string[] {
  return readFileSync(file, "utf8").split("\n").filter(Boolean);
}

/** Reads the TSV edge list as `source, target` key pairs (what the in-process peers build from). */
export function readEdgeEnds(cached: CachedGraph): [string, string][] {
  const out: [string, string][] = [];
  for (const line of readFileSync(cached.edgesTsv, "utf8").split("\n")) {
    if (!line) continue;
    const a = line.indexOf("\t");
    const b = line.indexOf("\t", a + 1);
    const c = line.indexOf("\t", b + 1);
    out.push([line.slice(a + 1, b), line.slice(b + 1, c)]);
  }
  return out;
}
