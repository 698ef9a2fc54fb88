// `npm run bench [-- --quick] [-- --only paths,http] [-- --no-doc]`: generates (or reuses) the graphs, runs every
// stage side by side with its peers, prints the table and writes it with the machine description into
// docs/benchmarks.md (between this mode's markers; the hand-written text around them is kept).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as analysis from "./analysis.js";
import * as firstFrame from "./first-frame.js";
import { benchDir, ensureGraph, outDir, type CachedGraph, type GraphSpec } from "./graphs.js";
import * as http from "./http.js";
import * as layout from "./layout.js";
import * as load from "./load.js";
import { describeMachine, renderMachine } from "./machine.js";
import * as paths from "./paths.js";
import { detectPeers } from "./peers.js";
import { now } from "./stats.js";
import { latticeEdgeCount } from "../scripts/generate-graph.js";
import { missedRows, notes, renderTable, verdictOf, type Row } from "./table.js";
import * as transfer from "./transfer.js";

const stages = ["load", "paths", "layout", "transfer", "http", "first-frame", "analysis"] as const;
type Stage = (typeof stages)[number];

const seed = 1;
const spec = (shape: GraphSpec["shape"], nodes: number, edges: number): GraphSpec => ({ shape, nodes, edges, seed });

/** What each mode runs. Quick stays around three minutes on a 2-core machine; full around a quarter of an hour. */
function planFor(quick: boolean) {
  const http100k = spec("powerlaw", 25_000, 100_000);
  const small10k = spec("powerlaw", 2_500, 10_000);
  if (quick)
    return {
      load: { graphs: [spec("powerlaw", 10_000, 40_000)], repeats: 3 },
      paths: {
        warmup: 300,
        budgetMs: 20_000,
        graphs: [
          { spec: http100k, pairSets: [{ label: "random pairs", kind: "random" as const, count: 1000 }], kCount: 30, hoodCount: 30, filtered: true },
          { spec: spec("grid", 10_000, latticeEdgeCount(10_000)), pairSets: [{ label: "pairs 2–8 hops apart", kind: "near" as const, count: 1000 }], kCount: 30, hoodCount: 0, filtered: true },
          { spec: spec("disconnected", 10_000, 40_000), pairSets: [{ label: "no-path pairs", kind: "apart" as const, count: 1000 }], kCount: 0, hoodCount: 0, filtered: false },
        ],
      },
      layout: {
        repeats: 1,
        graphs: [{ spec: spec("clustered", 5_000, 20_000), iterations: { ours: [1, 11] as [number, number], igraph: [10, 110] as [number, number], networkx: [1, 3] as [number, number] }, networkxMaxNodes: 20_000 }],
      },
      transfer: { graphs: [{ spec: http100k, repeats: 5 }] },
      http: { spec: http100k, duration: 3, repeats: 1, connections: 10 },
      firstFrame: { graphs: [small10k, http100k], repeats: 1, timeoutMs: 120_000 },
      analysis: { graphs: [{ spec: http100k, targets: 10, repeats: 3 }] },
    };
  const million = spec("powerlaw", 100_000, 1_000_000);
  return {
    load: { graphs: [spec("powerlaw", 1_000, 4_000), spec("powerlaw", 10_000, 40_000), million], repeats: 3 },
    paths: {
      warmup: 1000,
      budgetMs: 60_000,
      graphs: [
        { spec: million, pairSets: [{ label: "random pairs", kind: "random" as const, count: 1000 }], kCount: 50, hoodCount: 50, filtered: true },
        { spec: spec("grid", 100_000, latticeEdgeCount(100_000)), pairSets: [{ label: "pairs 2–8 hops apart", kind: "near" as const, count: 1000 }], kCount: 50, hoodCount: 50, filtered: true },
        { spec: spec("disconnected", 100_000, 400_000), pairSets: [{ label: "no-path pairs", kind: "apart" as const, count: 1000 }], kCount: 0, hoodCount: 0, filtered: false },
      ],
    },
    layout: {
      repeats: 3,
      graphs: [
        { spec: spec("clustered", 10_000, 40_000), iterations: { ours: [1, 11] as [number, number], igraph: [10, 110] as [number, number], networkx: [1, 3] as [number, number] }, networkxMaxNodes: 20_000 },
        { spec: million, iterations: { ours: [1, 3] as [number, number], igraph: [2, 12] as [number, number], networkx: [1, 2] as [number, number] }, networkxMaxNodes: 20_000 },
      ],
    },
    transfer: { graphs: [{ spec: http100k, repeats: 7 }, { spec: million, repeats: 3 }] },
    http: { spec: http100k, duration: 10, repeats: 3, connections: 10 },
    firstFrame: { graphs: [small10k, http100k], repeats: 3, timeoutMs: 180_000 },
    // networkx needs minutes per exposure target at 1M edges: three keep the stage inside the peer time limit.
    analysis: { graphs: [{ spec: http100k, targets: 20, repeats: 3 }, { spec: million, targets: 3, repeats: 1 }] },
  };
}

const docFile = path.join(benchDir, "../docs/benchmarks.md");

