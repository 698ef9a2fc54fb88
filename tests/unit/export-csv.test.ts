// CSV export: a zip of nodes, edges and sources tables that parse as RFC 4180 and cannot run formulas in a spreadsheet.
import { describe, expect, it } from "vitest";
import { unzipSync } from "fflate";
import { csvCell, exportCsv } from "../../server/graph/io/export/csv.js";
import { fixtureView, hostile, withoutForbidden } from "../fixtures/export/view.js";

/** A strict RFC 4180 reader: quotes only around whole fields, CRLF between records; throws on anything else. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') throw new Error(`bare quote in unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
      if (i === text.length) return rows;
      continue;
    }
    throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
}

function unzipped(view = fixtureView()) {
  const file = exportCsv(view);
  expect(file.body).toBeInstanceOf(Uint8Array);
  const files = unzipSync(file.body as Uint8Array);
  // ignoreBOM keeps the mark in the text, so the test sees what Excel sees.
  const text = (name: string) => new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(files[name]);
  const table = (name: string) => {
    expect([...files[name].slice(0, 3)], `${name} starts with a UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(text(name).slice(1));
    return { header, rows, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
  };
  return { view, file, files, text, table };
}

describe("exportCsv", () => {
  it("should be a zip download", () => {
    const { file } = unzipped();
    expect(file.contentType).toBe("application/zip");
    expect(file.extension).toBe("zip");
  });

  it("should hold nodes, edges and sources tables, each behind a UTF-8 BOM with one row per item", () => {
    const { view, files, table } = unzipped();
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["nodes.csv", "edges.csv", "sources.csv"]));
    const nodes = table("nodes.csv");
    const edges = table("edges.csv");
    const sources = table("sources.csv");
    expect(nodes.records.map((r) => r.id)).toEqual(view.graph.nodes());
    expect(edges.records.map((r) => r.id)).toEqual(view.graph.edges());
    expect(sources.records.map((r) => r.id)).toEqual(view.sources.map((s) => s.id));
    for (const t of [nodes, edges, sources]) for (const r of t.rows) expect(r).toHaveLength(t.header.length);
    expect(nodes.header).toEqual(expect.arrayContaining(["id", "label", "kind", "aliases", "description", "date", "community", "degree", "pagerank"]));
    expect(edges.header).toEqual(
      expect.arrayContaining(["id", "source", "source_label", "target", "target_label", "relation", "directed", "confidence", "since", "until", "claims", "citations"]),
    );
    expect(sources.header).toEqual(expect.arrayContaining(["id", "title", "author", "date", "via"]));
  });

  it("should leave no cell starting with a formula character in any table", () => {
    const { table } = unzipped();
    for (const name of ["nodes.csv", "edges.csv", "sources.csv"])
      for (const row of table(name).rows) for (const cell of row) expect(cell, `${name}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("should neutralise formula-like labels, aliases and claims with a leading apostrophe, keeping the text", () => {
    const { table } = unzipped();
    const nodes = table("nodes.csv").records;
    const formula = nodes.find((r) => r.id === "formula")!;
    expect(formula.label).toBe(`'${hostile.plus}`);
    expect(formula.aliases).toBe(`'${hostile.minus}; ${hostile.at}`);
    expect(formula.description).toBe("'=1+2");
    expect(formula.casualties_note).toBe("'-estimates vary");
    expect(nodes.find((r) => r.id === "iskp")!.aliases).toBe(`ISIS-K; ${hostile.hyperlink}`);
    const edges = table("edges.csv").records;
    expect(edges.find((r) => r.id === "e-ab-ctrl-invests")!.claims).toBe(`'=HYPERLINK("http://x") funding. [hostile-src p. 4]`);
    expect(edges.find((r) => r.id === "e-iskp-formula-claimed")!.target_label).toBe(`'${hostile.plus}`);
    expect(table("sources.csv").records.find((r) => r.id === "hostile-src")!.author).toBe("'=Author");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell(-3)).toBe("'-3");
  });

  it("should quote commas, quotes and line breaks so every field survives intact", () => {
    const { view, table } = unzipped();
    const nodes = table("nodes.csv").records;
    expect(nodes.find((r) => r.id === "a-and-b")!.label).toBe(hostile.quotes);
    expect(nodes.find((r) => r.id === "iskp")!.description).toBe("Islamic State's Khorasan branch.\nSecond line.");
    expect(nodes.find((r) => r.id === "ctrl")!.label).toBe(withoutForbidden(hostile.controls));
    expect(nodes.find((r) => r.id === "unicode")!.label).toBe(hostile.unicode);
    const member = table("edges.csv").records.find((r) => r.id === "e-cypher-iskp-member")!;
    expect(member.claims).toBe('He was a member. [S1 P12] | Claim, with "quotes", commas\nand a newline. [un-mt-13 P30]');
    expect(member.source_label).toBe(view.graph.getNodeAttribute("cypher", "label"));
  });

  it("should give each edge its ends' labels, relation, direction, confidence, dates and citations", () => {
    const { table } = unzipped();
    const edges = table("edges.csv").records;
    const member = edges.find((r) => r.id === "e-cypher-iskp-member")!;
    expect(member).toMatchObject({
      source: "cypher",
      target: "iskp",
      target_label: hostile.script,
      relation: "member-of",
      directed: "true",
      confidence: "assessed",
      since: "2015",
      until: "2019-03",
      citations: "S1 P12; un-mt-13 P30",
    });
    expect(edges.find((r) => r.id === "e-iskp-ab-rival")).toMatchObject({ directed: "false", type: "undirected" });
  });

  it("should give each node its metrics and each source its bibliographic fields", () => {
    const { table } = unzipped();
    expect(table("nodes.csv").records.find((r) => r.id === "iskp")).toMatchObject({
      kind: "group",
      community: "0",
      degree: "6",
      pagerank: "0.31",
      citations: "S1 P3",
    });
    expect(table("sources.csv").records.find((r) => r.id === "S1")).toMatchObject({
      title: "Islamic State in Khorasan Province's Central Asia Outreach",
      author: "V Balasubramaniyan",
      date: "2023-04-29",
      via: "",
    });
    expect(table("sources.csv").records.find((r) => r.id === "hostile-src")!.via).toBe("S1");
  });

  it("should date every zip entry at the view's generation time (UTC), not the server clock or time zone", () => {
    const zone = process.env.TZ;
    process.env.TZ = "Asia/Kolkata";
    let zip: Uint8Array;
    try {
      zip = exportCsv(fixtureView()).body as Uint8Array;
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const bytes = Buffer.from(zip);
    const stamps: string[] = [];
    // Walk the local file headers: signature PK\x03\x04, DOS time at +10 and date at +12.
    for (let at = 0; bytes.readUInt32LE(at) === 0x04034b50; ) {
      const time = bytes.readUInt16LE(at + 10);
      const date = bytes.readUInt16LE(at + 12);
      const pad = (n: number) => String(n).padStart(2, "0");
      stamps.push(
        `${(date >> 9) + 1980}-${pad((date >> 5) & 15)}-${pad(date & 31)}T${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`,
      );
      at += 30 + bytes.readUInt32LE(at + 18) + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    }
    expect(stamps.length).toBeGreaterThanOrEqual(3);
    for (const stamp of stamps) expect(stamp).toBe("2024-05-01T12:34:56");
  });
});
