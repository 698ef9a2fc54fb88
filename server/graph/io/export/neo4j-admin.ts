// neo4j-admin exporter: a zip of nodes.csv and relationships.csv in the header syntax of `neo4j-admin database import`.
import { zipSync } from "fflate";
import type { Exporter, ExportView } from "./types.js";
import { csvCell, zipTime } from "./csv.js";
import { kindLabel, relationType } from "./cypher.js";
import { citation, describeFilters, lookup, provenanceLine, sourceLine, stripForbidden } from "./shared.js";
import type { Casualties, Evidence } from "../../model/types.js";

/** neo4j-admin's default array delimiter; the import command in the README passes it explicitly anyway. */
export const arrayDelimiter = ";";

/**
 * neo4j-admin has no escape for the array delimiter inside an element, so a `;` in an alias becomes the
 * fullwidth semicolon (U+FF1B), which reads the same and keeps the element whole.
 */
function arrayCell(values: readonly string[] | undefined): string | undefined {
  if (!values?.length) return undefined;
  return values.map((v) => stripForbidden(v).replace(/;/g, "\uFF1B")).join(arrayDelimiter);
}

const finite = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const integer = (value: unknown): number | undefined => {
  const n = finite(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
};

type Cell = string | number | boolean | undefined;

/**
 * A row as neo4j-admin reads it with `--multiline-fields=true`: RFC 4180 quoting (`""` inside quotes), an empty
 * cell for a missing property, and the spreadsheet formula guard of csv.ts (these files get opened in Excel too).
 */
function row(cells: Cell[]): string {
  return cells.map((c) => csvCell(c)).join(",");
}

export const nodeHeader = [
  "id:ID",
  ":LABEL",
  "label",
  "kind",
  "kind_label",
  "aliases:string[]",
  "description",
  "date",
  "casualties_killed:long",
  "casualties_injured:long",
  "casualties_note",
  "community:long",
  "degree:long",
  "pagerank:double",
  "betweenness:double",
  "citations:string[]",
  "evidence_json",
  "facts_json",
];

export const relationshipHeader = [
  ":START_ID",
  ":END_ID",
  ":TYPE",
  "id",
  "relation",
  "relation_label",
  "confidence",
  "since",
  "until",
  "note",
  "undirected:boolean",
  "citations:string[]",
  "evidence_json",
];

export function neo4jAdminTables(view: ExportView): { "nodes.csv": string; "relationships.csv": string; "README.txt": string } {
  const { graph } = view;
  const vocab = lookup(view);
  const nodes: string[] = [nodeHeader.join(",")];
  graph.forEachNode((key, a) => {
    const casualties = a.casualties as Casualties | undefined;
    nodes.push(
      row([
        key,
        ["Actor", kindLabel(a.kind)].join(arrayDelimiter),
        a.label,
        a.kind,
        vocab.kind(a.kind).label,
        arrayCell(a.aliases),
        a.description,
        a.date,
        integer(casualties?.killed),
        integer(casualties?.injured),
        casualties?.note,
        integer(a.community),
        integer(a.degree),
        finite(a.pagerank),
        finite(a.betweenness),
        arrayCell((a.evidence ?? []).map(citation)),
        JSON.stringify(a.evidence ?? []),
        a.facts ? JSON.stringify(a.facts) : undefined,
      ]),
    );
  });
  const relationships: string[] = [relationshipHeader.join(",")];
  graph.forEachEdge((key, a, source, target, _sa, _ta, undirected) => {
    relationships.push(
      row([
        source,
        target,
        relationType(a.relation),
        key,
        a.relation,
        vocab.relation(a.relation).label,
        a.confidence,
        a.since,
        a.until,
        a.note,
        undirected,
        arrayCell(((a.evidence ?? []) as Evidence[]).map(citation)),
        JSON.stringify(a.evidence ?? []),
      ]),
    );
  });
  const readme = [
    stripForbidden(view.title),
    "",
    stripForbidden(provenanceLine(view)),
    `Filters: ${stripForbidden(describeFilters(view.filters))}`,
    `${graph.order} nodes, ${graph.size} relationships.`,
    "",
    "Load into an empty database with neo4j-admin (Neo4j 5; stop the database first):",
    "",
    "  neo4j-admin database import full --overwrite-destination --multiline-fields=true --array-delimiter=\";\" \\",
    "    --nodes=nodes.csv --relationships=relationships.csv neo4j",
    "",
    "Neo4j 4.4: neo4j-admin import --database=neo4j --multiline-fields=true --array-delimiter=\";\" --nodes=nodes.csv --relationships=relationships.csv",
    "Then start the database and run: CREATE CONSTRAINT IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;",
    "",
    "Every node is labelled Actor plus its kind; undirected relations are stored source->target with undirected=true.",
    "evidence_json holds each relation's full evidence; citations such as `S1 P17` point into the sources below.",
    "A `;` inside an alias is written as the fullwidth semicolon; a cell that would start with = + - @ gets a leading apostrophe.",
    "",
    "Sources:",
    ...view.sources.map((s) => `  [${s.id}] ${stripForbidden(sourceLine(s))}${s.via ? ` (via ${s.via})` : ""}`),
    "",
  ].join("\n");
  return { "nodes.csv": nodes.join("\n") + "\n", "relationships.csv": relationships.join("\n") + "\n", "README.txt": readme };
}

/** Why CSV rather than Cypher at scale: neo4j-admin writes the store directly, without transactions, at millions of rows a minute. */
export const exportNeo4jAdmin: Exporter = (view) => {
  const encoder = new TextEncoder();
  const files = Object.fromEntries(Object.entries(neo4jAdminTables(view)).map(([name, text]) => [name, encoder.encode(text)]));
  return { body: zipSync(files, { level: 6, mtime: zipTime(view.generatedAt) }), contentType: "application/zip", extension: "neo4j-admin.zip" };
};
