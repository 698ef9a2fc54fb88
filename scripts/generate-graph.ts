// Seeded synthetic actor graphs (power-law, clustered, grid, disconnected) written as a graph-data directory or one graphology JSON file.
//
//   npx tsx scripts/generate-graph.ts --shape powerlaw|clustered|grid|disconnected --nodes N [--edges M] --seed S --out DIR|FILE.json
//
// The same options always give the same bytes: topology comes from one seeded stream, and each node's and
// edge's attributes from a stream seeded by (seed, index), so output can be written in chunks without
// holding a million attribute objects in memory.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { seededRandom } from "../server/graph/display/random.js";
import type { Confidence, EdgeAttributes, Evidence, NodeAttributes, Vocabulary } from "../server/graph/model/types.js";

export const shapes = ["powerlaw", "clustered", "grid", "disconnected"] as const;
export type Shape = (typeof shapes)[number];

/** Items per nodes/*.json or edges/*.json file. */
export const chunkSize = 50_000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const curatedDir = path.join(repoRoot, "graph-data");

export interface GenerateOptions {
  shape: Shape;
  nodes: number;
  /** Defaults to the lattice size for grid and to 4 × nodes otherwise. */
  edges?: number;
  seed: number;
  /** Relations and kinds to draw from; defaults to graph-data/vocabulary.json. */
  vocabulary?: Vocabulary;
}

export interface NodeRecord {
  key: string;
  attributes: NodeAttributes;
}

export interface EdgeRecord {
  key: string;
  source: string;
  target: string;
  undirected?: true;
  attributes: EdgeAttributes;
}

/** Topology as flat arrays plus attribute makers; records are built on demand, deterministically. */
export interface SyntheticGraph {
  options: Required<Omit<GenerateOptions, "vocabulary">>;
  order: number;
  size: number;
  /** Edge i joins node `sources[i]` to node `targets[i]` (indices); its direction follows the relation. */
  sources: Int32Array;
  targets: Int32Array;
  /** Component index of every node for the disconnected shape (else all 0). */
  component: Int32Array;
  nodeKey(index: number): string;
  node(index: number): NodeRecord;
  edge(index: number): EdgeRecord;
  graphAttributes: Record<string, unknown>;
}

export function readCuratedVocabulary(): Vocabulary {
  return JSON.parse(readFileSync(path.join(curatedDir, "vocabulary.json"), "utf8")) as Vocabulary;
}

// ---------------------------------------------------------------------------------------------
// Random helpers

/** A stream for item `index` under `salt`, independent of every other item's stream. */
function itemRandom(seed: number, salt: number, index: number): () => number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35) ^ Math.imul(index + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return seededRandom((h ^ (h >>> 16)) >>> 0);
}

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

