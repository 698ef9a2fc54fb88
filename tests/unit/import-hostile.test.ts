import { afterEach, describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadData } from "../../server/graph/io/load.js";
import { checkXmlText } from "../../server/graph/io/import/guard.js";
import type { Problem } from "../../server/graph/model/types.js";

const fixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/import", name);

async function refused(file: string): Promise<Problem[]> {
  const result = await loadData(file);
  if (result.ok) throw new Error(`expected ${file} to be refused`);
  return result.problems;
}

const prototypeIsClean = () => {
  expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => !builtins.has(k))).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};
const builtins = new Set(Object.getOwnPropertyNames(Object.prototype));

afterEach(prototypeIsClean);

describe("hostile imports", () => {
  it("should refuse a DOCTYPE with entity declarations (billion laughs) before parsing", async () => {
    const problems = await refused(fixture("billion-laughs.graphml"));
    expect(problems[0]).toMatchObject({ file: "billion-laughs.graphml", path: "line 2, column 1" });
    expect(problems[0].message).toMatch(/refused: a DOCTYPE declaration/);
    expect(problems.some((p) => /refused: an ENTITY declaration/.test(p.message))).toBe(true);
  });

  it("should refuse an external entity (XXE) in GEXF before parsing", async () => {
    const problems = await refused(fixture("xxe.gexf"));
    expect(problems.map((p) => p.message).join("\n")).toMatch(/DOCTYPE[\s\S]*ENTITY/);
    expect(JSON.stringify(problems)).not.toMatch(/root:/); // nothing was read from /etc/passwd
  });

  it('should refuse <key for="__proto__"> (the graphology-graphml pollution trap) naming it', async () => {
    const problems = await refused(fixture("proto-key.graphml"));
    expect(problems).toEqual([{ file: "proto-key.graphml", path: "line 3, column 21", message: expect.stringMatching(/refused: for="__proto__"/) }]);
  });

  it("should refuse constructor as an attribute name and __proto__ as a node id", async () => {
    expect((await refused(fixture("constructor-attr.graphml")))[0].message).toMatch(/refused: attr\.name="constructor"/);
    const ids = await refused(fixture("proto-id.gexf"));
    expect(ids.map((p) => p.message)).toEqual([expect.stringMatching(/refused: id="__proto__"/), expect.stringMatching(/refused: source="__proto__"/)]);
  });

  it("should refuse __proto__, constructor and prototype as JSON keys at any depth, with their paths", async () => {
    const problems = await refused(fixture("proto.json"));
    expect(problems.map((p) => p.path)).toEqual([
      "$.nodes[0].attributes.__proto__",
      "$.nodes[1].attributes.facts[0].constructor",
      "$.nodes[1].attributes.facts[0].constructor.prototype",
    ]);
    expect(problems[0].message).toMatch(/refused: "__proto__" as a key/);
  });

  it("should catch a forbidden key spelled with a JSON escape", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-hostile-"));
    const file = path.join(dir, "escaped.json");
    await writeFile(file, '{"nodes":[{"key":"a","attributes":{"label":"A","kind":"group","__pro\\u0074o__":{"polluted":true}}}],"edges":[]}');
    expect((await refused(file))[0].message).toMatch(/refused: "__proto__"/);
  });

  it("should refuse a JSON file nesting 100,000 arrays in a node attribute by JSON path, without a stack overflow", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-hostile-"));
    const file = path.join(dir, "deep.json");
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    await writeFile(file, `{"nodes":[{"key":"a","attributes":{"label":"A","kind":"group","payload":${deep}}}],"edges":[]}`);
    const problems = await refused(file);
    expect(problems).toEqual([
      { file: "deep.json", path: `$.nodes[0].attributes.payload${"[0]".repeat(60)}`, message: expect.stringMatching(/nested more than 64 levels deep/) },
    ]);
  });

  it("should give line and column for a JSON syntax error and escape binary bytes", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-hostile-"));
    const file = path.join(dir, "binary.json");
    await writeFile(file, Buffer.concat([Buffer.from('{"nodes":[\n{"key":"a",'), Buffer.from([0x00, 0x1b, 0xfe]), Buffer.from("}]}")]));
    expect(await refused(file)).toEqual([
      { file: "binary.json", path: "$", message: 'not valid JSON: unexpected "\\u0000": expected a property name in double quotes (no trailing comma) at line 2, column 12' },
    ]);
  });

  it("should refuse other encodings, UTF-16 and lower-case doctype spellings", () => {
    expect(checkXmlText("f", '<?xml version="1.0" encoding="ISO-8859-1"?><graphml/>')[0].message).toMatch(/unsupported encoding "ISO-8859-1"/);
    expect(checkXmlText("f", '<?xml version="1.0"?>\n<!doctype graphml><graphml/>')[0]).toMatchObject({ path: "line 2, column 1" });
    expect(checkXmlText("f", "<graphml><data>prototype constructor</data></graphml>")).toEqual([]);
  });

  it("should never leave a half-built graph: a refused file yields problems only", async () => {
    const result = await loadData(fixture("proto-key.graphml"));
    expect(result).toEqual({ ok: false, problems: expect.any(Array) });
  });
});
