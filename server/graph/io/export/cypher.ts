// Cypher exporter: a script of batched UNWIND ... CREATE statements that loads the view into Neo4j (cypher-shell or Browser).
import { memoReliabilityIndex, relationGrade } from "../../model/grades.js";
import type { Exporter, ExportView } from "./types.js";
import { claimList, citation, describeFilters, lookup, provenanceLine, sourceLine } from "./shared.js";
import type { Casualties, NodeAttributes } from "../../model/types.js";

/**
 * Escapes a string into a single-quoted Cypher literal. Besides quote and backslash, control and
 * line-separator characters are escaped so no statement splitter sees a line break inside a literal,
 * and bidi/zero-width marks are escaped so the script cannot display differently from what it runs.
 * Unpaired surrogates have no UTF-8 form and are dropped.
 */
export function cypherString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === "'") out += "\\'";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp >= 0xd800 && cp <= 0xdfff) continue;
    else if (
      cp < 0x20 ||
      (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0x200b && cp <= 0x200f) ||
      (cp >= 0x2028 && cp <= 0x202e) ||
      (cp >= 0x2060 && cp <= 0x2069) ||
      cp === 0xfeff ||
      cp === 0xfffe ||
      cp === 0xffff
    )
      out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + "'";
}

/** Backtick-quoted identifier; a backtick inside is doubled, as Cypher requires. */
export function cypherName(name: string): string {
  return "`" + name.replace(/`/g, "``") + "`";
}

/** `investment` → `Investment`, `armed-group` → `ArmedGroup`. */
export function kindLabel(kind: string): string {
  const words = kind.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const label = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return !label ? "Unknown" : /^[0-9]/.test(label) ? `Kind${label}` : label;
}

/** `allied-with` → `ALLIED_WITH`. */
export function relationType(relation: string): string {
  const type = relation.split(/[^A-Za-z0-9]+/).filter(Boolean).join("_").toUpperCase();
  return !type ? "RELATED_TO" : /^[0-9]/.test(type) ? `REL_${type}` : type;
}

type CypherValue = string | number | boolean | string[];

function literal(value: CypherValue): string {
  if (Array.isArray(value)) return `[${value.map(cypherString).join(", ")}]`;
  if (typeof value === "string") return cypherString(value);
  // Cypher's exponent takes an optional minus but no plus, so 1e+21 must be written 1e21.
  return String(value).replace("e+", "e");
}

function map(properties: [string, CypherValue | undefined][]): string {
  const seen = new Set<string>();
  const entries = properties
    // Neo4j stores no nulls, and a repeated key is a syntax error: the first (core) property wins.
    .filter((p): p is [string, CypherValue] => p[1] !== undefined && !seen.has(p[0]) && Boolean(seen.add(p[0])))
    .map(([k, v]) => `${/^[a-z_][a-z0-9_]*$/.test(k) ? k : cypherName(k)}: ${literal(v)}`);
  return `{${entries.join(", ")}}`;
}

/** A `//` comment line: nothing in it may end the line, and no quote or semicolon may fool a naive splitter. */
function comment(text: string): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/'/g, "\u2019")
    .replace(/"/g, "\u201d")
    .replace(/`/g, "\u02cb")
    .replace(/;/g, ",");
  return `// ${flat}`;
}

const handledNodeKeys = new Set(["label", "kind", "aliases", "description", "evidence", "facts", "date", "casualties", "x", "y"]);
const handledEdgeKeys = new Set(["relation", "confidence", "since", "until", "evidence", "note", "undirected"]);

/** Other attributes (metrics, layout): scalars as themselves, anything else as JSON text. */
function extras(attributes: Record<string, unknown>, handled: Set<string>): [string, CypherValue | undefined][] {
  return Object.entries(attributes)
    .filter(([k]) => !handled.has(k))
    .map(([k, v]): [string, CypherValue | undefined] => {
      if (typeof v === "string" || typeof v === "boolean") return [k, v];
      if (typeof v === "number") return [k, Number.isFinite(v) ? v : undefined];
      if (v === undefined || v === null) return [k, undefined];
      return [`${k}_json`, JSON.stringify(v)];
    });
}

/** Rows per UNWIND statement: one transaction each in cypher-shell, small enough for the default heap. */
export const cypherBatchSize = 1000;

/** Splits rows into groups by a static part of the statement (label or type, which Cypher cannot parameterise), then into batches. */
function batches<T>(rows: Iterable<[string, T]>, size: number): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const [group, row] of rows) {
    const list = groups.get(group);
    if (list) list.push(row);
    else groups.set(group, [row]);
  }
  const out: [string, T[]][] = [];
  for (const [group, list] of groups) for (let i = 0; i < list.length; i += size) out.push([group, list.slice(i, i + size)]);
  return out;
}