function weighted<T>(rng: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

// ---------------------------------------------------------------------------------------------
// Topology

interface Topology {
  sources: Int32Array;
  targets: Int32Array;
  component: Int32Array;
}

/** Splits `total` into `parts` integers that sum exactly to it, proportional to the weights. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - out.reduce((s, n) => s + n, 0);
  for (let i = 0; rest > 0; i = (i + 1) % out.length, rest--) out[i]++;
  return out;
}

/**
 * Preferential attachment (Barabási–Albert) on nodes [offset, offset + n): every new node links to
 * earlier nodes picked in proportion to their degree, so degrees follow a power law and the
 * component is connected whenever m ≥ n − 1.
 */
function preferentialAttachment(rng: () => number, offset: number, n: number, m: number, out: Topology, at: number): number {
  if (n < 2 || m === 0) return at;
  const ends = new Int32Array(2 * m);
  let endsLength = 0;
  const picked = new Set<number>();
  for (let i = 1; i < n; i++) {
    const quota = Math.floor((i * m) / (n - 1)) - Math.floor(((i - 1) * m) / (n - 1));
    picked.clear();
    for (let j = 0; j < quota; j++) {
      let t = -1;
      for (let attempt = 0; attempt < 8; attempt++) {
        // A little uniform mixing keeps the oldest nodes from taking every edge on small graphs.
        t = endsLength === 0 || rng() < 0.1 ? Math.floor(rng() * i) : ends[Math.floor(rng() * endsLength)];
        if (!picked.has(t)) break;
      }
      picked.add(t);
      out.sources[at] = offset + i;
      out.targets[at] = offset + t;
      at++;
    }
    for (const t of picked) {
      ends[endsLength++] = i;
      ends[endsLength++] = t;
    }
    // Repeated picks of the same target count once in `ends`; the edge itself is still written (multigraph).
  }
  return at;
}

function powerlaw(rng: () => number, n: number, m: number): Topology {
  const out: Topology = { sources: new Int32Array(m), targets: new Int32Array(m), component: new Int32Array(n) };
  preferentialAttachment(rng, 0, n, m, out, 0);
  return out;
}

/** Communities of uneven size: a spanning tree inside each, then 92% of the rest inside, 8% across. */
function clustered(rng: () => number, n: number, m: number): Topology {
  const out: Topology = { sources: new Int32Array(m), targets: new Int32Array(m), component: new Int32Array(n) };
  const count = Math.max(1, Math.round(n / 250));
  const sizes = apportion(n, Array.from({ length: count }, () => 0.3 + rng()));
  const start: number[] = [];
  const community = new Int32Array(n);
  let cursor = 0;
  sizes.forEach((size, c) => {
    start.push(cursor);
    community.fill(c, cursor, cursor + size);
    cursor += size;
  });
  let at = 0;
  for (let c = 0; c < count && at < m; c++)
    for (let i = start[c] + 1; i < start[c] + sizes[c] && at < m; i++) {
      out.sources[at] = i;
      out.targets[at] = start[c] + Math.floor(rng() * (i - start[c]));
      at++;
    }
  while (at < m) {
    const u = Math.floor(rng() * n);
    const c = community[u];
    const v = rng() < 0.92 && sizes[c] > 1 ? start[c] + Math.floor(rng() * sizes[c]) : Math.floor(rng() * n);
    if (u === v) continue;
    out.sources[at] = u;
    out.targets[at] = v;
    at++;
  }
  return out;
}

export function gridWidth(n: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(n)));
}

export function latticeEdgeCount(n: number): number {
  const w = gridWidth(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if ((i % w) + 1 < w && i + 1 < n) count++;
    if (i + w < n) count++;
  }
  return count;
}

/** A square lattice (long shortest paths); extra edges join nodes at most two rows or columns apart. */
function grid(rng: () => number, n: number, m: number): Topology {
  const out: Topology = { sources: new Int32Array(m), targets: new Int32Array(m), component: new Int32Array(n) };
  const w = gridWidth(n);
  const lattice: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if ((i % w) + 1 < w && i + 1 < n) lattice.push([i, i + 1]);
    if (i + w < n) lattice.push([i, i + w]);
  }
  let keep: number[] = lattice.map((_, i) => i);
  if (m < lattice.length) {
    // Partial Fisher–Yates: a seeded choice of m lattice edges, written back in lattice order.
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(rng() * (keep.length - i));
      [keep[i], keep[j]] = [keep[j], keep[i]];
    }
    keep = keep.slice(0, m).sort((a, b) => a - b);
  }
  let at = 0;
  for (const i of keep) {
    out.sources[at] = lattice[i][0];
    out.targets[at] = lattice[i][1];
    at++;
  }
  while (at < m) {
    const u = Math.floor(rng() * n);
    const r = Math.floor(u / w) + Math.floor(rng() * 5) - 2;
    const c = (u % w) + Math.floor(rng() * 5) - 2;
    const v = r * w + c;
    if (c < 0 || c >= w || r < 0 || v >= n || v === u) continue;
    out.sources[at] = u;
    out.targets[at] = v;
    at++;
  }
  return out;
}

