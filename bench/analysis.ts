// Analyses side by side with networkx (and igraph where it has an equivalent): structural balance (signed
// projection and triangle listing) over the whole graph, and exposure (one bounded multi-source search) per target.
import { readFileSync, renameSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadDataDirectory } from "../server/graph/io/load.js";
import { analyseBalance } from "../server/graph/analysis/balance.js";
import { analyseExposure, exposureBounds } from "../server/graph/analysis/exposure.js";
import { Budget } from "../server/graph/analysis/budget.js";
import { pathIndexFor } from "../server/graph/query/csr-index.js";
import { memoReliabilityIndex } from "../server/graph/model/grades.js";
import { signedProjection } from "../server/graph/analysis/signed-pairs.js";
import type { Vocabulary } from "../server/graph/model/types.js";
import { runStep } from "./child.js";
import { describeSpec, readKeys, type CachedGraph } from "./graphs.js";
import { runPeer, type Peers } from "./peers.js";
import { collectGarbage, median, now } from "./stats.js";
import { medianMs, type Row } from "./table.js";

export interface AnalysisPlan {
  /** `repeats`: whole-graph balance runs per implementation (the median is reported). */
  graphs: { graph: CachedGraph; targets: number; repeats: number }[];
}

interface OursConfig {
  dataDir: string;
  targetsFile: string;
  repeats: number;
}

interface OursResult {
  loadMs: number;
  /** `times`: the peers' work (projection and triads); `withPredictionTimes`: the API's default answer, predictions included. */
  balance: {
    times: number[];
    withPredictionTimes: number[];
    counts: [number, number, number];
    truncated: boolean;
    /** Whether the default answer stopped at a bound (the 2M-prediction cap). */
    predictionsTruncated: boolean;
    projectionTimes: number[];
    predictions: number;
  };
  exposure: { times: number[]; threats: number[]; truncated: number };
}

interface PeerResult {
  balance: { times: number[]; counts: [number, number, number] };
  exposure?: { times: number[]; reached: number[] };
}

/**
 * Balance is timed to completion (the server's 5 s and work bounds are lifted) so both sides list every triangle;
 * exposure runs with the server's own bounds, as the API answers it (truncated answers are counted in the note).
 */
const unbounded = { timeBudgetMs: 30 * 60_000, maxWork: Number.MAX_SAFE_INTEGER };

/** Child step: loads the generated graph with our loader, then times balance and exposure. */
export async function measureOurs(c: OursConfig): Promise<OursResult> {
  const t = now();
  const loaded = await loadDataDirectory(c.dataDir);
  if (!loaded.ok) throw new Error(`generated data does not validate: ${loaded.problems[0]?.message}`);
  const dataset = loaded.dataset;
  // The server builds the graph's CSR index right after loading (store.ts); so does this step, outside the timings.
  pathIndexFor(dataset.graph, memoReliabilityIndex(dataset.sources));
  const loadMs = now() - t;
  const balance: OursResult["balance"] = {
    times: [],
    withPredictionTimes: [],
    counts: [0, 0, 0],
    truncated: false,
    predictionsTruncated: false,
    projectionTimes: [],
    predictions: 0,
  };
  // One untimed run first, as the paths and HTTP stages warm up: a server answers most queries with its code already
  // compiled, and three cold repeats measured V8's JIT more than the analysis (278, 105, 75 ms, then 57 ms warm).
  await analyseBalance(dataset, { limit: 0 }, unbounded);
  for (let i = 0; i < c.repeats; i++) {
    collectGarbage();
    // The projection alone, to show how the whole-balance time splits (triads and predictions are the rest).
    let start = now();
    await signedProjection(dataset, {}, { actorsOnly: true }, new Budget(unbounded));
    balance.projectionTimes.push(now() - start);
    // What the peers compute: the projection and its triads (`predictions=false` in the API).
    collectGarbage();
    start = now();
    const r = await analyseBalance(dataset, { limit: 0, predictions: false }, unbounded);
    balance.times.push(now() - start);
    balance.counts = [r.summary.balanced, r.summary.unbalanced - r.summary.allNegative, r.summary.allNegative];
    balance.truncated ||= r.truncated;
    collectGarbage();
    start = now();
    const full = await analyseBalance(dataset, { limit: 0 }, unbounded);
    balance.withPredictionTimes.push(now() - start);
    balance.predictionsTruncated ||= full.truncated;
    balance.predictions = full.total.predictions ?? 0;
  }
  const exposure: OursResult["exposure"] = { times: [], threats: [], truncated: 0 };
  const targets = readKeys(c.targetsFile);
  await analyseExposure(dataset, { target: targets[0], maxLength: exposureBounds.defaultLength }); // warm-up, untimed
  collectGarbage();
  for (const target of targets) {
    const start = now();
    const r = await analyseExposure(dataset, { target, maxLength: exposureBounds.defaultLength });
    exposure.times.push(now() - start);
    exposure.threats.push(r.total.actors);
    if (r.truncated) exposure.truncated++;
  }
  return { loadMs, balance, exposure };
}

