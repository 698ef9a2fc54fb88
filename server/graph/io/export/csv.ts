// CSV exporter: nodes, edges and sources tables zipped together, safe to open in Excel.
import { zipSync } from "fflate";
import type { Exporter, ExportView } from "./types.js";
import {
  cellText,
  citations,
  claimsText,
  describeFilters,
  factsText,
  lookup,
  provenanceLine,
  stripForbidden,
  type CellValue,
} from "./shared.js";
import type { Casualties, Evidence, Fact } from "../../model/types.js";
import { memoReliabilityIndex, relationGrade, reliabilityOf } from "../../model/grades.js";

type Cell = CellValue | undefined | null;

/**
 * Spreadsheets run a cell starting with = + - @ (and, in some, tab or CR) as a formula, so a label like
 * `=HYPERLINK(...)` would be live. A leading apostrophe makes Excel and LibreOffice show it as text.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === undefined || value === null) return "";
  let text = stripForbidden(cellText(value));
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 with CRLF line ends, behind a UTF-8 byte-order mark so Excel does not read it as ANSI. */
export function csvTable(header: string[], rows: Cell[][]): string {
  return "\uFEFF" + [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const nodeHeader = [
  "id",
  "label",
  "kind",
  "kind_label",
  "aliases",
  "description",
  "date",
  "casualties_killed",
  "casualties_injured",
  "casualties_note",
  "community",
  "degree",
  "pagerank",
  "betweenness",
  "facts",
  "claims",
  "citations",
];

const edgeHeader = [
  "id",
  "source",
  "source_label",
  "target",
  "target_label",
  "relation",
  "relation_label",
  "directed",
  // Gephi's spreadsheet import reads a `type` column of directed/undirected to build a mixed graph.
  "type",
  "confidence",
  "since",
  "until",
  "note",
  "claims",
  "citations",
  "reliability",
  "credibility",
  "grade",
];

const sourceHeader = ["id", "title", "author", "reliability", "date", "venue", "via", "url", "note"];

const metric = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

/** Zip entry times are local wall-clock fields; shifting makes them read as the UTC generation time wherever the server runs. */
export function zipTime(iso: string): Date {
  const t = Date.parse(iso);
  const earliest = Date.UTC(1980, 0, 2);
  const utc = new Date(Number.isFinite(t) && t > earliest ? t : earliest);
  return new Date(utc.getTime() + utc.getTimezoneOffset() * 60_000);
}

export function csvTables(view: ExportView): Record<"nodes.csv" | "edges.csv" | "sources.csv" | "README.txt", string> {
  const { graph } = view;
  const vocab = lookup(view);
  const nodes: Cell[][] = [];
  graph.forEachNode((key, a) => {
    const casualties = a.casualties as Casualties | undefined;
    nodes.push([
      key,
      a.label,
      a.kind,
      vocab.kind(a.kind).label,
      (a.aliases ?? []).join("; "),
      a.description,
      a.date,
      casualties?.killed,
      casualties?.injured,
      casualties?.note,
      metric(a.community),
      metric(a.degree),
      metric(a.pagerank),
      metric(a.betweenness),
      factsText(a.facts as Fact[] | undefined),
      claimsText(a.evidence as Evidence[]),
      citations(a.evidence as Evidence[]),
    ]);
  });
  const edges: Cell[][] = [];
  const reliability = memoReliabilityIndex(view.sources);
  graph.forEachEdge((key, a, source, target, sa, ta, undirected) => {
    const grade = relationGrade(a, reliability);
    edges.push([
      key,
      source,
      sa.label,
      target,
      ta.label,
      a.relation,
      vocab.relation(a.relation).label,
      !undirected,
      undirected ? "undirected" : "directed",
      a.confidence,
      a.since,
      a.until,
      a.note,
      claimsText(a.evidence),
      citations(a.evidence),
      grade.reliability,
      grade.credibility,
      grade.grade,
    ]);
  });
  const sources: Cell[][] = view.sources.map((s) => [s.id, s.title, s.author, reliabilityOf(s), s.date, s.venue, s.via, s.url, s.note]);
  const readme = [
    stripForbidden(view.title),
    "",
    stripForbidden(provenanceLine(view)),
    `Filters: ${stripForbidden(describeFilters(view.filters))}`,
    "",
    "nodes.csv   one row per actor, event or place; `claims` and `citations` give its evidence.",
    "edges.csv   one row per relation; `citations` such as `S1 P17` point into sources.csv (id, then locator).",
    "sources.csv the bibliography the evidence cites.",
    "",
    "Cells that would start with = + - @ are prefixed with an apostrophe so spreadsheets do not run them.",
    "",
  ].join("\r\n");
  return {
    "nodes.csv": csvTable(nodeHeader, nodes),
    "edges.csv": csvTable(edgeHeader, edges),
    "sources.csv": csvTable(sourceHeader, sources),
    "README.txt": readme,
  };
}

/**
 * Why a zip: a graph is at least two tables (Gephi's data laboratory imports a nodes table and an edges
 * table separately) and the sources table is what makes the claims citable; one download keeps the
 * three, and a README with the view's provenance, together.
 */
export const exportCsv: Exporter = (view) => {
  const encoder = new TextEncoder();
  const tables = csvTables(view);
  const files = Object.fromEntries(Object.entries(tables).map(([name, text]) => [name, encoder.encode(text)]));
  return {
    body: zipSync(files, { level: 6, mtime: zipTime(view.generatedAt) }),
    contentType: "application/zip",
    extension: "zip",
  };
};
