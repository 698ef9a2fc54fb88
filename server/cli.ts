// Command line over the same domain functions as the API: validate, stats, path, export, snapshot and the analyses.
import { exitAfterFlush } from "./exit-after-flush.js";
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./graph/io/atomic-write.js";
import path from "node:path";
import { parseArgs } from "node:util";
import { AppError, isAppError } from "./errors.js";
import { curatedDataDir, formatProblems, loadData } from "./graph/io/load.js";
import { buildSearchIndex, type SearchIndex } from "./graph/query/search.js";
import { findPaths, type PathDirection } from "./graph/query/paths.js";
import { computeMetrics } from "./graph/display/metrics.js";
import { exportFileName, exportView } from "./graph/io/export/index.js";
import { exportFormats, gexfVersions, type ExportFormat, type ExportOptions, type ExportView } from "./graph/io/export/types.js";
import { makeExportView, snapshotExportView } from "./graph/io/export-view.js";
import type { GraphFilters } from "./graph/query/filters.js";
import { confidenceLevels, type Confidence, type Dataset } from "./graph/model/types.js";
import { openStore } from "./store.js";
import { EditService, type EditResult } from "./graph/edits/service.js";
import { claimsToOps } from "./graph/edits/claims.js";
import { parseEditRequest, type EditRequest } from "./graph/edits/ops.js";
import { runAnalysisCommand, type AnalysisCommand } from "./cli-analysis.js";

const usage = `actor-graph <command> [options]

Commands:
  validate [PATH]                     check a graph-data directory or a graph file (.json incl. STIX 2.1 bundles, .gexf, .graphml)
  stats                               counts by kind, relation and confidence; most central actors
  path <from> <to>                    k best paths with citations (names, aliases or ids)
       [--k N] [--weighted] [--direction any|forward] [--max-length N]
  export --format F [-o FILE]         ${exportFormats.join("|")} of the filtered view
                                      (stix: one STIX 2.1 bundle; neo4j-admin: zip of CSVs for neo4j-admin database import)
       [--gexf-version 1.2draft|1.3]  GEXF 1.2draft (default: networkx, Gephi) or 1.3 (Gephi, parallel edges kept apart)
  snapshot list | show <id> | export <id> --format F [-o FILE]
  edit FILE.json [--reason R] [--author A]
                                      apply ops ({reason, author?, ops} or an ops array) to the data directory
  import-claims FILE.csv --reason R [--author A] [--dry-run]
                                      add relations and evidence from a claims CSV
  history [--node ID | --edge ID] [--limit N]
                                      the audit log, newest first
  revert <revision> [--reason R] [--author A]
                                      undo an edit as a new audited edit

  balance [--limit N] [--offset N] [--no-predictions]
                                      structural balance: unbalanced triads, ambivalent pairs, predictions
  exposure <target> [--max-length N]  the target's assets and who threatens them, paths with citations
  diff <from> <to>  [--limit N]       what the as-of view at <to> adds to and removes from the one at <from>
  contested                           pairs with opposite signs at a common date; evidence that disagrees
  report <focus> [--format md|html] [-o FILE] [--from DATE --to DATE]
                                      the analyst's brief (footnoted); -o writes the file atomically

Filters (stats, path, export, balance, exposure, diff (no --as-of), contested, report):
  --kinds a,b --relations a,b --min-confidence reported|assessed|speculative --as-of YYYY[-MM[-DD]]
--json (balance, exposure, diff, contested): the raw answer, as the API gives it
Global: --data PATH (a graph-data directory, or a graphology .json, STIX 2.1 bundle .json, .gexf or .graphml file; default graph-data/), --snapshots DIR (default .snapshots/)`;

class CliError extends Error {}

