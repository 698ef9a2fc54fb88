// Graph load time and memory per edge: ours (graph-data directory → validated graphology graph, each run in a
// fresh child, memory from process.memoryUsage() deltas) beside networkx and igraph building the same content
// from the TSV lists (time without tracing; memory from tracemalloc / resident-set deltas in separate runs).
import { loadDataDirectory } from "../server/graph/io/load.js";
import { runStep } from "./child.js";
import { describeSpec, type CachedGraph } from "./graphs.js";
import { availablePeers, runPeer, type PeerInfo, type Peers } from "./peers.js";
import { collectGarbage, median, now } from "./stats.js";
import { ms, perEdge, type Measure, type Row } from "./table.js";

export interface LoadPlan {
  graphs: CachedGraph[];
  repeats: number;
}

interface OursLoad {
  ms: number;
  /** V8 heap + external + array buffers retained by the loaded dataset. */
  bytes: number;
  rssBytes: number;
  nodes: number;
  edges: number;
}

/** Child step: one load in this fresh process, memory measured after full collections. */
export async function measureOnce(config: { dataDir: string }): Promise<OursLoad> {
  collectGarbage();
  const before = process.memoryUsage();
  const t = now();
  const result = await loadDataDirectory(config.dataDir);
  const elapsed = now() - t;
  if (!result.ok) throw new Error(`generated data does not validate: ${result.problems[0]?.message}`);
  collectGarbage();
  const after = process.memoryUsage();
  const retained = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external + m.arrayBuffers;
  return {
    ms: elapsed,
    bytes: retained(after) - retained(before),
    rssBytes: after.rss - before.rss,
    nodes: result.dataset.graph.order,
    edges: result.dataset.graph.size,
  };
}

interface PeerLoad {
  loadMs: number;
}

interface PeerMemory {
  bytes: number;
  method: string;
}

export async function run(plan: LoadPlan, peers: Peers, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const available = availablePeers(peers);
  for (const graph of plan.graphs) {
    const label = describeSpec(graph.spec);
    const edges = graph.spec.edges;
    log(`load: ${label}: ours × ${plan.repeats}`);
    const ours: OursLoad[] = [];
    for (let i = 0; i < plan.repeats; i++) ours.push(await runStep<OursLoad>("load#measureOnce", { dataDir: graph.dataDir }, { heapMb: 12_000 }));
    const oursMs = ms(median(ours.map((o) => o.ms)), ours.length);
    const oursBytes = perEdge(median(ours.map((o) => o.bytes)) / edges, ours.length);

    const measured = new Map<string, { time: Measure | string; full: Measure | string; topology: Measure | string }>();
    for (const info of available) {
      log(`load: ${label}: ${info.label} × ${plan.repeats} + 2 memory runs`);
      const base = ["load", "--nodes", graph.nodesTsv, "--edges", graph.edgesTsv];
      const attempt = async <T>(fn: () => Promise<T>): Promise<T | string> => {
        try {
          return await fn();
        } catch (error) {
          log(`  ${(error as Error).message}`);
          return "failed";
        }
      };
      const times = await attempt(async () => {
        const list: number[] = [];
        for (let i = 0; i < plan.repeats; i++) list.push((await runPeer<PeerLoad>(info, base)).loadMs);
        return ms(median(list), list.length);
      });
      const memory = async (mode: string) => attempt(async () => perEdge((await runPeer<PeerMemory>(info, [...base, "--mem", mode])).bytes / edges, 1));
      measured.set(info.library, { time: times, full: await memory("attributes"), topology: await memory("topology") });
    }

    const peerCell = (lib: "networkx" | "igraph", pick: "time" | "full" | "topology"): Measure | string =>
      measured.get(lib)?.[pick] ?? "peer unavailable";
    const peerName = (lib: "networkx" | "igraph") => (peers[lib].available ? (peers[lib] as { info: PeerInfo }).info.label : lib);
    for (const lib of ["networkx", "igraph"] as const) {
      rows.push({
        section: "Graph load",
        metric: "load time (median)",
        graph: label,
        ours: oursMs,
        peer: peerName(lib),
        peerValue: peerCell(lib, "time"),
        better: "lower",
        note:
          lib === "networkx"
            ? "ours reads and validates every JSON file (schema, vocabulary, evidence locators, dates) before building; peers only parse TSV"
            : undefined,
      });
    }
    for (const lib of ["networkx", "igraph"] as const) {
      rows.push({
        section: "Memory per edge",
        metric: "same attributes",
        graph: label,
        ours: oursBytes,
        peer: peerName(lib),
        peerValue: peerCell(lib, "full"),
        better: "lower",
        note:
          lib === "networkx"
            ? `ours: V8 heap+external delta after GC (resident set grew ${Math.round(median(ours.map((o) => o.rssBytes)) / edges)} B/edge incl. freed parse buffers); networkx: tracemalloc; igraph: resident-set growth of the C core + tracemalloc of attribute lists`
            : undefined,
      });
      rows.push({
        section: "Memory per edge",
        metric: "peer with topology only",
        graph: label,
        ours: oursBytes,
        peer: `${peerName(lib)} (no attributes)`,
        peerValue: peerCell(lib, "topology"),
        better: "lower",
      });
    }
  }
  return rows;
}
