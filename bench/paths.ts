// Path queries on the same pairs, side by side: shortest path (ours, filtered ours, graphology-shortest-path,
// ngraph.path, networkx, igraph), k = 5 shortest paths and 2-hop neighbourhoods. Every implementation answers
// the same pair files; each reports hop counts so that answers can be checked against networkx.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import { bidirectional } from "graphology-shortest-path/unweighted.js";
import createGraph from "ngraph.graph";
import ngraphPath from "ngraph.path";
import { loadDataDirectory } from "../server/graph/io/load.js";
import { findPaths, pathBounds } from "../server/graph/query/paths.js";
import { neighborhood } from "../server/graph/query/neighborhood.js";
import { runStep } from "./child.js";
import { describeSpec, ensureNodeSample, ensurePairs, readEdgeEnds, readKeys, readPairs, type CachedGraph, type PairKind } from "./graphs.js";
import { availablePeers, runPeer, type PeerInfo, type Peers } from "./peers.js";
import { collectGarbage, now, percentile, timeEach, withGcReport, type GcReport } from "./stats.js";
import { ms, type Measure, type Row } from "./table.js";

export interface PairSet {
  label: string;
  kind: PairKind;
  count: number;
}

export interface PathsGraphPlan {
  graph: CachedGraph;
  pairSets: PairSet[];
  /** Pairs for k = 5 (0 = skip). */
  kCount: number;
  /** Nodes for 2-hop neighbourhoods (0 = skip). */
  hoodCount: number;
  /** Also time findPaths with minConfidence=assessed. */
  filtered: boolean;
}

export interface PathsPlan {
  graphs: PathsGraphPlan[];
  /** Untimed queries on other pairs of the same kind before each timed series (k paths and neighbourhoods use 5). */
  warmup: number;
  /** Per task and implementation: stops early (and says how many ran) when a slow peer would run past it. */
  budgetMs: number;
}

interface Series {
  times: number[];
  /** Hop count per query (-1: no path); for k paths, the hop count of each path found. */
  results: (number | number[])[];
  /** Ours only: collections during the series and how many of the slowest 1% overlapped one. */
  gc?: GcReport;
}

interface OursConfig {
  dataDir: string;
  edgesTsv: string;
  nodesTsv: string;
  pairs: { label: string; file: string; warm: string }[];
  kpairs?: { file: string; warm: string };
  hood?: { file: string; warm: string };
  filtered: boolean;
  budgetMs: number;
}

interface OursResult {
  loadMs: number;
  paths: Record<string, { ours: Series; filtered?: Series; graphology: Series; ngraph: Series }>;
  kpaths?: Series & { truncated: number };
  hood?: Series;
  /** The very first findPaths call, untimed in the series: it may build per-graph indexes. */
  firstCallMs: number;
  /** Wall time of each phase of the child, for the log. */
  phases: Record<string, number>;
}

interface PeerSuite {
  loadMs: number;
  paths: Record<string, Series>;
  kpaths?: Series;
  hood?: { times: number[]; sizes: number[] };
}

const maxLength = pathBounds.maxLength;