const options = {
  data: { type: "string" },
  snapshots: { type: "string" },
  kinds: { type: "string" },
  relations: { type: "string" },
  "min-confidence": { type: "string" },
  "as-of": { type: "string" },
  k: { type: "string" },
  weighted: { type: "boolean" },
  direction: { type: "string" },
  "max-length": { type: "string" },
  format: { type: "string" },
  "gexf-version": { type: "string" },
  output: { type: "string", short: "o" },
  json: { type: "boolean" },
  limit: { type: "string" },
  offset: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  help: { type: "boolean", short: "h" },
  reason: { type: "string" },
  author: { type: "string" },
  node: { type: "string" },
  edge: { type: "string" },
  "dry-run": { type: "boolean" },
  "no-predictions": { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function filtersFrom(values: Values): GraphFilters {
  const filters: GraphFilters = {};
  if (values.kinds) filters.kinds = values.kinds.split(",").map((s) => s.trim()).filter(Boolean);
  if (values.relations) filters.relations = values.relations.split(",").map((s) => s.trim()).filter(Boolean);
  if (values["min-confidence"]) {
    if (!confidenceLevels.includes(values["min-confidence"] as Confidence))
      throw new CliError(`--min-confidence: expected one of ${confidenceLevels.join(", ")}`);
    filters.minConfidence = values["min-confidence"] as Confidence;
  }
  if (values["as-of"]) filters.asOf = values["as-of"];
  return filters;
}

function intOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CliError(`--${name}: expected a whole number, got "${text}"`);
  return Number(text);
}

async function loadOrExplain(dir: string): Promise<Dataset> {
  const result = await loadData(dir);
  if (!result.ok) throw new CliError(`graph data in ${dir} is invalid (${result.problems.length} problem(s)):\n${formatProblems(result.problems)}`);
  return result.dataset;
}

function resolveName(index: SearchIndex, name: string, role: string): string {
  const id = index.resolve(name);
  if (id) return id;
  const suggestions = index.suggest(name, 5).map((h) => `${h.label} (${h.id})`);
  throw new CliError(`${role}: no actor is called "${name}".${suggestions.length ? ` Did you mean: ${suggestions.join(", ")}?` : ""}`);
}

function formatFormat(value: string | undefined): ExportFormat {
  if (!value || !exportFormats.includes(value as ExportFormat)) throw new CliError(`--format: expected one of ${exportFormats.join(", ")}`);
  return value as ExportFormat;
}

function exportOptions(values: Values): ExportOptions {
  const version = values["gexf-version"];
  if (version === undefined) return {};
  if (!(gexfVersions as readonly string[]).includes(version)) throw new CliError(`--gexf-version: expected one of ${gexfVersions.join(", ")}`);
  return { gexfVersion: version as ExportOptions["gexfVersion"] };
}

async function writeExport(view: ExportView, format: ExportFormat, output: string | undefined, out: (s: string) => void, options: ExportOptions = {}): Promise<void> {
  const file = exportView(view, format, options);
  // Atomic, as `report -o` and every store: a kill or a full disk never leaves half a file where an export was.
  if (output) {
    await writeFileAtomic(output, file.body);
    out(`wrote ${output} (${format}, ${view.graph.order} nodes, ${view.graph.size} edges)`);
  } else if (typeof file.body === "string") out(file.body);
  else {
    const name = exportFileName(view, format);
    await writeFileAtomic(name, file.body);
    out(`wrote ${name} (binary ${format}; use -o to choose the file)`);
  }
}

export async function runCli(argv: string[], out: (s: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(usage);
    return command || values.help ? 0 : 2;
  }
  const dataDir = path.resolve(values.data ?? curatedDataDir);
  const snapshotDir = path.resolve(values.snapshots ?? process.env.SNAPSHOT_DIR ?? ".snapshots");

  switch (command) {
    case "validate": {
      const dir = path.resolve(rest[0] ?? dataDir);
      const result = await loadData(dir);
      if (!result.ok) {
        out(formatProblems(result.problems));
        out(`\n${result.problems.length} problem(s) in ${dir}`);
        return 1;
      }
      out(`ok: ${result.dataset.graph.order} nodes, ${result.dataset.graph.size} edges, data version ${result.dataset.dataVersion}`);
      return 0;
    }
    case "stats": {
      const dataset = await loadOrExplain(dataDir);
      const { graph } = dataset;
      const count = (pick: (add: (k: string) => void) => void) => {
        const m = new Map<string, number>();
        pick((k) => m.set(k, (m.get(k) ?? 0) + 1));
        return [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k.padEnd(24)} ${n}`).join("\n");
      };
      const { metrics } = computeMetrics(graph);
      const top = [...metrics].sort((a, b) => b[1].betweenness - a[1].betweenness).slice(0, 10);
      out(`${graph.order} nodes, ${graph.size} edges, data version ${dataset.dataVersion}`);
      out(`\nNodes by kind:\n${count((add) => graph.forEachNode((_n, a) => add(a.kind)))}`);
      out(`\nEdges by relation:\n${count((add) => graph.forEachEdge((_e, a) => add(a.relation)))}`);
      out(`\nEdges by confidence:\n${count((add) => graph.forEachEdge((_e, a) => add(a.confidence)))}`);
      out(`\nMost central (betweenness):\n${top.map(([id, m]) => `  ${graph.getNodeAttribute(id, "label").padEnd(48)} ${m.betweenness.toFixed(3)}  degree ${m.degree}`).join("\n")}`);
      return 0;
    }
    case "path": {
      if (rest.length !== 2) throw new CliError("path: expected <from> <to>");
      const dataset = await loadOrExplain(dataDir);
      const index = buildSearchIndex(dataset.graph);
      const from = resolveName(index, rest[0], "from");
      const to = resolveName(index, rest[1], "to");
      const direction = (values.direction ?? "any") as PathDirection;
      const result = findPaths(dataset, {
        ...filtersFrom(values),
        from,
        to,
        k: intOption("k", values.k),
        weighted: values.weighted,
        direction,
        maxLength: intOption("max-length", values["max-length"]),
      });
      const label = (id: string) => dataset.graph.getNodeAttribute(id, "label");
      const relation = new Map(dataset.vocabulary.relations.map((r) => [r.id, r]));
      if (result.paths.length === 0) out(`no path from ${label(from)} to ${label(to)} with these filters`);
      result.paths.forEach((p, i) => {
        out(`\n#${i + 1}  ${p.length} hop(s), cost ${p.cost}`);
        out(`  ${label(p.nodes[0])}`);
        p.edges.forEach((e, j) => {
          const next = p.nodes[j + 1];
          const forward = e.source === p.nodes[j];
          const r = relation.get(e.relation);
          const verb = r?.directed === false || forward ? r?.label ?? e.relation : r?.inverseLabel ?? e.relation;
          const dates = e.since || e.until ? ` [${e.since ?? "…"}–${e.until ?? "…"}]` : "";
          out(`   ─ ${verb} (${e.confidence})${dates} → ${label(next)}`);
          for (const ev of e.evidence) out(`       ${ev.source} ${ev.locator}: ${ev.claim}`);
        });
      });
      if (result.truncated) out("\n(search stopped at its time budget; more paths may exist)");
      return 0;
    }
    case "export": {
      const dataset = await loadOrExplain(dataDir);
      const store = await openStore({ dataset, snapshotDir });
      const filters = filtersFrom(values);
      await writeExport(makeExportView(dataset, store.view(filters), filters), formatFormat(values.format), values.output, out, exportOptions(values));
      return 0;
    }
    case "snapshot": {
      const [action, id] = rest;
      const dataset = await loadOrExplain(dataDir);
      const store = await openStore({ dataset, snapshotDir });
      if (action === "list") {
        const list = await store.snapshots.list();
        if (list.length === 0) out(`no snapshots in ${snapshotDir}`);
        for (const s of list) out(`${s.id}  ${s.createdAt}  ${String(s.nodes).padStart(5)} nodes ${String(s.edges).padStart(5)} edges  ${s.title}`);
        return 0;
      }
      if (!id) throw new CliError(`snapshot ${action ?? ""}: expected list, show <id> or export <id>`);
      const snapshot = await store.snapshots.get(id);
      if (action === "show") {
        out(`${snapshot.title}  (${snapshot.id})`);
        out(`created ${snapshot.createdAt}, data version ${snapshot.dataVersion}, ${snapshot.stats.nodes} nodes, ${snapshot.stats.edges} edges`);
        out(`filters ${JSON.stringify(snapshot.filters)}`);
        if (snapshot.note) out(`note: ${snapshot.note}`);
        out("sources:");
        for (const s of snapshot.bibliography) out(`  [${s.id}] ${s.author}, ${s.title}${s.date ? ` (${s.date})` : ""}${s.via ? `, cited in ${s.via}` : ""}`);
        return 0;
      }
      if (action === "export") {
        await writeExport(snapshotExportView(dataset, snapshot), formatFormat(values.format), values.output, out, exportOptions(values));
        return 0;
      }
      throw new CliError(`snapshot: unknown action "${action}" (expected list, show or export)`);
    }
    case "edit":
    case "import-claims":
    case "history":
    case "revert":
      return runEditCommand(command, rest, values, dataDir, out);
    case "balance":
    case "exposure":
    case "diff":
    case "contested":
    case "report": {
      const dataset = await loadOrExplain(dataDir);
      const index = buildSearchIndex(dataset.graph);
      return runAnalysisCommand(command as AnalysisCommand, {
        dataset,
        filters: filtersFrom(values),
        args: rest,
        options: {
          json: values.json,
          limit: intOption("limit", values.limit),
          offset: intOption("offset", values.offset),
          maxLength: intOption("max-length", values["max-length"]),
          format: values.format,
          output: values.output,
          from: values.from,
          to: values.to,
          predictions: values["no-predictions"] ? false : undefined,
        },
        resolve: (name, role) => resolveName(index, name, role),
        out,
      });
    }
    default:
      throw new CliError(`unknown command "${command}"\n\n${usage}`);
  }
}

