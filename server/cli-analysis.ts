// Command-line analyses: balance, exposure, diff, contested and the brief, printed with citations or as raw JSON.
import path from "node:path";
import { AppError } from "./errors.js";
import { analyseBalance } from "./graph/analysis/balance.js";
import { analyseExposure } from "./graph/analysis/exposure.js";
import { diffBetween } from "./graph/analysis/diff.js";
import { findContested } from "./graph/analysis/contested.js";
import { renderReport, reportFormats, type ReportFormat } from "./graph/analysis/report/index.js";
import { writeFileAtomic } from "./graph/io/atomic-write.js";
import type { GraphFilters } from "./graph/query/filters.js";
import type { Dataset, Evidence } from "./graph/model/types.js";

export const analysisCommands = ["balance", "exposure", "diff", "contested", "report"] as const;
export type AnalysisCommand = (typeof analysisCommands)[number];

export interface AnalysisContext {
  dataset: Dataset;
  filters: GraphFilters;
  /** Positional arguments after the command. */
  args: string[];
  options: { json?: boolean; limit?: number; offset?: number; maxLength?: number; format?: string; output?: string; from?: string; to?: string; predictions?: boolean };
  /** Resolves a name, alias or id to a node id, or throws with suggestions. */
  resolve(name: string, role: string): string;
  out(line: string): void;
}

interface HopEdge {
  source: string;
  target: string;
  relation: string;
  confidence: string;
  since?: string;
  until?: string;
  evidence: Evidence[];
}

/** Printing helpers that read labels and relation verbs from the dataset, as the `path` command prints. */
export function printer(dataset: Dataset, out: (line: string) => void) {
  const relations = new Map(dataset.vocabulary.relations.map((r) => [r.id, r]));
  const label = (id: string) => (dataset.graph.hasNode(id) ? dataset.graph.getNodeAttribute(id, "label") : id);
  const dates = (e: { since?: string; until?: string }) => (e.since || e.until ? ` [${e.since ?? "…"}–${e.until ?? "…"}]` : "");
  const evidence = (items: readonly Evidence[], indent: string) => {
    for (const ev of items) out(`${indent}${ev.source} ${ev.locator}: ${ev.claim}`);
  };
  return {
    label,
    evidence,
    /** One relation in its own direction, with every evidence item under it. */
    edge(e: HopEdge, indent = "  ") {
      const r = relations.get(e.relation);
      out(`${indent}${label(e.source)} ─ ${r?.label ?? e.relation} (${e.confidence})${dates(e)} ─ ${label(e.target)}`);
      evidence(e.evidence, `${indent}    `);
    },
    /** A path hop by hop, each verb read in the direction travelled. */
    hops(nodes: readonly string[], edges: readonly HopEdge[], indent = "  ") {
      out(`${indent}${label(nodes[0])}`);
      edges.forEach((e, j) => {
        const r = relations.get(e.relation);
        const verb = r?.directed === false || e.source === nodes[j] ? r?.label ?? e.relation : r?.inverseLabel ?? e.relation;
        out(`${indent} ─ ${verb} (${e.confidence})${dates(e)} → ${label(nodes[j + 1])}`);
        evidence(e.evidence, `${indent}     `);
      });
    },
  };
}

function expectArgs(command: string, args: string[], names: string[]): void {
  if (args.length !== names.length) throw new AppError("BAD_PARAM", `${command}: expected ${names.map((n) => `<${n}>`).join(" ") || "no argument"}`);
}

export async function runAnalysisCommand(command: AnalysisCommand, ctx: AnalysisContext): Promise<number> {
  switch (command) {
    case "balance":
      return balanceCommand(ctx);
    case "exposure":
      return exposureCommand(ctx);
    case "diff":
      return diffCommand(ctx);
    case "contested":
      return contestedCommand(ctx);
    case "report":
      return reportCommand(ctx);
  }
}

