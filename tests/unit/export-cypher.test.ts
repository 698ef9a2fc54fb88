// Cypher export: UNWIND batches that create every node and relationship once, balanced literals, and hostile text that stays inside its literal.
import { describe, expect, it } from "vitest";
import { cypherString, exportCypher, kindLabel, relationType, writeCypher } from "../../server/graph/io/export/cypher.js";
import { fixtureView, hostile } from "../fixtures/export/view.js";

type Token =
  | { type: "code"; text: string }
  | { type: "string"; value: string }
  | { type: "name"; value: string }
  | { type: "comment"; text: string };

const escapes: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

/**
 * A small Cypher lexer: comments, single/double-quoted strings with backslash escapes, backtick names
 * (`` for a backtick), everything else as code. Throws on an unterminated literal, an unknown escape,
 * or a raw line break inside a literal, which is what a broken escape would produce.
 */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let code = "";
  const flush = () => {
    if (code) tokens.push({ type: "code", text: code });
    code = "";
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "/" && source[i + 1] === "/") {
      flush();
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? source.length : end;
      tokens.push({ type: "comment", text: source.slice(i + 2, stop) });
      i = stop;
    } else if (c === "'" || c === '"') {
      flush();
      let value = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new Error("unterminated string literal");
        const d = source[i];
        if (d === "\n" || d === "\r" || d === "\u2028" || d === "\u2029") throw new Error(`raw line break in string literal at ${i}`);
        if (d === c) break;
        if (d === "\\") {
          const e = source[i + 1];
          if (e === "u") {
            const hex = source.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`bad \\u escape at ${i}`);
            value += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            continue;
          }
          if (!(e in escapes)) throw new Error(`unknown escape \\${e} at ${i}`);
          value += escapes[e];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ type: "string", value });
      i++;
    } else if (c === "`") {
      flush();
      let value = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new Error("unterminated backtick name");
        if (source[i] === "`") {
          if (source[i + 1] === "`") {
            value += "`";
            i += 2;
            continue;
          }
          break;
        }
        value += source[i++];
      }
      tokens.push({ type: "name", value });
      i++;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return tokens;
}

/** Statements as token lists, split at top-level semicolons; comments dropped. */
function statements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.type === "comment") continue;
    if (t.type !== "code") {
      current.push(t);
      continue;
    }
    const parts = t.text.split(";");
    parts.forEach((part, index) => {
      if (index > 0) {
        if (current.some((x) => x.type !== "code" || x.text.trim())) out.push(current);
        current = [];
      }
      if (part) current.push({ type: "code", text: part });
    });
  }
  if (current.some((x) => x.type !== "code" || x.text.trim())) throw new Error("last statement lacks a semicolon");
  return out;
}

const codeOf = (statement: Token[]) =>
  statement.map((t) => (t.type === "code" ? t.text : t.type === "string" ? "<str>" : "<name>")).join("");

interface Row {
  /** The statement after its literal list, names shown as <name>. */
  tail: string;
  names: string[];
  value: Record<string, unknown>;
}

/**
 * Decodes `UNWIND [ {...}, ... ] AS row …` back into JavaScript values: literals become JSON strings, bare
 * keys are quoted, and the list is read by JSON.parse, so any literal that escaped its quotes would fail here.
 */