function formatDuration(msTotal: number): string {
  const s = Math.round(msTotal / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function resultBlock(mode: "quick" | "full", rows: Row[], machineText: string, elapsedMs: number, failures: string[], only: Stage[] | null): string {
  const verdicts = rows.map(verdictOf).filter(Boolean);
  const count = (v: string) => verdicts.filter((x) => x === v).length;
  const missed = missedRows(rows);
  return [
    `## Results: ${mode} run (\`npm run bench${mode === "quick" ? " -- --quick" : ""}\`${only ? ` -- --only ${only.join(",")}` : ""})`,
    "",
    `Generated by bench/run.ts; this block is rewritten by every ${mode} run. The run took ${formatDuration(elapsedMs)}.`,
    "",
    machineText,
    "",
    `Targets: ${count("met")} met, ${count("MISSED")} missed, ${count("not yet available")} not yet available, ${count("peer unavailable")} without a peer.`,
    ...(missed.length ? ["", "Missed:", ...missed.map((r) => `- ${r.section}: ${r.metric}, ${r.graph}, vs ${r.peer}`)] : []),
    ...(failures.length ? ["", "Stages that failed:", ...failures.map((f) => `- ${f}`)] : []),
    "",
    renderTable(rows),
    "",
    "Notes:",
    "",
    ...notes(rows),
  ].join("\n");
}

/** A run restricted with --only writes its own block, so it never replaces the results of a complete run. */
function writeDoc(mode: "quick" | "full", block: string, only: Stage[] | null): void {
  const key = only ? `${mode}:${[...only].sort().join("+")}` : mode;
  const begin = `<!-- bench:${key}:begin -->`;
  const end = `<!-- bench:${key}:end -->`;
  const wrapped = `${begin}\n${block}\n${end}`;
  let doc = existsSync(docFile) ? readFileSync(docFile, "utf8") : "# Benchmarks\n";
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a !== -1 && b > a) doc = doc.slice(0, a) + wrapped + doc.slice(b + end.length);
  else doc = `${doc.trimEnd()}\n\n${wrapped}\n`;
  writeFileSync(docFile, doc);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { quick: { type: "boolean" }, only: { type: "string" }, "no-doc": { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.log(`npm run bench [-- --quick] [-- --only ${stages.join(",")}] [-- --no-doc]`);
    return 0;
  }
  const only = values.only ? (values.only.split(",").map((s) => s.trim()) as Stage[]) : null;
  for (const s of only ?? []) if (!stages.includes(s)) throw new Error(`--only: unknown stage "${s}" (expected ${stages.join(", ")})`);
  const wanted = (s: Stage) => !only || only.includes(s);
  const mode = values.quick ? "quick" : "full";
  const plan = planFor(Boolean(values.quick));
  const started = now();
  const loadAtStart = os.loadavg()[0];
  const log = (s: string) => console.log(`[${formatDuration(now() - started).padStart(9)}] ${s}`);
  rmSync(path.join(outDir, "tmp"), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  log(`${mode} run: ${(only ?? stages).join(", ")}`);
  const peers = await detectPeers();
  for (const status of Object.values(peers))
    log(status.available ? `peer ${status.info.label} via ${status.info.executable}` : `peer ${status.library} unavailable: ${status.reason}`);

  // Described at the start: the commit and the machine's load are what this run measured.
  const machine = describeMachine(peers, loadAtStart);
  const graphs = new Map<string, CachedGraph>();
  const graph = (s: GraphSpec) => {
    const key = JSON.stringify(s);
    if (!graphs.has(key)) graphs.set(key, ensureGraph(s, log));
    return graphs.get(key) as CachedGraph;
  };

  const rows: Row[] = [];
  const failures: string[] = [];
  let browser: string | undefined;
  const stage = async (name: Stage, fn: () => Promise<Row[]>) => {
    if (!wanted(name)) return;
    const t = now();
    try {
      rows.push(...(await fn()));
      log(`${name}: done in ${formatDuration(now() - t)}`);
    } catch (error) {
      const message = `${name}: ${(error as Error).message.split("\n")[0]}`;
      failures.push(message);
      log(`FAILED ${message}`);
    }
  };

  await stage("load", () => load.run({ graphs: plan.load.graphs.map(graph), repeats: plan.load.repeats }, peers, log));
  await stage("paths", () =>
    paths.run({ warmup: plan.paths.warmup, budgetMs: plan.paths.budgetMs, graphs: plan.paths.graphs.map(({ spec: s, ...rest }) => ({ graph: graph(s), ...rest })) }, peers, log),
  );
  await stage("layout", () => layout.run({ repeats: plan.layout.repeats, networkxRepeats: 1, graphs: plan.layout.graphs.map(({ spec: s, ...rest }) => ({ graph: graph(s), ...rest })) }, peers, log));
  await stage("transfer", () => transfer.run({ graphs: plan.transfer.graphs.map((g) => ({ graph: graph(g.spec), repeats: g.repeats })) }, log));
  await stage("http", () => http.run({ graph: graph(plan.http.spec), duration: plan.http.duration, repeats: plan.http.repeats, connections: plan.http.connections }, log));
  await stage("first-frame", async () => {
    const r = await firstFrame.run({ graphs: plan.firstFrame.graphs.map(graph), repeats: plan.firstFrame.repeats, timeoutMs: plan.firstFrame.timeoutMs }, log);
    browser = r.browser;
    return r.rows;
  });

  await stage("analysis", () => analysis.run({ graphs: plan.analysis.graphs.map((g) => ({ ...g, graph: graph(g.spec) })) }, peers, log));

  const elapsed = now() - started;
  machine.browser = browser;
  const machineText = renderMachine(machine);
  writeFileSync(path.join(outDir, `results-${mode}.json`), JSON.stringify({ mode, only, machine, elapsedMs: elapsed, failures, rows }, null, 2));
  const block = resultBlock(mode, rows, machineText, elapsed, failures, only);
  console.log(`\n${block}\n`);
  if (!values["no-doc"]) {
    writeDoc(mode, block, only);
    log(`wrote ${path.relative(process.cwd(), docFile)} (${mode} block)`);
  }
  log(`${mode} run finished in ${formatDuration(elapsed)}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