async function balanceCommand(ctx: AnalysisContext): Promise<number> {
  expectArgs("balance", ctx.args, []);
  const result = await analyseBalance(ctx.dataset, { ...ctx.filters, limit: ctx.options.limit, offset: ctx.options.offset, predictions: ctx.options.predictions });
  if (ctx.options.json) return (ctx.out(JSON.stringify(result, null, 2)), 0);
  const { out } = ctx;
  const p = printer(ctx.dataset, out);
  const s = result.summary;
  out(`${s.actors} actors; ${s.positive} positive, ${s.negative} negative and ${s.ambivalent} ambivalent pairs`);
  out(`${s.triads} triads: ${s.balanced} balanced, ${s.unbalanced} unbalanced (${s.allNegative} all negative); balance ratio ${s.balanceRatio ?? "n/a"}`);
  const offset = ctx.options.offset ?? 0;
  const heading = (name: string, shown: number, total: number) =>
    out(`\n${name} (${total}${shown < total ? `; ${shown ? `${offset + 1}–${offset + shown}` : "none"} shown, see --limit and --offset` : ""}):`);
  heading("Unbalanced triads", result.unbalanced.length, result.total.unbalanced);
  result.unbalanced.forEach((t, i) => {
    out(`#${offset + i + 1}  ${t.nodes.map(p.label).join(", ")}${t.edges.every((e) => e.sign === "negative") ? "  (all negative)" : ""}`);
    t.edges.forEach((e) => p.edge(e, "   "));
  });
  heading("Ambivalent pairs", result.ambivalent.length, result.total.ambivalent);
  result.ambivalent.forEach((a) => {
    out(`  ${a.nodes.map(p.label).join(" – ")}`);
    a.edges.forEach((e) => p.edge(e, "   "));
  });
  if (result.total.predictions === null) out("\nPredictions: not computed (--no-predictions)");
  else heading("Predictions", result.predictions.length, result.total.predictions);
  for (const pr of result.predictions)
    out(`  ${p.label(pr.nodes[0])} and ${p.label(pr.nodes[1])}: expected ${pr.expected}, via ${pr.via.map(p.label).join(", ")}${pr.viaCount > pr.via.length ? ` and ${pr.viaCount - pr.via.length} more` : ""}`);
  if (result.truncated) out("\n(stopped at a work or time bound: counts are lower bounds)");
  return 0;
}

async function exposureCommand(ctx: AnalysisContext): Promise<number> {
  expectArgs("exposure", ctx.args, ["target"]);
  const target = ctx.resolve(ctx.args[0], "target");
  const result = await analyseExposure(ctx.dataset, { ...ctx.filters, target, maxLength: ctx.options.maxLength });
  if (ctx.options.json) return (ctx.out(JSON.stringify(result, null, 2)), 0);
  const { out } = ctx;
  const p = printer(ctx.dataset, out);
  out(`Exposure of ${p.label(target)}: ${result.assets.length} asset(s), ${result.actors.length} threatening actor(s)`);
  out("score = sum over distinct threatening actors of 1 / cost of their cheapest path (reported 1, assessed 2, speculative 4)");
  for (const a of result.assets) {
    out(`\n${a.label}  (${a.kind})  score ${a.score}`);
    if (a.holding.length) out("   held through:");
    a.holding.forEach((e) => p.edge(e, "     "));
    if (!a.threats.length) out("   no threat found");
    for (const t of a.threats) {
      out(`   threat: ${p.label(t.actor)}, cost ${t.cost}`);
      p.hops(t.path.nodes, t.path.edges, "     ");
    }
    if (a.threatCount > a.threats.length) out(`   … and ${a.threatCount - a.threats.length} more threatening actor(s), counted in the score (--json lists the same)`);
  }
  if (result.actors.length) {
    out("\nThreatening actors:");
    for (const a of result.actors) out(`  ${a.label.padEnd(48)} ${String(a.assets).padStart(3)} asset(s)  score ${a.score}`);
  }
  if (result.truncated) out("\n(stopped at a work or time bound: more threats may exist)");
  return 0;
}