/** edit, import-claims, history and revert: the same edit service as the server, on the files directly. */
async function runEditCommand(command: string, rest: string[], values: Values, dataDir: string, out: (s: string) => void): Promise<number> {
  const edits = await EditService.open(dataDir);
  if (!edits.check.editable) throw new CliError(`${dataDir} is a single graph file: edits need a graph-data directory`);
  if (command === "history") {
    const entries = edits.history({ node: values.node, edge: values.edge, limit: intOption("limit", values.limit) ?? 20 });
    if (entries.length === 0) out("no edits logged");
    for (const e of entries) {
      out(`r${e.revision}  ${e.time}  ${e.author}${e.revertOf ? `  (reverts r${e.revertOf})` : ""}\n  ${e.reason}`);
      for (const c of e.changes) out(`    ${c.before && c.after ? "~" : c.after ? "+" : "-"} ${c.type} ${c.key}  (${c.file})`);
    }
    return 0;
  }
  const dataset = await loadOrExplain(dataDir);
  const holder = { dataset, replaceDataset: (next: Dataset) => void (holder.dataset = next) };
  edits.attach(holder);
  const author = values.author ?? process.env.USER ?? "cli";
  let result: EditResult;
  if (command === "revert") {
    const revision = intOption("revision", rest[0]);
    if (!revision) throw new CliError("revert: expected a revision number");
    result = await edits.revert(revision, { reason: values.reason, author }, dataset.dataVersion);
  } else {
    const file = rest[0];
    if (!file) throw new CliError(`${command}: expected a file`);
    if (command === "import-claims" && !values.reason) throw new CliError("import-claims: --reason is required (say where the claims come from)");
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    });
    let request: EditRequest;
    if (command === "import-claims") {
      if (!values.reason) throw new CliError("import-claims: --reason is required");
      const { ops, rows, relocate } = claimsToOps(text, dataset);
      out(`${rows} row(s) → ${ops.filter((o) => o.op === "add-edge").length} new relation(s), ${ops.filter((o) => o.op === "update-edge").length} relation(s) with new evidence`);
      if (values["dry-run"]) return 0;
      result = await edits.apply({ reason: values.reason, author, ops }, dataset.dataVersion).catch((error: unknown) => {
        throw relocate(error);
      });
      return reportResult(result, out);
    } else {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
      }
      if (Array.isArray(body)) body = { reason: values.reason, ops: body };
      const given = body as { reason?: string; author?: string };
      request = parseEditRequest({ ...given, reason: values.reason ?? given.reason, author: values.author ?? given.author ?? author });
    }
    result = await edits.apply(request, dataset.dataVersion);
  }
  return reportResult(result, out);
}

function reportResult(result: EditResult, out: (s: string) => void): number {
  out(`revision ${result.revision} applied (data ${result.dataVersion})`);
  for (const c of result.entry.changes) out(`  ${c.before && c.after ? "~" : c.after ? "+" : "-"} ${c.type} ${c.key}  (${c.file})`);
  return 0;
}

const isMain = process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
    if (error instanceof CliError || isAppError(error) || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))
      console.error(`error: ${(error as Error).message}`);
    else console.error(error);
    exitAfterFlush(error instanceof AppError && error.code === "NODE_NOT_FOUND" ? 2 : 1);
  });
}
