// Layout cost per iteration: graphology-layout-forceatlas2 with the settings server/graph/display/layout.ts uses, beside
// igraph's Fruchterman-Reingold and networkx's spring_layout. Each is run for two iteration counts and the
// per-iteration cost is the difference divided by the extra iterations, so set-up (matrices, copies) cancels out.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import * as layoutModule from "../server/graph/display/layout.js";
import { seededRandom } from "../server/graph/display/random.js";
import { runStep } from "./child.js";
import { describeSpec, readEdgeEnds, type CachedGraph } from "./graphs.js";
import { runPeer, type Peers } from "./peers.js";
import { collectGarbage, median, now } from "./stats.js";
import { ms, type Measure, type Row } from "./table.js";

type Counts = [number, number];

export interface LayoutGraphPlan {
  graph: CachedGraph;
  /** Two iteration counts per implementation, far enough apart for the difference to dominate noise. */
  iterations: { ours: Counts; igraph: Counts; networkx: Counts };
  /** networkx's spring_layout is O(n²) per iteration; above this many nodes it is skipped. */
  networkxMaxNodes: number;
}

export interface LayoutPlan {
  graphs: LayoutGraphPlan[];
  repeats: number;
  /** networkx takes seconds per iteration; fewer repeats keep the run bounded. */
  networkxRepeats: number;
}

/** The Barnes-Hut θ our layout uses at this size (0.5, the library default, if the layout module does not say). */
function thetaFor(order: number): number {
  const fn = (layoutModule as Record<string, unknown>).barnesHutTheta;
  return typeof fn === "function" ? (fn as (n: number) => number)(order) : 0.5;
}

/** Child step: ForceAtlas2 on the graph's topology, seeded positions, our settings. */
export async function measureOurs(c: { edgesTsv: string; nodesTsv: string; iterations: Counts; repeats: number }): Promise<{ perIteration: number[] }> {
  const rng = seededRandom(7);
  const graph = new Graph({ type: "mixed", multi: true });
  const keys = readFileSync(c.nodesTsv, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(0, line.indexOf("\t")));
  const spread = Math.sqrt(Math.max(1, keys.length)) * 10;
  for (const key of keys) graph.addNode(key, { x: (rng() - 0.5) * spread, y: (rng() - 0.5) * spread, size: 1 });
  for (const [s, t] of readEdgeEnds({ edgesTsv: c.edgesTsv } as CachedGraph)) if (s !== t) graph.addUndirectedEdge(s, t);
  const settings = {
    ...forceAtlas2.inferSettings(graph),
    barnesHutOptimize: graph.order > 2_000,
    barnesHutTheta: thetaFor(graph.order),
    gravity: 1,
    scalingRatio: 10,
  };
  const perIteration: number[] = [];
  for (let r = 0; r < c.repeats; r++) {
    const totals = c.iterations.map((iterations) => {
      collectGarbage();
      const t = now();
      forceAtlas2(graph, { iterations, settings, getEdgeWeight: null });
      return now() - t;
    });
    perIteration.push((totals[1] - totals[0]) / (c.iterations[1] - c.iterations[0]));
  }
  return { perIteration };
}

interface PeerLayout {
  msPerIteration: number;
}

export async function run(plan: LayoutPlan, peers: Peers, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const g of plan.graphs) {
    const label = describeSpec(g.graph.spec);
    log(`layout: ${label}: ours (${g.iterations.ours.join(" vs ")} iterations × ${plan.repeats})`);
    const ours = await runStep<{ perIteration: number[] }>(
      "layout#measureOurs",
      { edgesTsv: g.graph.edgesTsv, nodesTsv: g.graph.nodesTsv, iterations: g.iterations.ours, repeats: plan.repeats },
      { heapMb: 8_000 },
    );
    const oursMs = ms(median(ours.perIteration), ours.perIteration.length);
    const peerCell = async (lib: "networkx" | "igraph"): Promise<Measure | string> => {
      const status = peers[lib];
      if (!status.available) return "peer unavailable";
      if (lib === "networkx" && g.graph.spec.nodes > g.networkxMaxNodes) return `skipped: O(n²) per iteration above ${g.networkxMaxNodes} nodes`;
      log(`layout: ${label}: ${status.info.label}`);
      try {
        const list: number[] = [];
        for (let r = 0; r < (lib === "networkx" ? plan.networkxRepeats : plan.repeats); r++) {
          const out = await runPeer<PeerLayout>(status.info, [
            "layout",
            "--nodes",
            g.graph.nodesTsv,
            "--edges",
            g.graph.edgesTsv,
            "--iterations",
            String(g.iterations[lib][0]),
            String(g.iterations[lib][1]),
          ]);
          list.push(out.msPerIteration);
        }
        return ms(median(list), list.length);
      } catch (error) {
        log(`  ${(error as Error).message}`);
        return "failed";
      }
    };
    const nx = await peerCell("networkx");
    const ig = await peerCell("igraph");
    rows.push({
      section: "Layout",
      metric: "ms per iteration",
      graph: label,
      ours: oursMs,
      peer: peers.igraph.available ? `${peers.igraph.info.label} layout_fruchterman_reingold` : "igraph",
      peerValue: ig,
      better: "lower",
      note: `ours is graphology-layout-forceatlas2 with server/graph/display/layout.ts settings (Barnes-Hut above 2,000 nodes, θ ${thetaFor(g.graph.spec.nodes)}); per-iteration cost = difference of two runs (${g.iterations.ours.join(" vs ")} iterations for ours, ${g.iterations.igraph.join(" vs ")} for igraph, ${g.iterations.networkx.join(" vs ")} for networkx) ÷ extra iterations; median of ${plan.repeats} runs (networkx: ${plan.networkxRepeats})`,
    });
    rows.push({
      section: "Layout",
      metric: "ms per iteration",
      graph: label,
      ours: oursMs,
      peer: peers.networkx.available ? `${peers.networkx.info.label} spring_layout` : "networkx",
      peerValue: nx,
      better: "lower",
    });
  }
  return rows;
}
