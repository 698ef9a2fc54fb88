// Cypher export: one CREATE per node and relationship, balanced literals, and hostile text that stays inside its literal.
import { describe, expect, it } from "vitest";
import { cypherString, exportCypher, kindLabel, relationType } from "../../server/graph/io/export/cypher.js";
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

/** The string literal that last follows `key:` in a statement (for an edge, its own map comes after the MATCH ids). */
function property(statement: Token[], key: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < statement.length - 1; i++) {
    const t = statement[i];
    const next = statement[i + 1];
    if (t.type === "code" && new RegExp(`\\b${key}:\\s*$`).test(t.text) && next.type === "string") found = next.value;
  }
  return found;
}

function exported(view = fixtureView()) {
  const file = exportCypher(view);
  const text = file.body as string;
  const tokens = tokenize(text);
  return { view, file, text, tokens, statements: statements(tokens) };
}

describe("exportCypher", () => {
  it("should be a plain-text .cypher file", () => {
    const { file } = exported();
    expect(file.extension).toBe("cypher");
    expect(file.contentType).toMatch(/^(text\/plain|application\/x-cypher-query)/);
  });

  it("should lex with every literal balanced and every statement terminated", () => {
    expect(() => exported()).not.toThrow();
  });

  it("should start with the Actor id constraint, then one CREATE per node and one MATCH…CREATE per edge", () => {
    const { view, statements: list } = exported();
    expect(codeOf(list[0]).trim()).toBe("CREATE CONSTRAINT IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE");
    const nodeCreates = list.filter((s) => /^\s*CREATE \(:Actor:<name> \{/.test(codeOf(s)));
    const edgeCreates = list.filter((s) => /^\s*MATCH \(a:Actor \{id: <str>\}\), \(b:Actor \{id: <str>\}\) CREATE \(a\)-\[:<name> \{/.test(codeOf(s)));
    expect(nodeCreates).toHaveLength(view.graph.order);
    expect(edgeCreates).toHaveLength(view.graph.size);
    expect(list).toHaveLength(1 + view.graph.order + view.graph.size);
    const creates = list.map(codeOf).join(" ").match(/\bCREATE\b/g) ?? [];
    expect(creates).toHaveLength(1 + view.graph.order + view.graph.size);
    expect(nodeCreates.map((s) => property(s, "id"))).toEqual(view.graph.nodes());
    expect(edgeCreates.map((s) => property(s, "id"))).toEqual(view.graph.edges());
  });

  it("should keep hostile labels inside their literals, decoding back to the exact text", () => {
    const { view, tokens, statements: list } = exported();
    const code = tokens.filter((t) => t.type === "code").map((t) => (t as { text: string }).text).join("");
    for (const word of ["DROP", "DETACH", "DELETE", "neo4j", "alert"]) expect(code).not.toContain(word);
    const byId = new Map(list.map((s) => [property(s, "id"), s]));
    view.graph.forEachNode((key, a) => expect(property(byId.get(key)!, "label")).toBe(a.label));
    expect(property(byId.get("cypher")!, "label")).toBe(hostile.cypher);
    expect(property(byId.get("cypher")!, "description")).toBe("Tries '}) MATCH (n) DETACH DELETE n //");
    expect(property(byId.get("ctrl")!, "label")).toBe(hostile.controls);
    expect(property(byId.get("unicode")!, "label")).toBe(hostile.unicode);
    expect(property(byId.get("e-cypher-iskp-member")!, "note")).toBe("Left in 2019'); DROP");
  });

  it("should quote unusual attribute names and write numbers Cypher can parse", () => {
    const view = fixtureView();
    view.graph.setNodeAttribute("iskp", "odd`key}); DROP", 1);
    view.graph.setEdgeAttribute("e-iskp-ab-hostile", "weight", 2);
    view.graph.setEdgeAttribute("e-iskp-ab-hostile", "big", 1.5e21);
    view.graph.setEdgeAttribute("e-iskp-ab-hostile", "tiny", 1e-7);
    const { tokens, statements: list } = exported(view);
    const code = tokens.filter((t) => t.type === "code").map((t) => (t as { text: string }).text).join("");
    expect(code).not.toContain("DROP");
    expect(list).toHaveLength(1 + view.graph.order + view.graph.size);
    const iskp = list.find((s) => property(s, "id") === "iskp")!;
    expect(iskp.some((t) => t.type === "name" && t.value === "odd`key}); DROP")).toBe(true);
    const hostileEdge = codeOf(list.find((s) => property(s, "id") === "e-iskp-ab-hostile")!);
    expect(hostileEdge).toContain("weight: 2");
    // Cypher's grammar has no `e+` exponent.
    expect(hostileEdge).toContain("big: 1.5e21");
    expect(hostileEdge).toContain("tiny: 1e-7");
  });

  it("should not let a title with line breaks escape the header comment", () => {
    const view = fixtureView({ title: "Title\nMATCH (n) DETACH DELETE n;\r\u2028// x'" });
    const { tokens, statements: list } = exported(view);
    const code = tokens.filter((t) => t.type === "code").map((t) => (t as { text: string }).text).join("");
    expect(code).not.toContain("DETACH");
    expect(list).toHaveLength(1 + view.graph.order + view.graph.size);
    const header = tokens.filter((t) => t.type === "comment").map((t) => (t as { text: string }).text).join("\n");
    expect(header).toContain("Title MATCH (n) DETACH DELETE n");
  });

  it("should label nodes Actor plus their PascalCase kind, and type relationships in upper snake case", () => {
    const { view, statements: list } = exported();
    const names = (s: Token[]) => s.filter((t) => t.type === "name").map((t) => (t as { value: string }).value);
    const byId = new Map(list.map((s) => [property(s, "id"), s]));
    expect(names(byId.get("iskp")!)).toEqual(["Group"]);
    expect(codeOf(byId.get("iskp")!)).toMatch(/^\s*CREATE \(:Actor:<name>/);
    view.graph.forEachEdge((key, a) => expect(names(byId.get(key)!)).toEqual([relationType(a.relation)]));
    expect(names(byId.get("e-ab-unicode-allied")!)).toEqual(["ALLIED_WITH"]);
    expect(kindLabel("armed-group")).toBe("ArmedGroup");
    expect(kindLabel("`; DROP")).toBe("DROP");
    expect(relationType("suspected-proxy-of")).toBe("SUSPECTED_PROXY_OF");
    expect(relationType("1st-order")).toBe("REL_1ST_ORDER");
  });

  it("should store relation, confidence, dates, direction, evidence, claims and citations on relationships", () => {
    const { view, text, statements: list } = exported();
    const byId = new Map(list.map((s) => [property(s, "id"), s]));
    view.graph.forEachEdge((key, a) => {
      const s = byId.get(key)!;
      expect(property(s, "relation")).toBe(a.relation);
      expect(property(s, "confidence")).toBe(a.confidence);
      expect(property(s, "since")).toBe(a.since);
      expect(property(s, "until")).toBe(a.until);
      expect(JSON.parse(property(s, "evidence_json")!)).toEqual(a.evidence);
    });
    const rival = codeOf(byId.get("e-iskp-ab-rival")!);
    expect(rival).toContain("undirected: true");
    expect(codeOf(byId.get("e-iskp-ab-hostile")!)).toContain("undirected: false");
    const member = byId.get("e-cypher-iskp-member")!;
    const listAfter = (key: string) => {
      const start = member.findIndex((t) => t.type === "code" && new RegExp(`\\b${key}: \\[$`).test(t.text));
      const values: string[] = [];
      for (let i = start + 1; member[i]?.type === "string"; i += 2) {
        values.push((member[i] as { value: string }).value);
        const separator = member[i + 1];
        if (separator?.type !== "code" || separator.text !== ", ") break;
      }
      return values;
    };
    expect(listAfter("citations")).toEqual(["S1 P12", "un-mt-13 P30"]);
    expect(listAfter("claims")).toEqual(["He was a member. [S1 P12]", 'Claim, with "quotes", commas\nand a newline. [un-mt-13 P30]']);
    expect(text).toContain("aliases: ['ISIS-K', '=HYPERLINK(\"http://x\")']");
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