/** Child step: loads the dataset with our loader and times our functions and the in-process JS peers. */
export async function measureOurs(c: OursConfig): Promise<OursResult> {
  const phases: Record<string, number> = {};
  let t = now();
  const step = (name: string) => {
    phases[name] = now() - t;
    t = now();
  };
  const loaded = await loadDataDirectory(c.dataDir);
  if (!loaded.ok) throw new Error(`generated data does not validate: ${loaded.problems[0]?.message}`);
  const dataset = loaded.dataset;
  const loadMs = now() - t;
  step("load");
  const [firstFrom, firstTo] = readPairs(c.pairs[0].file)[0];
  findPaths(dataset, { from: firstFrom, to: firstTo, k: 1, maxLength });
  const firstCallMs = now() - t;
  step("first findPaths");

  // The in-process peers get the bare topology as a simple undirected graph, as networkx and igraph do.
  const keys = readFileSync(c.nodesTsv, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(0, line.indexOf("\t")));
  const ends = readEdgeEnds({ edgesTsv: c.edgesTsv } as CachedGraph);
  const simple = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const ngraph = createGraph();
  for (const k of keys) {
    simple.addNode(k);
    ngraph.addNode(k);
  }
  for (const [a, b] of ends) {
    if (a === b || simple.hasEdge(a, b)) continue;
    simple.addEdge(a, b);
    ngraph.addLink(a, b);
  }
  const nba = ngraphPath.nba(ngraph);
  step("peer graphs");

  const result: OursResult = { loadMs, paths: {}, firstCallMs, phases };
  for (const set of c.pairs) {
    const pairs = readPairs(set.file);
    const warm = readPairs(set.warm);
    const run = (fn: (pair: [string, string]) => number | number[]): Promise<Series> => {
      collectGarbage();
      return withGcReport(() => timeEach(pairs, fn, warm, c.budgetMs));
    };
    result.paths[set.label] = {
      ours: await run(([from, to]) => findPaths(dataset, { from, to, k: 1, maxLength }).paths[0]?.length ?? -1),
      filtered: c.filtered ? await run(([from, to]) => findPaths(dataset, { from, to, k: 1, maxLength, minConfidence: "assessed" }).paths[0]?.length ?? -1) : undefined,
      graphology: await run(([from, to]) => {
        const p = bidirectional(simple, from, to);
        return p ? p.length - 1 : -1;
      }),
      ngraph: await run(([from, to]) => {
        const p = nba.find(from, to);
        return p.length ? p.length - 1 : -1;
      }),
    };
    step(`pairs ${set.label}`);
  }

  if (c.kpairs) {
    const pairs = readPairs(c.kpairs.file);
    const warm = readPairs(c.kpairs.warm);
    const k5 = ([from, to]: [string, string]) => {
      const r = findPaths(dataset, { from, to, k: 5, maxLength });
      return { lengths: r.paths.map((p) => p.length), truncated: r.truncated };
    };
    collectGarbage();
    const series = await withGcReport(() => timeEach(pairs, k5, warm, c.budgetMs));
    result.kpaths = {
      ...series,
      results: series.results.map((r) => r.lengths),
      truncated: series.results.filter((r) => r.truncated).length,
    };
    step("k = 5");
  }

  if (c.hood) {
    const nodes = readKeys(c.hood.file);
    collectGarbage();
    result.hood = timeEach(nodes, (key) => neighborhood(dataset, key, 2).order, readKeys(c.hood.warm), c.budgetMs);
    step("2-hop neighbourhoods");
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Orchestration and rows

const quantile = (s: { times: number[] } | undefined, p: number): Measure | string => (s && s.times.length ? ms(percentile(s.times, p), s.times.length) : "n/a");

/**
 * How many answers differ from the peer's (hop counts), and how many of those only because ours stops at
 * maxLength hops: ours is a prefix of the peer's answer and the peer's next path is longer than the bound.
 */
function disagreements(a: Series | undefined, b: Series | undefined): { differ: number; bound: number; of: number } | undefined {
  if (!a || !b) return undefined;
  const n = Math.min(a.results.length, b.results.length);
  let differ = 0;
  let bound = 0;
  for (let i = 0; i < n; i++) {
    const x = a.results[i];
    const y = b.results[i];
    const xs = Array.isArray(x) ? x : x === -1 ? [] : [x];
    const ys = Array.isArray(y) ? y : y === -1 ? [] : [y];
    if (xs.length === ys.length && xs.every((v, j) => v === ys[j])) continue;
    differ++;
    if (xs.length < ys.length && xs.every((v, j) => v === ys[j]) && ys[xs.length] > maxLength) bound++;
  }
  return { differ, bound, of: n };
}

const describeDisagreements = (d: { differ: number; bound: number; of: number }, what: string) =>
  `${d.differ} of ${d.of} ${what} differ from the peer's${d.differ ? ` (${d.bound === d.differ ? "all" : d.bound} because ours stops at ${maxLength} hops, the API's maxLength bound)` : ""}`;

function gcNote(s: Series): string | undefined {
  if (!s.gc) return undefined;
  return `during ours' ${s.times.length} queries V8 collected garbage ${s.gc.count} times (${s.gc.totalMs.toFixed(1)} ms in all); ${s.gc.slowWithGc} of the ${s.gc.slowest} slowest queries overlapped a collection`;
}

export async function run(plan: PathsPlan, peers: Peers, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const available = availablePeers(peers);
  const unavailable = (lib: "networkx" | "igraph") => (peers[lib].available ? undefined : "peer unavailable");

  for (const g of plan.graphs) {
    const graphLabel = describeSpec(g.graph.spec);
    const atMillion = g.graph.spec.edges >= 1_000_000;
    const pairFiles = g.pairSets.map((s) => ({ label: s.label, file: ensurePairs(g.graph, s.kind, s.count), warm: ensurePairs(g.graph, s.kind, plan.warmup, 55) }));
    // k paths use the same kind of pairs as the graph's first set (on the grid: within the 8-hop bound).
    const kind = g.pairSets[0].kind;
    const kpairs = g.kCount ? { file: ensurePairs(g.graph, kind, g.kCount, 98), warm: ensurePairs(g.graph, kind, 5, 56) } : undefined;
    const hood = g.hoodCount ? { file: ensureNodeSample(g.graph, g.hoodCount), warm: ensureNodeSample(g.graph, 5, 57) } : undefined;

    log(`paths: ${graphLabel}: ours, graphology-shortest-path, ngraph.path`);
    let started = now();
    const ours = await runStep<OursResult>(
      "paths#measureOurs",
      {
        dataDir: g.graph.dataDir,
        edgesTsv: g.graph.edgesTsv,
        nodesTsv: g.graph.nodesTsv,
        pairs: pairFiles,
        kpairs,
        hood,
        filtered: g.filtered,
        budgetMs: plan.budgetMs,
      } satisfies OursConfig,
      { heapMb: 12_000 },
    );

    log(`  done in ${((now() - started) / 1000).toFixed(1)} s (${Object.entries(ours.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ")})`);
    const peerResults = new Map<string, PeerSuite | string>();
    for (const info of available) {
      log(`paths: ${graphLabel}: ${info.label}`);
      const args = ["suite", "--nodes", g.graph.nodesTsv, "--edges", g.graph.edgesTsv, "--budget-s", String(plan.budgetMs / 1000)];
      for (const p of pairFiles) args.push("--pairs", `${p.label}=${p.file}|${p.warm}`);
      if (kpairs) args.push("--kpairs", `${kpairs.file}|${kpairs.warm}`, "--k", "5");
      if (hood) args.push("--hood", `${hood.file}|${hood.warm}`, "--depth", "2");
      try {
        started = now();
        peerResults.set(info.library, await runPeer<PeerSuite>(info, args));
        log(`  done in ${((now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        log(`  ${(error as Error).message}`);
        peerResults.set(info.library, `failed: ${(error as Error).message.slice(0, 80)}`);
      }
    }
    const peerLabel = (lib: "networkx" | "igraph") => (peers[lib].available ? peers[lib].info.label : lib);
    const suiteOf = (lib: "networkx" | "igraph"): PeerSuite | string => peerResults.get(lib) ?? unavailable(lib) ?? "peer unavailable";

    for (const set of g.pairSets) {
      const mine = ours.paths[set.label];
      const section = "Shortest path (k = 1)";
      const graph = `${graphLabel}, ${set.label}`;
      for (const p of [50, 99] as const) {
        const metric = `p${p} over ${mine.ours.times.length} pairs`;
        for (const lib of ["networkx", "igraph"] as const) {
          const suite = suiteOf(lib);
          const series = typeof suite === "string" ? undefined : suite.paths[set.label];
          const differ = lib === "networkx" && p === 50 ? disagreements(mine.ours, series) : undefined;
          rows.push({
            section,
            metric,
            graph,
            ours: quantile(mine.ours, p),
            peer: peerLabel(lib),
            peerValue: typeof suite === "string" ? suite : quantile(series, p),
            better: "lower",
            target: atMillion ? (lib === "networkx" ? { atLeast: 10, text: "≥ 10× faster" } : { atLeast: 1, text: "no slower" }) : undefined,
            note:
              differ !== undefined
                ? `${describeDisagreements(differ, "hop counts")}; networkx graph build ${((suite as PeerSuite).loadMs / 1000).toFixed(1)} s, ours (load + validate) ${(ours.loadMs / 1000).toFixed(1)} s and first query ${ours.firstCallMs.toFixed(0)} ms (per-graph indexes), not timed above`
                : lib === "networkx" && p === 99
                  ? gcNote(mine.ours)
                  : undefined,
          });
        }
        rows.push({ section, metric, graph, ours: quantile(mine.ours, p), peer: "graphology-shortest-path (bidirectional)", peerValue: quantile(mine.graphology, p), better: "lower" });
        rows.push({ section, metric, graph, ours: quantile(mine.ours, p), peer: "ngraph.path (nba)", peerValue: quantile(mine.ngraph, p), better: "lower" });
        if (mine.filtered)
          rows.push({
            section,
            metric: `${metric}, minConfidence=assessed`,
            graph,
            ours: quantile(mine.filtered, p),
            peer: "actor-graph unfiltered (peers have no per-query filter)",
            peerValue: quantile(mine.ours, p),
            better: "lower",
          });
      }
    }

    if (ours.kpaths) {
      const section = "k = 5 shortest loopless paths";
      for (const p of [50, 99] as const)
        for (const lib of ["networkx", "igraph"] as const) {
          const suite = suiteOf(lib);
          const series = typeof suite === "string" ? undefined : suite.kpaths;
          const differ = p === 50 ? disagreements(ours.kpaths, series) : undefined;
          rows.push({
            section,
            metric: `p${p} over ${ours.kpaths.times.length} pairs`,
            graph: graphLabel,
            ours: quantile(ours.kpaths, p),
            peer: lib === "networkx" ? `${peerLabel(lib)} shortest_simple_paths` : `${peerLabel(lib)} get_k_shortest_paths`,
            peerValue: typeof suite === "string" ? suite : series ? quantile(series, p) : "not in this igraph version",
            better: "lower",
            target: { atLeast: 1, text: "faster" },
            note:
              p === 99 && lib === "networkx"
                ? gcNote(ours.kpaths)
                : differ !== undefined && series
                ? `${describeDisagreements(differ, "hop-count lists")}${ours.kpaths.truncated ? `; ${ours.kpaths.truncated} of ours hit the 2 s time budget` : ""}${series.times.length < ours.kpaths.times.length ? `; the peer ran ${series.times.length} pairs within the budget` : ""}`
                : undefined,
          });
        }
    }

    if (ours.hood) {
      const section = "2-hop neighbourhood (subgraph)";
      const sizes = ours.hood.results as number[];
      for (const lib of ["networkx", "igraph"] as const) {
        const suite = suiteOf(lib);
        rows.push({
          section,
          metric: `p50 over ${ours.hood.times.length} nodes`,
          graph: graphLabel,
          ours: quantile(ours.hood, 50),
          peer: lib === "networkx" ? `${peerLabel(lib)} ego_graph` : `${peerLabel(lib)} neighborhood + induced_subgraph`,
          peerValue: typeof suite === "string" ? suite : suite.hood ? quantile(suite.hood, 50) : "n/a",
          better: "lower",
          note:
            lib === "networkx"
              ? `median neighbourhood ${percentile(sizes, 50)} nodes; ours is neighborhood() as the API calls it (filters checked on every edge, subgraph with attributes copied)`
              : undefined,
        });
      }
    }
  }
  return rows;
}
