// neo4j-admin export: a zip of nodes and relationships CSVs in neo4j-admin import header syntax that parse back with every row, quote, newline and guard.
import { describe, expect, it } from "vitest";
import { unzipSync } from "fflate";
import { parse } from "csv-parse/sync";
import { exportNeo4jAdmin, nodeHeader, relationshipHeader } from "../../server/graph/io/export/neo4j-admin.js";
import { kindLabel, relationType } from "../../server/graph/io/export/cypher.js";
import { fixtureView, hostile, withoutForbidden } from "../fixtures/export/view.js";

function exported(view = fixtureView()) {
  const file = exportNeo4jAdmin(view);
  const files = unzipSync(file.body as Uint8Array);
  const text = (name: string) => new TextDecoder().decode(files[name]);
  // As neo4j-admin reads them with --multiline-fields=true: RFC 4180 quoting, "" for a quote, records may span lines.
  const table = (name: string) => parse(text(name), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  return { view, file, files, text, nodes: table("nodes.csv"), relationships: table("relationships.csv") };
}

/** Undoes the spreadsheet guard, as a reader of the stored property would see it minus the apostrophe. */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** Header syntax of neo4j-admin database import: name[:TYPE] or a bare :ID/:LABEL/:START_ID/:END_ID/:TYPE. */
const headerField = /^(?:[a-z_][a-z0-9_]*(?::(?:ID|string|long|double|boolean|string\[\]|long\[\]|double\[\]))?|:(?:ID|LABEL|START_ID|END_ID|TYPE))$/;

describe("exportNeo4jAdmin", () => {
  it("should be a zip of nodes.csv, relationships.csv and a README with the import command", () => {
    const { file, files, text } = exported();
    expect(file.contentType).toBe("application/zip");
    expect(file.extension).toBe("neo4j-admin.zip");
    expect(Object.keys(files).sort()).toEqual(["README.txt", "nodes.csv", "relationships.csv"]);
    expect(text("README.txt")).toContain("neo4j-admin database import full");
    expect(text("README.txt")).toContain('--array-delimiter=";"');
    expect(text("README.txt")).toContain("--multiline-fields=true");
    // No byte-order mark: neo4j-admin would read it into the first header name.
    expect(files["nodes.csv"][0]).not.toBe(0xef);
  });

  it("should write headers in neo4j-admin syntax with typed and array properties", () => {
    const { nodes, relationships } = exported();
    expect(nodes[0]).toEqual(nodeHeader);
    expect(relationships[0]).toEqual(relationshipHeader);
    for (const field of [...nodes[0], ...relationships[0]]) expect(field).toMatch(headerField);
    expect(nodes[0]).toEqual(expect.arrayContaining(["id:ID", ":LABEL", "aliases:string[]", "pagerank:double", "casualties_killed:long"]));
    expect(relationships[0].slice(0, 3)).toEqual([":START_ID", ":END_ID", ":TYPE"]);
    expect(relationships[0]).toContain("undirected:boolean");
  });

  it("should have one row per node and per relationship, every end an exported node id", () => {
    const { view, nodes, relationships } = exported();
    expect(nodes).toHaveLength(view.graph.order + 1);
    expect(relationships).toHaveLength(view.graph.size + 1);
    const ids = new Set(nodes.slice(1).map((r) => r[0]));
    expect([...ids].sort()).toEqual(view.graph.nodes().sort());
    for (const r of relationships.slice(1)) {
      expect(ids.has(r[0])).toBe(true);
      expect(ids.has(r[1])).toBe(true);
    }
  });

  it("should label nodes Actor plus their kind and type relationships like the Cypher export", () => {
    const { view, nodes, relationships } = exported();
    const byId = new Map(nodes.slice(1).map((r) => [r[0], r]));
    view.graph.forEachNode((key, a) => expect(byId.get(key)![1].split(";")).toEqual(["Actor", kindLabel(a.kind)]));
    const col = (name: string) => relationshipHeader.indexOf(name);
    const rels = new Map(relationships.slice(1).map((r) => [r[col("id")], r]));
    view.graph.forEachEdge((key, a, source, target, _sa, _ta, undirected) => {
      const r = rels.get(key)!;
      expect([r[0], r[1], r[2]]).toEqual([source, target, relationType(a.relation)]);
      expect(r[col("undirected:boolean")]).toBe(String(undirected));
      expect(r[col("confidence")]).toBe(a.confidence);
      expect(JSON.parse(r[col("evidence_json")])).toEqual(a.evidence);
    });
  });

  it("should keep quotes, commas and newlines inside their fields, and guard cells that spreadsheets would run", () => {
    const { view, nodes, relationships } = exported();
    const col = (name: string) => nodeHeader.indexOf(name);
    const byId = new Map(nodes.slice(1).map((r) => [r[0], r]));
    view.graph.forEachNode((key, a) => {
      expect(unguard(byId.get(key)![col("label")])).toBe(withoutForbidden(a.label));
      expect(unguard(byId.get(key)![col("description")])).toBe(withoutForbidden(a.description));
    });
    expect(byId.get("a-and-b")![col("label")]).toBe(hostile.quotes);
    expect(byId.get("iskp")![col("description")]).toBe("Islamic State's Khorasan branch.\nSecond line.");
    expect(byId.get("formula")![col("label")]).toBe(`'${hostile.plus}`);
    expect(byId.get("formula")![col("description")]).toBe("'=1+2");
    for (const row of [...nodes, ...relationships]) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it("should split array properties on ; only between elements, and type numbers and booleans", () => {
    const view = fixtureView();
    view.graph.setNodeAttribute("iskp", "aliases", ["ISIS-K", "Wilayat; Khorasan"]);
    const { nodes } = exported(view);
    const col = (name: string) => nodeHeader.indexOf(name);
    const iskp = nodes.find((r) => r[0] === "iskp")!;
    expect(iskp[col("aliases:string[]")].split(";")).toEqual(["ISIS-K", "Wilayat\uFF1B Khorasan"]);
    expect(iskp[col("citations:string[]")].split(";")).toEqual(["S1 P3"]);
    expect(Number(iskp[col("pagerank:double")])).toBe(0.31);
    expect(iskp[col("community:long")]).toBe("0");
    const formula = nodes.find((r) => r[0] === "formula")!;
    expect(formula[col("casualties_killed:long")]).toBe("2");
    // A node without aliases leaves the cell empty, which neo4j-admin stores as no property.
    expect(nodes.find((r) => r[0] === "a-and-b")![col("aliases:string[]")]).toBe("");
  });
});
