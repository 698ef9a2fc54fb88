import { describe, expect, it } from "vitest";
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadDataDirectory } from "../../server/graph/io/load.js";
import type { Problem } from "../../server/graph/model/types.js";

const fixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/data", name);

async function problemsOf(name: string): Promise<Problem[]> {
  const result = await loadDataDirectory(path.isAbsolute(name) ? name : fixture(name));
  if (result.ok) throw new Error(`expected ${name} to fail validation`);
  return result.problems;
}

function expectProblem(problems: Problem[], file: string, jsonPath: string, message: RegExp): void {
  const hit = problems.find((p) => p.file === file && p.path === jsonPath);
  expect(hit, `no problem at ${file} ${jsonPath}; got:\n${problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("\n")}`).toBeDefined();
  expect(hit?.message).toMatch(message);
}

describe("loadDataDirectory", () => {
  it("should build a mixed multigraph from a valid directory", async () => {
    const result = await loadDataDirectory(fixture("valid"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { graph, dataVersion } = result.dataset;
    expect(graph.order).toBe(5);
    expect(graph.size).toBe(5);
    expect(graph.type).toBe("mixed");
    expect(graph.isUndirected("e-alpha-beta-allied-with")).toBe(true);
    expect(graph.isDirected("e-alpha-gamma-hostile-to")).toBe(true);
    expect(graph.getEdgeAttribute("e-alpha-beta-allied-with", "evidence")[0].locator).toBe("P19");
    expect(dataVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  it("should give the same data version for the same bytes", async () => {
    const a = await loadDataDirectory(fixture("valid"));
    const b = await loadDataDirectory(fixture("valid"));
    expect(a.ok && b.ok && a.dataset.dataVersion === b.dataset.dataVersion).toBe(true);
  });

  it("should report every problem of a broken directory at once, not only the first", async () => {
    const problems = await problemsOf("broken");
    expect(problems.length).toBeGreaterThanOrEqual(17);
  });

  const cases: [string, string, string, RegExp][] = [
    ["unknown kind", "nodes/actors.json", "$.nodes[1].attributes.kind", /unknown kind "warlord"/],
    ["duplicate node key", "nodes/actors.json", "$.nodes[2].key", /duplicate node key "alpha"/],
    ["key colliding with constructor", "nodes/actors.json", "$.nodes[3].key", /collides with an Object built-in/],
    ["key colliding with __proto__", "nodes/proto.json", "$.nodes[0].key", /collides with an Object built-in/],
    ["empty label", "nodes/actors.json", "$.nodes[4].attributes.label", /label must be a non-empty string/],
    ["node without evidence", "nodes/actors.json", "$.nodes[5].attributes.evidence", /at least one/],
    ["attack without date", "nodes/actors.json", "$.nodes[6].attributes.date", /needs a date/],
    ["reserved rendering attribute", "nodes/actors.json", "$.nodes[7].attributes", /unknown attribute\(s\) `type`/],
    ["dangling endpoint", "edges/relations.json", "$.edges[0].target", /dangling target.*"ghost"/],
    ["unknown relation", "edges/relations.json", "$.edges[1].attributes.relation", /unknown relation "befriends"/],
    ["edge without evidence", "edges/relations.json", "$.edges[2].attributes.evidence", /at least one/],
    ["unknown source", "edges/relations.json", "$.edges[3].attributes.evidence[0].source", /unknown source "S9"/],
    ["unknown locator", "edges/relations.json", "$.edges[4].attributes.evidence[0].locator", /unknown locator "P99".*P1\.\.P26/],
    ["reversed dates", "edges/relations.json", "$.edges[5].attributes.until", /reversed dates/],
    ["malformed date", "edges/relations.json", "$.edges[6].attributes.since", /partial ISO date/],
    ["symmetric relation without undirected", "edges/relations.json", "$.edges[7].undirected", /symmetric/],
    ["unknown confidence", "edges/relations.json", "$.edges[8].attributes.confidence", /reported, assessed, speculative/],
    ["duplicate edge key", "edges/relations.json", "$.edges[9].key", /duplicate edge key/],
  ];
  for (const [name, file, jsonPath, message] of cases) {
    it(`should name file and JSON path for ${name}`, async () => {
      expectProblem(await problemsOf("broken"), file, jsonPath, message);
    });
  }

  it("should not report edges to a node with a bad attribute as dangling", async () => {
    const problems = await problemsOf("broken");
    expect(problems.filter((p) => /no node has key "state-x"/.test(p.message))).toEqual([]);
  });

  it("should report a JSON syntax error with file, line and column", async () => {
    const problems = await problemsOf("broken-json");
    expectProblem(problems, "nodes/actors.json", "$", /not valid JSON.*line 1, column \d+/);
  });

  /** A copy of the valid fixture with nodes/actors.json replaced by `content`. */
  async function withActors(content: string | Buffer): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-validate-"));
    await cp(fixture("valid"), dir, { recursive: true });
    await writeFile(path.join(dir, "nodes/actors.json"), content);
    return dir;
  }

  it("should give line and column for the JSON syntax errors whose V8 message has no position", async () => {
    // Node 20 words these as `Unexpected token '}', "..." is not valid JSON`: no position at all.
    const dir = await withActors('{ "nodes": [\n  { "key": "a", "attributes": { "label": tru } }\n] }');
    const problems = await problemsOf(dir);
    expectProblem(problems, "nodes/actors.json", "$", /^not valid JSON: unexpected "t": expected a value at line 2, column 42$/);
  });

  it("should escape binary bytes in a JSON syntax error instead of echoing them", async () => {
    const dir = await withActors(Buffer.from([0x7b, 0x0a, 0x00, 0x01, 0xff, 0x7d]));
    const [problem] = (await problemsOf(dir)).filter((p) => p.file === "nodes/actors.json");
    expect(problem.message).toBe('not valid JSON: unexpected "\\u0000": expected a property name in double quotes or "}" at line 2, column 1');
    expect(problem.message).not.toMatch(/[\u0000-\u001f\ufffd]/);
  });

  it("should refuse an attribute nested 100,000 deep by file and JSON path, without overflowing the stack", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const dir = await withActors(`{ "nodes": [{ "key": "a", "attributes": { "label": "A", "facts": ${deep} } }] }`);
    const problems = await problemsOf(dir);
    const hit = problems.find((p) => p.file === "nodes/actors.json");
    expect(hit?.path).toBe(`$.nodes[0].attributes.facts${"[0]".repeat(60)}`);
    expect(hit?.message).toMatch(/^refused: objects and arrays nested more than 64 levels deep \(line 1, column \d+\)/);
    expect(JSON.stringify(problems)).not.toMatch(/Maximum call stack|at .*\.ts:/);
  });

  it("should refuse a path that is not a directory", async () => {
    const result = await loadDataDirectory(fixture("does-not-exist"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toMatch(/not a directory/);
  });

  it("should leave Object.prototype untouched when data holds __proto__ keys", async () => {
    await problemsOf("broken");
    expect(({} as Record<string, unknown>).label).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("kind");
  });
});