/** Power-law components of very different sizes with no edge between them (for no-path queries). */
function disconnected(rng: () => number, n: number, m: number): Topology {
  const out: Topology = { sources: new Int32Array(m), targets: new Int32Array(m), component: new Int32Array(n) };
  const count = Math.max(2, Math.min(Math.floor(n / 2), Math.round(n / 500)));
  const weights = Array.from({ length: count }, () => 0.05 + rng() ** 2);
  const sizes = apportion(n - 2 * count, weights).map((s) => s + 2);
  const edgeCounts = apportion(m, sizes);
  let offset = 0;
  let at = 0;
  sizes.forEach((size, c) => {
    out.component.fill(c, offset, offset + size);
    const before = at;
    at = preferentialAttachment(rng, offset, size, edgeCounts[c], out, at);
    // A two-node component cannot hold several distinct edges; the multigraph keeps parallels.
    if (at - before !== edgeCounts[c]) throw new Error("internal: component edge count mismatch");
    offset += size;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Attributes

const syllables = ["ka", "ro", "mi", "tan", "ze", "bek", "lu", "sha", "dor", "vi", "nur", "qa", "tor", "el", "az", "jan", "ur", "pol", "sa", "khi", "mar", "den", "yo", "ris"];
const nameOf = (rng: () => number, parts: number) => {
  let s = "";
  for (let i = 0; i < parts; i++) s += pick(rng, syllables);
  return s[0].toUpperCase() + s.slice(1);
};

const kindWeights: (readonly [string, number])[] = [
  ["group", 20],
  ["person", 24],
  ["place", 12],
  ["state", 4],
  ["organisation", 8],
  ["attack", 10],
  ["event", 5],
  ["investment", 6],
  ["population", 4],
  ["media", 4],
  ["publication", 3],
];

function labelFor(rng: () => number, kind: string, year: number): string {
  const a = nameOf(rng, 2);
  const b = nameOf(rng, 2 + Math.floor(rng() * 2));
  switch (kind) {
    case "group":
      return `${a} ${pick(rng, ["Front", "Brigade", "Movement", "Jamaat", "Battalion", "Network"])}`;
    case "person":
      return `${a} ${b}`;
    case "place":
      return `${b} ${pick(rng, ["Valley", "District", "Province", "Pass", "City"])}`;
    case "state":
      return `${pick(rng, ["Republic of", "Kingdom of", "Federation of"])} ${b}`;
    case "organisation":
      return `${a} ${pick(rng, ["Council", "Committee", "Agency", "Foundation"])}`;
    case "attack":
      return `${year} ${b} ${pick(rng, ["bombing", "raid", "ambush", "shooting"])}`;
    case "event":
      return `${year} ${b} ${pick(rng, ["summit", "accord", "offensive", "split"])}`;
    case "investment":
      return `${b} ${pick(rng, ["Pipeline", "Railway", "Mine", "Corridor", "Dam"])}`;
    case "population":
      return `${b} ${pick(rng, ["diaspora", "migrants", "tribes", "refugees"])}`;
    case "media":
      return `${a} ${pick(rng, ["Media", "Voice", "Channel", "Press"])}`;
    default:
      return `The ${b} ${pick(rng, ["Report", "Review", "Brief"])}`;
  }
}

const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

function partialDate(rng: () => number, year: number): string {
  const r = rng();
  if (r < 0.5) return String(year);
  const month = 1 + Math.floor(rng() * 12);
  const mm = String(month).padStart(2, "0");
  if (r < 0.8) return `${year}-${mm}`;
  return `${year}-${mm}-${String(1 + Math.floor(rng() * 28)).padStart(2, "0")}`;
}

function evidenceList(rng: () => number): Evidence[] {
  const count = weighted(rng, [[1, 70], [2, 20], [3, 10]] as const);
  return Array.from({ length: count }, () => ({ source: "S1", locator: `P${1 + Math.floor(rng() * 26)}`, claim: "synthetic" }));
}

const confidenceWeights: (readonly [Confidence, number])[] = [
  ["reported", 50],
  ["assessed", 30],
  ["speculative", 20],
];

// ---------------------------------------------------------------------------------------------

export function generateGraph(options: GenerateOptions): SyntheticGraph {
  const { shape, seed } = options;
  const n = options.nodes;
  if (!shapes.includes(shape)) throw new Error(`--shape: expected one of ${shapes.join(", ")}`);
  if (!Number.isInteger(n) || n < 2) throw new Error("--nodes: expected an integer of at least 2");
  if (!Number.isInteger(seed) || seed < 0) throw new Error("--seed: expected a non-negative integer");
  const m = options.edges ?? (shape === "grid" ? latticeEdgeCount(n) : 4 * n);
  if (!Number.isInteger(m) || m < 0) throw new Error("--edges: expected a non-negative integer");
  const vocabulary = options.vocabulary ?? readCuratedVocabulary();

  const rng = seededRandom(seed);
  const topology =
    shape === "powerlaw" ? powerlaw(rng, n, m) : shape === "clustered" ? clustered(rng, n, m) : shape === "grid" ? grid(rng, n, m) : disconnected(rng, n, m);

  const knownKinds = new Set(vocabulary.nodeKinds.map((k) => k.id));
  const kinds = kindWeights.filter(([k]) => knownKinds.has(k));
  for (const k of vocabulary.nodeKinds) if (!kinds.some(([id]) => id === k.id)) kinds.push([k.id, 2]);
  // Symmetric relations are drawn more often so that about a fifth of edges are undirected, as in the curated data.
  const relations = vocabulary.relations.map((r) => [r, r.directed ? 1 : 3] as const);

  /** Kind, year and label of node i, replayed from its own stream (the stream goes on for the other attributes). */
  const identity = (i: number) => {
    const r = itemRandom(seed, 1, i);
    const kind = weighted(r, kinds);
    const year = 1990 + Math.floor(r() * 34);
    return { r, kind, year, label: labelFor(r, kind, year) };
  };
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = `${slug(identity(i).label)}-${i}`;

  const node = (i: number): NodeRecord => {
    const { r, kind, year, label } = identity(i);
    const aliasCount = weighted(r, [[0, 60], [1, 30], [2, 10]] as const);
    const aliases: string[] = [];
    for (let a = 0; a < aliasCount; a++) aliases.push(a === 0 ? label.split(" ").map((w) => w[0]).join("").toUpperCase() : nameOf(r, 3));
    const attributes: NodeAttributes = {
      label,
      kind,
      aliases,
      description: `Synthetic ${kind} #${i} (${shape} graph, seed ${seed}).`,
      evidence: evidenceList(r),
    };
    if (kind === "attack" || kind === "event") attributes.date = partialDate(r, year);
    return { key: keys[i], attributes };
  };

  const edge = (i: number): EdgeRecord => {
    const r = itemRandom(seed, 3, i);
    const relation = weighted(r, relations);
    let s = topology.sources[i];
    let t = topology.targets[i];
    if (relation.directed && r() < 0.5) [s, t] = [t, s];
    const attributes: EdgeAttributes = { relation: relation.id, confidence: weighted(r, confidenceWeights), evidence: [] };
    if (r() < 0.5) {
      const sinceYear = 1990 + Math.floor(r() * 34);
      attributes.since = partialDate(r, sinceYear);
      if (r() < 0.3) {
        const untilYear = sinceYear + Math.floor(r() * (2025 - sinceYear));
        attributes.until = untilYear === sinceYear ? String(untilYear) : partialDate(r, untilYear);
      }
    }
    attributes.evidence = evidenceList(r);
    return {
      key: `e-${i}`,
      source: keys[s],
      target: keys[t],
      ...(relation.directed ? {} : { undirected: true as const }),
      attributes,
    };
  };

  return {
    options: { shape, nodes: n, edges: m, seed },
    order: n,
    size: m,
    sources: topology.sources,
    targets: topology.targets,
    component: topology.component,
    nodeKey: (i) => keys[i],
    node,
    edge,
    graphAttributes: {
      name: `Synthetic ${shape} graph (${n} nodes, ${m} edges, seed ${seed})`,
      description: "Generated by scripts/generate-graph.ts for tests and benchmarks; every claim is synthetic.",
      sources: ["S1"],
      generator: { shape, nodes: n, edges: m, seed },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Writers

const graphOptions = { type: "mixed", multi: true, allowSelfLoops: false } as const;

/** Buffered synchronous writer: big outputs never become one giant string. */
class FileWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;

  constructor(file: string) {
    this.fd = openSync(file, "w");
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join(""));
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function writeList(file: string, field: "nodes" | "edges", from: number, to: number, item: (i: number) => unknown): void {
  const out = new FileWriter(file);
  out.write(`{"${field}":[\n`);
  for (let i = from; i < to; i++) out.write(`${JSON.stringify(item(i))}${i + 1 < to ? "," : ""}\n`);
  out.write("]}\n");
  out.close();
}

function isGeneratedDirectory(dir: string): boolean {
  try {
    const graph = JSON.parse(readFileSync(path.join(dir, "graph.json"), "utf8")) as { attributes?: { generator?: unknown } };
    return graph.attributes?.generator !== undefined;
  } catch {
    return false;
  }
}

/** Writes graph.json, vocabulary.json and sources.json (copied from graph-data/), nodes/*.json and edges/*.json. */
export function writeGraphDirectory(graph: SyntheticGraph, dir: string): string[] {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !isGeneratedDirectory(dir))
    throw new Error(`${dir} is not empty and was not written by this generator; refusing to overwrite it`);
  for (const sub of ["nodes", "edges"]) rmSync(path.join(dir, sub), { recursive: true, force: true });
  mkdirSync(path.join(dir, "nodes"), { recursive: true });
  mkdirSync(path.join(dir, "edges"), { recursive: true });
  const written: string[] = [];
  const put = (relative: string, text: string) => {
    const out = new FileWriter(path.join(dir, relative));
    out.write(text);
    out.close();
    written.push(relative);
  };
  put("graph.json", `${JSON.stringify({ attributes: graph.graphAttributes, options: graphOptions }, null, 2)}\n`);
  put("vocabulary.json", readFileSync(path.join(curatedDir, "vocabulary.json"), "utf8"));
  put("sources.json", readFileSync(path.join(curatedDir, "sources.json"), "utf8"));
  const chunks = (total: number) => Math.max(1, Math.ceil(total / chunkSize));
  for (let c = 0; c < chunks(graph.order); c++) {
    const relative = `nodes/nodes-${String(c).padStart(4, "0")}.json`;
    writeList(path.join(dir, relative), "nodes", c * chunkSize, Math.min(graph.order, (c + 1) * chunkSize), graph.node);
    written.push(relative);
  }
  for (let c = 0; c < chunks(graph.size); c++) {
    const relative = `edges/edges-${String(c).padStart(4, "0")}.json`;
    writeList(path.join(dir, relative), "edges", c * chunkSize, Math.min(graph.size, (c + 1) * chunkSize), graph.edge);
    written.push(relative);
  }
  return written;
}

/** Writes one graphology serialization ({attributes, options, nodes, edges}) to `file`. */
export function writeGraphologyFile(graph: SyntheticGraph, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = new FileWriter(file);
  out.write(`{"attributes":${JSON.stringify(graph.graphAttributes)},\n"options":${JSON.stringify(graphOptions)},\n"nodes":[\n`);
  for (let i = 0; i < graph.order; i++) out.write(`${JSON.stringify(graph.node(i))}${i + 1 < graph.order ? "," : ""}\n`);
  out.write(`],\n"edges":[\n`);
  for (let i = 0; i < graph.size; i++) out.write(`${JSON.stringify(graph.edge(i))}${i + 1 < graph.size ? "," : ""}\n`);
  out.write("]}\n");
  out.close();
}

/** Writes a directory, or one graphology file when `out` ends in .json. */
export function writeGraph(graph: SyntheticGraph, out: string): void {
  if (out.endsWith(".json")) writeGraphologyFile(graph, out);
  else writeGraphDirectory(graph, out);
}

// ---------------------------------------------------------------------------------------------
// CLI

const usage = `usage: npx tsx scripts/generate-graph.ts --shape ${shapes.join("|")} --nodes N [--edges M] --seed S --out DIR|FILE.json`;

function integer(name: string, text: string | undefined, required: boolean): number | undefined {
  if (text === undefined) {
    if (required) throw new Error(`--${name} is required\n${usage}`);
    return undefined;
  }
  const value = Number(text.replace(/_/g, ""));
  if (!/^[\d_]+$/.test(text) || !Number.isSafeInteger(value)) throw new Error(`--${name}: expected a whole number, got "${text}"`);
  return value;
}

export function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      shape: { type: "string" },
      nodes: { type: "string" },
      edges: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.shape || !shapes.includes(values.shape as Shape)) throw new Error(`--shape: expected one of ${shapes.join(", ")}\n${usage}`);
  if (!values.out) throw new Error(`--out is required\n${usage}`);
  const out = path.resolve(values.out);
  if (path.relative(curatedDir, out) === "" || !path.relative(curatedDir, out).startsWith("..")) throw new Error("--out must not be inside graph-data/");
  if (existsSync(out) && !out.endsWith(".json") && !statSync(out).isDirectory()) throw new Error(`--out: ${out} is a file, not a directory`);
  const started = Date.now();
  const graph = generateGraph({
    shape: values.shape as Shape,
    nodes: integer("nodes", values.nodes, true) as number,
    edges: integer("edges", values.edges, false),
    seed: integer("seed", values.seed, true) as number,
  });
  writeGraph(graph, out);
  console.log(`wrote ${graph.order} nodes, ${graph.size} edges (${graph.options.shape}, seed ${graph.options.seed}) to ${out} in ${Date.now() - started} ms`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