/** The vocabulary's analysis roles as the peers read them: relation signs, exposure roles, actor kinds. */
function writeRoles(dir: string, vocabulary: Vocabulary): string {
  const file = path.join(dir, "analysis-roles.json");
  const sign = Object.fromEntries(vocabulary.relations.map((r) => [r.id, r.sign === "positive" ? 1 : r.sign === "negative" ? -1 : 0]));
  const exposure = Object.fromEntries(vocabulary.relations.filter((r) => r.exposure).map((r) => [r.id, r.exposure]));
  const actorKinds = vocabulary.nodeKinds.filter((k) => k.actor).map((k) => k.id);
  writeFileSync(file, JSON.stringify({ sign, exposure, actorKinds }));
  return file;
}

/** Exposure targets: the first `count` states and groups of the node list (stable for a given graph). */
function ensureTargets(cached: CachedGraph, count: number): string {
  const file = path.join(cached.dir, `analysis-targets-${count}.txt`);
  if (existsSync(file)) return file;
  const keys: string[] = [];
  for (const line of readFileSync(cached.nodesTsv, "utf8").split("\n")) {
    const [key, kind] = line.split("\t", 2);
    if (kind === "state" || kind === "group") keys.push(key);
    if (keys.length >= count) break;
  }
  writeFileSync(`${file}.tmp`, keys.map((k) => `${k}\n`).join(""));
  renameSync(`${file}.tmp`, file);
  return file;
}

const readVocabulary = (dataDir: string) => JSON.parse(readFileSync(path.join(dataDir, "vocabulary.json"), "utf8")) as Vocabulary;
const countsText = ([b, u, n]: number[]) => `${b} balanced, ${u + n} unbalanced (${n} all negative)`;
/** The peers count all-negative triads inside `unbalanced`; ours are [balanced, other unbalanced, all negative]. */
const peerCounts = ([b, u, n]: number[]) => [b, u - n, n];