async function diffCommand(ctx: AnalysisContext): Promise<number> {
  expectArgs("diff", ctx.args, ["from", "to"]);
  const { asOf, ...filters } = ctx.filters;
  if (asOf) throw new AppError("BAD_PARAM", "--as-of: diff compares the views as of <from> and <to>; leave --as-of out", { param: "asOf" });
  const result = await diffBetween(ctx.dataset, { ...filters, from: ctx.args[0], to: ctx.args[1], limit: ctx.options.limit });
  if (ctx.options.json) return (ctx.out(JSON.stringify(result, null, 2)), 0);
  const { out } = ctx;
  const p = printer(ctx.dataset, out);
  const c = result.counts;
  out(`From ${result.from} to ${result.to}: ${c.added.nodes} node(s) and ${c.added.edges} relation(s) added, ${c.removed.nodes} node(s) and ${c.removed.edges} relation(s) removed`);
  for (const side of ["added", "removed"] as const) {
    const { nodes, edges } = result[side];
    if (nodes.length) out(`\n${side === "added" ? "Added" : "Removed"} nodes:`);
    for (const n of nodes) {
      out(`  ${n.label} (${n.kind}${n.date ? `, ${n.date}` : ""})`);
      p.evidence(ctx.dataset.graph.getNodeAttribute(n.id, "evidence") ?? [], "      ");
    }
    if (edges.length) out(`\n${side === "added" ? "Added" : "Removed"} relations:`);
    edges.forEach((e) => p.edge(e));
  }
  const unlisted = c.added.nodes + c.added.edges + c.removed.nodes + c.removed.edges -
    (result.added.nodes.length + result.added.edges.length + result.removed.nodes.length + result.removed.edges.length);
  if (unlisted > 0) out(`\n(${unlisted} more item(s) not listed; see --limit)`);
  if (result.truncated) out("\n(stopped at a work or time bound: the lists are incomplete)");
  return 0;
}

async function contestedCommand(ctx: AnalysisContext): Promise<number> {
  expectArgs("contested", ctx.args, []);
  const result = await findContested(ctx.dataset, ctx.filters);
  if (ctx.options.json) return (ctx.out(JSON.stringify(result, null, 2)), 0);
  const { out } = ctx;
  const p = printer(ctx.dataset, out);
  out(`${result.contested.length} contested item(s)`);
  result.contested.forEach((c, i) => {
    out(`\n#${i + 1}  ${p.label(c.nodes[0])} – ${p.label(c.nodes[1])}  (${c.kind})`);
    out(`   ${c.reason}`);
    c.edges.forEach((e) => p.edge(e, "   "));
  });
  if (result.truncated) out("\n(stopped at a work or time bound: more items may exist)");
  return 0;
}

async function reportCommand(ctx: AnalysisContext): Promise<number> {
  expectArgs("report", ctx.args, ["focus"]);
  const format = (ctx.options.format ?? "md") as ReportFormat;
  if (!reportFormats.includes(format)) throw new AppError("BAD_PARAM", `--format: expected one of ${reportFormats.join(", ")}`, { param: "format" });
  const focus = ctx.resolve(ctx.args[0], "focus");
  const report = await renderReport(ctx.dataset, { ...ctx.filters, focus, from: ctx.options.from, to: ctx.options.to }, format);
  if (!ctx.options.output) {
    ctx.out(report.body);
    return 0;
  }
  // Temporary file, fsync, rename: an existing brief is either kept whole or replaced whole.
  await writeFileAtomic(path.resolve(ctx.options.output), new TextEncoder().encode(report.body));
  ctx.out(`wrote ${ctx.options.output} (${format} brief on ${ctx.dataset.graph.getNodeAttribute(focus, "label")}${report.truncated ? "; some analyses hit their bounds" : ""})`);
  return 0;
}