function unwindRows(statement: Token[]): Row[] {
  const first = statement[0];
  if (first?.type !== "code" || !/^\s*UNWIND \[/.test(first.text)) throw new Error(`not an UNWIND statement: ${codeOf(statement).slice(0, 80)}`);
  const endAt = statement.findIndex((t) => t.type === "code" && t.text.includes("] AS row"));
  if (endAt < 0) throw new Error("UNWIND without AS row");
  let json = "";
  const jsonCode = (text: string) => text.replace(/([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '"$1":');
  statement.slice(0, endAt + 1).forEach((t, i) => {
    if (t.type === "string" || t.type === "name") json += JSON.stringify(t.value);
    else if (t.type === "code") {
      let text = t.text;
      if (i === 0) text = text.replace(/^\s*UNWIND /, "");
      if (i === endAt) text = text.slice(0, text.indexOf("] AS row") + 1);
      json += jsonCode(text);
    }
  });
  const last = statement[endAt] as { text: string };
  const rest = [{ type: "code", text: last.text.slice(last.text.indexOf("] AS row") + 1) } as Token, ...statement.slice(endAt + 1)];
  const tail = codeOf(rest).trim();
  const names = rest.filter((t) => t.type === "name").map((t) => (t as { value: string }).value);
  return (JSON.parse(json) as Record<string, unknown>[]).map((value) => ({ tail, names, value }));
}

function exported(view = fixtureView(), batchSize?: number) {
  const text = batchSize ? writeCypher(view, batchSize) : (exportCypher(view).body as string);
  const tokens = tokenize(text);
  const list = statements(tokens);
  const rows = list.slice(1).flatMap(unwindRows);
  const nodes = new Map(rows.filter((r) => /^AS row CREATE \(n:Actor:<name>\) SET n = row$/.test(r.tail)).map((r) => [r.value.id as string, r]));
  const edges = new Map(
    rows
      .filter((r) => /^AS row MATCH \(a:Actor \{id: row\.s\}\) MATCH \(b:Actor \{id: row\.t\}\) CREATE \(a\)-\[r:<name>\]->\(b\) SET r = row\.p$/.test(r.tail))
      .map((r) => [(r.value.p as { id: string }).id, r]),
  );
  return { view, text, tokens, statements: list, rows, nodes, edges };
}

const code = (tokens: Token[]) => tokens.filter((t) => t.type === "code").map((t) => (t as { text: string }).text).join("");

describe("exportCypher", () => {
  it("should be a plain-text .cypher file", () => {
    const file = exportCypher(fixtureView());
    expect(file.extension).toBe("cypher");
    expect(file.contentType).toMatch(/^(text\/plain|application\/x-cypher-query)/);
  });

  it("should lex with every literal balanced and every statement terminated", () => {
    expect(() => exported()).not.toThrow();
  });

  it("should start with the Actor id constraint, then UNWIND batches that create every node and relationship exactly once", () => {
    const { view, statements: list, rows, nodes, edges } = exported();
    expect(codeOf(list[0]).trim()).toBe("CREATE CONSTRAINT IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE");
    expect(rows).toHaveLength(view.graph.order + view.graph.size);
    expect([...nodes.keys()].sort()).toEqual(view.graph.nodes().sort());
    expect([...edges.keys()].sort()).toEqual(view.graph.edges().sort());
    view.graph.forEachEdge((key, _a, source, target) => expect(edges.get(key)!.value).toMatchObject({ s: source, t: target }));
    // One CREATE per statement, not per row.
    const creates = list.map(codeOf).join(" ").match(/\bCREATE\b/g) ?? [];
    expect(creates).toHaveLength(list.length);
  });

  it("should batch rows by label or type, at most the batch size per statement", () => {
    const view = fixtureView();
    const { statements: list, rows } = exported(view, 2);
    expect(rows).toHaveLength(view.graph.order + view.graph.size);
    for (const statement of list.slice(1)) expect(unwindRows(statement).length).toBeLessThanOrEqual(2);
    for (const statement of list.slice(1)) expect(new Set(unwindRows(statement).map((r) => r.names.join())).size).toBe(1);
    // 2,500 relationships of one type: three statements of 1,000, 1,000 and 500 rows.
    const big = fixtureView();
    big.graph.clearEdges();
    for (let i = 0; i < 2500; i++) big.graph.addDirectedEdgeWithKey(`e${i}`, "iskp", "a-and-b", { relation: "targets", confidence: "reported", evidence: [] });
    const edgeStatements = exported(big).statements.slice(1).filter((st) => codeOf(st).includes("MATCH"));
    expect(edgeStatements.map((st) => unwindRows(st).length)).toEqual([1000, 1000, 500]);
  });

  it("should keep hostile labels inside their literals, decoding back to the exact text", () => {
    const { view, tokens, nodes, edges } = exported();
    for (const word of ["DROP", "DETACH", "DELETE", "neo4j", "alert"]) expect(code(tokens)).not.toContain(word);
    view.graph.forEachNode((key, a) => expect(nodes.get(key)!.value.label).toBe(a.label));
    expect(nodes.get("cypher")!.value.label).toBe(hostile.cypher);
    expect(nodes.get("cypher")!.value.description).toBe("Tries '}) MATCH (n) DETACH DELETE n //");
    expect(nodes.get("ctrl")!.value.label).toBe(hostile.controls);
    expect(nodes.get("unicode")!.value.label).toBe(hostile.unicode);
    expect((edges.get("e-cypher-iskp-member")!.value.p as Record<string, unknown>).note).toBe("Left in 2019'); DROP");
  });

  it("should quote unusual attribute names and write numbers Cypher can parse", () => {
    const view = fixtureView();
    view.graph.setNodeAttribute("iskp", "odd`key}); DROP", 1);
    view.graph.setEdgeAttribute("e-iskp-ab-hostile", "weight", 2);
    view.graph.setEdgeAttribute("e-iskp-ab-hostile", "big", 1.5e21);
    view.graph.setEdgeAttribute("e-iskp-ab-hostile", "tiny", 1e-7);
    const { tokens, nodes, edges, text } = exported(view);
    expect(code(tokens)).not.toContain("DROP");
    expect(nodes.get("iskp")!.value["odd`key}); DROP"]).toBe(1);
    expect(edges.get("e-iskp-ab-hostile")!.value.p).toMatchObject({ weight: 2, big: 1.5e21, tiny: 1e-7 });
    // Cypher's grammar has no `e+` exponent.
    expect(text).toContain("big: 1.5e21");
    expect(text).toContain("tiny: 1e-7");
  });

  it("should not let a title with line breaks escape the header comment", () => {
    const view = fixtureView({ title: "Title\nMATCH (n) DETACH DELETE n;\r\u2028// x'" });
    const { tokens, rows } = exported(view);
    expect(code(tokens)).not.toContain("DETACH");
    expect(rows).toHaveLength(view.graph.order + view.graph.size);
    const header = tokens.filter((t) => t.type === "comment").map((t) => (t as { text: string }).text).join("\n");
    expect(header).toContain("Title MATCH (n) DETACH DELETE n");
  });

  it("should label nodes Actor plus their PascalCase kind, and type relationships in upper snake case", () => {
    const { view, nodes, edges } = exported();
    expect(nodes.get("iskp")!.names).toEqual(["Group"]);
    view.graph.forEachNode((key, a) => expect(nodes.get(key)!.names).toEqual([kindLabel(a.kind)]));
    view.graph.forEachEdge((key, a) => expect(edges.get(key)!.names).toEqual([relationType(a.relation)]));
    expect(edges.get("e-ab-unicode-allied")!.names).toEqual(["ALLIED_WITH"]);
    expect(kindLabel("armed-group")).toBe("ArmedGroup");
    expect(kindLabel("`; DROP")).toBe("DROP");
    expect(relationType("suspected-proxy-of")).toBe("SUSPECTED_PROXY_OF");
    expect(relationType("1st-order")).toBe("REL_1ST_ORDER");
  });

  it("should store relation, confidence, dates, direction, evidence, claims and citations on relationships", () => {
    const { view, edges, nodes } = exported();
    view.graph.forEachEdge((key, a, _s, _t, _sa, _ta, undirected) => {
      const p = edges.get(key)!.value.p as Record<string, unknown>;
      expect(p.relation).toBe(a.relation);
      expect(p.confidence).toBe(a.confidence);
      expect(p.since).toBe(a.since);
      expect(p.until).toBe(a.until);
      expect(p.undirected).toBe(undirected);
      expect(JSON.parse(p.evidence_json as string)).toEqual(a.evidence);
    });
    const member = edges.get("e-cypher-iskp-member")!.value.p as Record<string, unknown>;
    expect(member.citations).toEqual(["S1 P12", "un-mt-13 P30"]);
    expect(member.claims).toEqual(["He was a member. [S1 P12]", 'Claim, with "quotes", commas\nand a newline. [un-mt-13 P30]']);
    expect(nodes.get("iskp")!.value.aliases).toEqual(["ISIS-K", '=HYPERLINK("http://x")']);
  });

  it("should open with a header naming the title, data version and sources", () => {
    const { view, tokens } = exported();
    const header = tokens.filter((t) => t.type === "comment").map((t) => (t as { text: string }).text).join("\n");
    expect(header).toContain("ISKP & allies <test>");
    expect(header).toContain(view.dataVersion);
    expect(header).toContain("[S1] V Balasubramaniyan, Islamic State in Khorasan Province\u2019s Central Asia Outreach (2023-04-29)");
    expect(header).toContain("[un-mt-13] UN Security Council");
  });

  it("should escape backslashes, quotes, controls and bidi marks, and drop unpaired surrogates", () => {
    expect(cypherString("a\\b'c\"d")).toBe("'a\\\\b\\'c\"d'");
    expect(cypherString("x\ny\r\tz")).toBe("'x\\ny\\r\\tz'");
    expect(cypherString("\u0001\u007f\u2028\u202e")).toBe("'\\u0001\\u007f\\u2028\\u202e'");
    expect(cypherString("a\uD800b\u{1F6A9}")).toBe("'ab\u{1F6A9}'");
  });
});
