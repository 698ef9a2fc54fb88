// Helpers every exporter shares: text sanitising, XML escaping, attribute columns, evidence strings, colours and captions.
import type { GraphFilters } from "../../query/filters.js";
import type { Casualties, EdgeAttributes, Evidence, Fact, NodeKind, Relation, SourceEntry } from "../../model/types.js";
import { memoReliabilityIndex, relationGrade } from "../../model/grades.js";
import type { ExportView } from "./types.js";

/* ---------- text ---------- */

/**
 * Code points XML 1.0 cannot carry even as character references: C0 controls other than tab, LF and CR,
 * U+FFFE/U+FFFF and unpaired surrogates (`\p{Cs}` under the `u` flag matches only the unpaired ones).
 */
const xmlForbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/gu;

/** Removes what XML 1.0 forbids; also used for CSV and SVG so that every format shows the same text. */
export function stripForbidden(value: string): string {
  return value.replace(xmlForbidden, "");
}

const textEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\r": "&#13;" };
// Attribute-value normalisation turns raw tab, LF and CR into spaces, so they must travel as references.
const attrEscapes: Record<string, string> = { ...textEscapes, "\t": "&#9;", "\n": "&#10;" };

/** Element content: forbidden characters stripped, markup characters escaped. */
export function xmlText(value: unknown): string {
  return stripForbidden(String(value)).replace(/[&<>"'\r]/g, (c) => textEscapes[c]);
}

/** Attribute value (always written between double quotes): like `xmlText`, and whitespace survives parsing. */
export function xmlAttr(value: unknown): string {
  return stripForbidden(String(value)).replace(/[&<>"'\t\n\r]/g, (c) => attrEscapes[c]);
}

/* ---------- evidence ---------- */

export function citation(evidence: Evidence): string {
  return `${evidence.source} ${evidence.locator}`;
}

/** "S1 P17; un-mt-13 P17": where to look, without the claims. */
export function citations(evidence: readonly Evidence[] | undefined): string {
  return (evidence ?? []).map(citation).join("; ");
}

/** One readable string per piece of evidence: `claim [S1 P17]`. */
export function claimList(evidence: readonly Evidence[] | undefined): string[] {
  return (evidence ?? []).map((e) => `${e.claim} [${citation(e)}]`);
}

export function claimsText(evidence: readonly Evidence[] | undefined): string {
  return claimList(evidence).join(" | ");
}

export function factsText(facts: readonly Fact[] | undefined): string {
  return (facts ?? [])
    .map((f) => {
      const qualifiers = [f.date, f.confidence, citations(f.evidence)].filter(Boolean).join(", ");
      return `${f.property}: ${f.value} (${qualifiers})`;
    })
    .join(" | ");
}

/* ---------- attribute columns ---------- */

export type ColumnType = "string" | "integer" | "double" | "boolean";
export type CellValue = string | number | boolean;

/** One typed attribute column, read from a node's or an edge's attributes. */
export interface Column {
  name: string;
  type: ColumnType;
  read(attributes: Record<string, unknown>): CellValue | undefined;
}

/** Attribute names sigma and the layout use for drawing; exporters map them to their own visual fields. */
const displayKeys = new Set(["label", "x", "y", "z", "size", "color", "type", "hidden", "highlighted", "forceLabel", "zIndex"]);

const str = (name: string, read?: (a: Record<string, unknown>) => string | undefined): Column => ({
  name,
  type: "string",
  read: read ?? ((a) => (typeof a[name] === "string" ? (a[name] as string) : undefined)),
});

const num = (name: string, type: "integer" | "double"): Column => ({
  name,
  type,
  read: (a) => {
    const v = a[name];
    if (typeof v !== "number" || !Number.isFinite(v)) return undefined;
    return type === "integer" && !Number.isInteger(v) ? undefined : v;
  },
});

const json = (name: string, key: string): Column =>
  str(name, (a) => (a[key] === undefined ? undefined : JSON.stringify(a[key])));

const casualties = (a: Record<string, unknown>) => a.casualties as Casualties | undefined;
const evidenceOf = (a: Record<string, unknown>) => a.evidence as Evidence[] | undefined;
const nonEmpty = (s: string) => (s ? s : undefined);

export const nodeCoreColumns: Column[] = [
  str("kind"),
  str("aliases", (a) => (Array.isArray(a.aliases) ? nonEmpty((a.aliases as string[]).join("; ")) : undefined)),
  str("description"),
  str("date"),
  { name: "casualties_killed", type: "integer", read: (a) => casualties(a)?.killed },
  { name: "casualties_injured", type: "integer", read: (a) => casualties(a)?.injured },
  str("casualties_note", (a) => casualties(a)?.note),
  str("citations", (a) => nonEmpty(citations(evidenceOf(a)))),
  str("claims", (a) => nonEmpty(claimsText(evidenceOf(a)))),
  str("facts", (a) => nonEmpty(factsText(a.facts as Fact[] | undefined))),
  json("evidence", "evidence"),
  json("facts_json", "facts"),
];

export const nodeMetricColumns: Column[] = [num("community", "integer"), num("degree", "integer"), num("pagerank", "double"), num("betweenness", "double")];

const nodeHandled = new Set([...displayKeys, "aliases", "description", "evidence", "facts", "date", "casualties", "kind", "community", "degree", "pagerank", "betweenness"]);

export const edgeCoreColumns: Column[] = [
  str("relation"),
  str("confidence"),
  str("since"),
  str("until"),
  str("note"),
  str("citations", (a) => nonEmpty(citations(evidenceOf(a)))),
  str("claims", (a) => nonEmpty(claimsText(evidenceOf(a)))),
  json("evidence", "evidence"),
];

const edgeHandled = new Set([...displayKeys, "relation", "confidence", "since", "until", "note", "evidence", "directed", "undirected", "reliability", "credibility", "grade"]);

function scalarType(value: unknown): ColumnType | "json" | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    return Number.isInteger(value) && Math.abs(value) <= 0x7fffffff ? "integer" : "double";
  }
  if (typeof value === "string") return "string";
  return "json";
}

/** Columns for attributes outside the data model (metrics a later version adds, say), typed from the values seen. */
function extraColumns(records: Iterable<Record<string, unknown>>, handled: Set<string>): Column[] {
  const seen = new Map<string, ColumnType | "json">();
  for (const attributes of records) {
    for (const [name, value] of Object.entries(attributes)) {
      if (handled.has(name)) continue;
      const type = scalarType(value);
      if (!type) continue;
      const before = seen.get(name);
      if (!before || before === type) seen.set(name, type);
      else if ((before === "integer" && type === "double") || (before === "double" && type === "integer")) seen.set(name, "double");
      else seen.set(name, "json");
    }
  }
  return [...seen.keys()].sort().map((name): Column => {
    const type = seen.get(name)!;
    if (type === "json")
      return str(name, (a) => {
        const v = a[name];
        if (v === undefined || v === null) return undefined;
        return typeof v === "string" ? v : JSON.stringify(v);
      });
    return {
      name,
      type,
      read: (a) => {
        const v = a[name];
        return scalarType(v) === null ? undefined : (v as CellValue);
      },
    };
  });
}

export function nodeColumns(view: ExportView): Column[] {
  const records: Record<string, unknown>[] = [];
  view.graph.forEachNode((_k, a) => void records.push(a));
  return [...nodeCoreColumns, ...nodeMetricColumns, ...extraColumns(records, nodeHandled)];
}

/** The relation's grade columns (best source reliability, best credibility, both as "B2"); see model/grades.ts. */
export function gradeColumns(view: Pick<ExportView, "sources">): Column[] {
  const reliability = memoReliabilityIndex(view.sources);
  const grade = (a: Record<string, unknown>) => relationGrade(a as unknown as EdgeAttributes, reliability);
  return [
    { name: "reliability", type: "string", read: (a) => grade(a).reliability },
    { name: "credibility", type: "integer", read: (a) => grade(a).credibility },
    { name: "grade", type: "string", read: (a) => grade(a).grade },
  ];
}

export function edgeColumns(view: ExportView): Column[] {
  const records: Record<string, unknown>[] = [];
  view.graph.forEachEdge((_k, a) => void records.push(a));
  return [...edgeCoreColumns, ...gradeColumns(view), ...extraColumns(records, edgeHandled)];
}

/** Formats a cell for text-based formats; numbers use JavaScript's shortest round-tripping form. */
export function cellText(value: CellValue): string {
  return typeof value === "string" ? value : String(value);
}

/* ---------- vocabulary ---------- */

const fallbackColor = "#999999";

export interface Lookup {
  kind(id: string): NodeKind;
  relation(id: string): Relation;
}

/** Vocabulary look-ups that never fail: a view may hold a kind or relation the vocabulary lacks. */
export function lookup(view: ExportView): Lookup {
  const kinds = new Map(view.vocabulary.nodeKinds.map((k) => [k.id, k]));
  const relations = new Map(view.vocabulary.relations.map((r) => [r.id, r]));
  return {
    kind: (id) => kinds.get(id) ?? { id, label: id, color: fallbackColor, actor: false },
    relation: (id) =>
      relations.get(id) ?? { id, label: id, inverseLabel: id, directed: true, sign: "neutral", color: fallbackColor, description: "" },
  };
}

export function hexToRgb(hex: string): { r: number; g: number; b: number } {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  const n = m ? parseInt(m[1], 16) : 0x999999;
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/* ---------- captions ---------- */

export function describeFilters(filters: GraphFilters): string {
  const parts: string[] = [];
  if (filters.kinds?.length) parts.push(`kinds: ${filters.kinds.join(", ")}`);
  if (filters.relations?.length) parts.push(`relations: ${filters.relations.join(", ")}`);
  if (filters.minConfidence) parts.push(`minimum confidence: ${filters.minConfidence}`);
  if (filters.asOf) parts.push(`as of ${filters.asOf}`);
  return parts.length ? parts.join("; ") : "no filters";
}

/** `Author, Title (date)`: the bibliography line reports and captions use. */
export function sourceLine(source: SourceEntry): string {
  return `${source.author}, ${source.title}${source.date ? ` (${source.date})` : ""}`;
}

export function provenanceLine(view: ExportView): string {
  const snapshot = view.snapshotId ? ` · snapshot ${view.snapshotId}` : "";
  return `Data version ${view.dataVersion} · generated ${view.generatedAt}${snapshot}`;
}

/* ---------- sizes ---------- */

/**
 * Node sizes in [min, max] from PageRank when the view carries it, else from degree in the view,
 * square-rooted so area rather than radius follows importance.
 */
export function nodeSizer(view: ExportView, min: number, max: number): (node: string) => number {
  const { graph } = view;
  let usePagerank = graph.order > 0;
  graph.forEachNode((_n, a) => {
    if (typeof a.pagerank !== "number" || !Number.isFinite(a.pagerank)) usePagerank = false;
  });
  const score = (node: string) => (usePagerank ? (graph.getNodeAttribute(node, "pagerank") as number) : graph.degree(node));
  let top = 0;
  graph.forEachNode((n) => void (top = Math.max(top, score(n))));
  return (node) => (top > 0 ? min + (max - min) * Math.sqrt(Math.max(0, score(node)) / top) : (min + max) / 2);
}

/** Rounds coordinates so output stays short and stable across platforms. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