export async function run(plan: AnalysisPlan, peers: Peers, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const g of plan.graphs) {
    const graphLabel = describeSpec(g.graph.spec);
    const targetsFile = ensureTargets(g.graph, g.targets);
    const rolesFile = writeRoles(g.graph.dir, readVocabulary(g.graph.dataDir));
    log(`analysis: ${graphLabel}: ours`);
    const ours = await runStep<OursResult>("analysis#measureOurs", { dataDir: g.graph.dataDir, targetsFile, repeats: g.repeats } satisfies OursConfig, {
      heapMb: 12_000,
    });
    const peerRuns: Partial<Record<"networkx" | "igraph", PeerResult | string>> = {};
    for (const lib of ["networkx", "igraph"] as const) {
      const status = peers[lib];
      if (!status.available) {
        peerRuns[lib] = "peer unavailable";
        continue;
      }
      log(`analysis: ${graphLabel}: ${status.info.label}`);
      const args = ["analysis", "--edges", g.graph.edgesTsv, "--nodes", g.graph.nodesTsv, "--roles", rolesFile, "--targets", targetsFile];
      try {
        peerRuns[lib] = await runPeer<PeerResult>(status.info, [...args, "--max-length", String(exposureBounds.defaultLength), "--repeats", String(g.repeats)]);
      } catch (error) {
        peerRuns[lib] = `peer failed: ${(error as Error).message.slice(0, 120)}`;
      }
    }
    const balanceNote =
      `ours: analyseBalance with predictions=false, i.e. the signed projection with dated ambivalence (${median(ours.balance.projectionTimes).toFixed(0)} ms of it) ` +
      `and the triads; ${countsText(ours.balance.counts)}${ours.balance.truncated ? ", truncated" : ""}`;
    for (const lib of ["networkx", "igraph"] as const) {
      const peer = peerRuns[lib];
      const value = typeof peer === "object" ? medianMs(peer.balance.times) : (peer ?? "peer unavailable");
      rows.push({
        section: "Analyses",
        metric: "structural balance, whole graph",
        graph: graphLabel,
        ours: medianMs(ours.balance.times),
        peer: lib === "networkx" ? "networkx (projection + degree-ordered node iterator)" : "igraph (projection + list_triangles)",
        peerValue: value,
        better: "lower",
        target: lib === "networkx" ? { atLeast: 1, text: "faster than networkx" } : { atLeast: 0.5, text: "within 2× of igraph" },
        note: `${balanceNote}; peer: projection and triangles only${typeof peer === "object" ? `, ${countsText(peerCounts(peer.balance.counts))} (pairs with both signs count as ambivalent regardless of dates)` : ""}`,
      });
    }
    rows.push({
      section: "Analyses",
      metric: "structural balance with predictions (the API's default)",
      graph: graphLabel,
      ours: medianMs(ours.balance.withPredictionTimes),
      peer: "networkx, igraph",
      peerValue: "no equivalent (neither predicts signs of missing pairs)",
      better: "lower",
      note: `ours: the row above plus the enemy-of-my-enemy predictions (${ours.balance.predictions} pairs)${ours.balance.predictionsTruncated ? "; truncated at the 2M-prediction bound" : ""}`,
    });
    const nx = peerRuns.networkx;
    rows.push({
      section: "Analyses",
      metric: `exposure, one target (maxLength ${exposureBounds.defaultLength})`,
      graph: graphLabel,
      ours: medianMs(ours.exposure.times),
      peer: "networkx multi_source_dijkstra (reversed, cutoff)",
      peerValue: typeof nx === "object" && nx.exposure ? medianMs(nx.exposure.times) : (typeof nx === "string" ? nx : "peer unavailable"),
      better: "lower",
      target: { atLeast: 1, text: "faster than networkx" },
      note:
        `median over ${ours.exposure.times.length} state/group targets; ours: assets, layered search with one label per (asset, node), cited paths, ` +
        `median ${median(ours.exposure.threats)} threatening actors, ${ours.exposure.truncated} of ${ours.exposure.times.length} answers truncated by the API's bounds; ` +
        `peer: assets, then one Dijkstra from all of them over negative and conduit relations reversed, cut off at ${exposureBounds.defaultLength} × the highest hop cost` +
        (typeof nx === "object" && nx.exposure ? `, median ${median(nx.exposure.reached)} actors reached` : ""),
    });
    rows.push({
      section: "Analyses",
      metric: `exposure, one target (maxLength ${exposureBounds.defaultLength})`,
      graph: graphLabel,
      ours: medianMs(ours.exposure.times),
      peer: "igraph",
      peerValue: peers.igraph.available ? "no equivalent (no multi-source search with a cutoff)" : "peer unavailable",
      better: "lower",
    });
    log(`analysis: ${graphLabel}: balance ours ${median(ours.balance.times).toFixed(0)} ms (${median(ours.balance.withPredictionTimes).toFixed(0)} ms with predictions), exposure ours ${median(ours.exposure.times).toFixed(1)} ms`);
  }
  return rows;
}