function nodeProperties(vocab: ReturnType<typeof lookup>, key: string, a: NodeAttributes): [string, CypherValue | undefined][] {
  const casualties = a.casualties as Casualties | undefined;
  return [
    ["id", key],
    ["label", a.label],
    ["kind", a.kind],
    ["kind_label", vocab.kind(a.kind).label],
    ["aliases", a.aliases ?? []],
    ["description", a.description],
    ["date", a.date],
    ["casualties_killed", casualties?.killed],
    ["casualties_injured", casualties?.injured],
    ["casualties_note", casualties?.note],
    ["claims", claimList(a.evidence)],
    ["citations", (a.evidence ?? []).map(citation)],
    ["evidence_json", JSON.stringify(a.evidence ?? [])],
    ["facts_json", a.facts ? JSON.stringify(a.facts) : undefined],
    ...extras(a, handledNodeKeys),
  ];
}

/**
 * The script: a constraint, then nodes and relationships in `UNWIND [...] AS row` batches of up to
 * `cypherBatchSize` rows, grouped by label or relationship type. A million relationships become a thousand
 * statements whose MATCHes use the constraint's index, instead of a million parsed one by one.
 */
export function writeCypher(view: ExportView, batchSize = cypherBatchSize): string {
  const { graph } = view;
  const vocab = lookup(view);
  const out: string[] = [
    comment(`actor-graph export: ${view.title}`),
    comment(provenanceLine(view)),
    comment(`Filters: ${describeFilters(view.filters)}`),
    comment(`${graph.order} nodes, ${graph.size} relationships, in UNWIND batches of up to ${batchSize} rows. Undirected relations are stored source->target with undirected: true; match them with -[]- .`),
    comment("Load with: cypher-shell -u neo4j -p PASSWORD -f this-file.cypher (for millions of rows prefer format=neo4j-admin)."),
    comment("Sources:"),
    ...view.sources.map((s) => comment(`  [${s.id}] ${sourceLine(s)}${s.via ? ` (via ${s.via})` : ""}`)),
    "",
    // Relationship MATCHes look nodes up by id; the constraint gives them an index and stops a second load duplicating nodes.
    "CREATE CONSTRAINT IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;",
    "",
  ];
  const nodeRows: [string, string][] = [];
  graph.forEachNode((key, a) => void nodeRows.push([kindLabel(a.kind), map(nodeProperties(vocab, key, a))]));
  for (const [label, rows] of batches(nodeRows, batchSize))
    out.push(`UNWIND [\n  ${rows.join(",\n  ")}\n] AS row CREATE (n:Actor:${cypherName(label)}) SET n = row;`);
  out.push("");
  const edgeRows: [string, string][] = [];
  const reliability = memoReliabilityIndex(view.sources);
  graph.forEachEdge((key, a, source, target, _sa, _ta, undirected) => {
    const grade = relationGrade(a, reliability);
    const properties: [string, CypherValue | undefined][] = [
      ["id", key],
      ["relation", a.relation],
      ["relation_label", vocab.relation(a.relation).label],
      ["confidence", a.confidence],
      ["since", a.since],
      ["until", a.until],
      ["note", a.note],
      ["undirected", undirected],
      ["reliability", grade.reliability],
      ["credibility", grade.credibility],
      ["grade", grade.grade],
      ["claims", claimList(a.evidence)],
      ["citations", (a.evidence ?? []).map(citation)],
      ["evidence_json", JSON.stringify(a.evidence ?? [])],
      ...extras(a, handledEdgeKeys),
    ];
    edgeRows.push([relationType(a.relation), `{s: ${cypherString(source)}, t: ${cypherString(target)}, p: ${map(properties)}}`]);
  });
  for (const [type, rows] of batches(edgeRows, batchSize))
    out.push(
      `UNWIND [\n  ${rows.join(",\n  ")}\n] AS row MATCH (a:Actor {id: row.s}) MATCH (b:Actor {id: row.t}) CREATE (a)-[r:${cypherName(type)}]->(b) SET r = row.p;`,
    );
  out.push("");
  return out.join("\n");
}

export const exportCypher: Exporter = (view) => ({
  body: writeCypher(view),
  contentType: "text/plain; charset=utf-8",
  extension: "cypher",
});
