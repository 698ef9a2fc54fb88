// The edit commands of the CLI: edit, import-claims, history and revert on a copy of a data directory.
import { afterEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { runCli } from "../../server/cli.js";
import { loadData } from "../../server/graph/io/load.js";
import { copyData, curatedData, evidence, nodeAttributes } from "../fixtures/edit-data.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(args, (s) => lines.push(s));
  return { code, out: lines.join("\n") };
}

describe("CLI edits", () => {
  it("should add an actor with a relation and evidence, list it in history with author and reason, and revert it byte for byte", async () => {
    const copy = await copyData(curatedData);
    cleanups.push(copy.remove);
    const before = await loadData(copy.dir);
    const ops = path.join(copy.dir, "..", "ops.json");
    await writeFile(
      ops,
      JSON.stringify({
        reason: "cell named in a new report",
        ops: [
          { op: "add-node", key: "cli-cell", attributes: nodeAttributes("CLI Cell") },
          { op: "add-edge", source: "cli-cell", target: "iskp", attributes: { relation: "allied-with", confidence: "reported", evidence: evidence("Allied, for a CLI test.", "P19") } },
        ],
      }),
    );
    const edited = await run(["edit", ops, "--data", copy.dir, "--author", "cli-user"]);
    expect(edited.code).toBe(0);
    expect(edited.out).toMatch(/revision 1 applied/);
    expect(edited.out).toMatch(/\+ node cli-cell/);

    const claims = path.join(copy.dir, "..", "claims.csv");
    await writeFile(claims, "subject,relation,object,source,locator,claim,credibility\nCLI Cell,allied-with,ISKP,S1,P20,A second paragraph for the CLI test.,2\n");
    expect((await run(["import-claims", claims, "--data", copy.dir, "--reason", "coding sheet"])).out).toMatch(/1 relation\(s\) with new evidence[\s\S]*revision 2 applied/);
    const loaded = await loadData(copy.dir);
    expect(loaded.ok && loaded.dataset.graph.getEdgeAttribute("e-cli-cell-iskp-allied-with", "evidence")).toHaveLength(2);

    const history = await run(["history", "--data", copy.dir, "--node", "cli-cell"]);
    expect(history.out).toMatch(/r2 .*\n {2}coding sheet[\s\S]*r1 .* cli-user\n {2}cell named in a new report/);

    expect((await run(["revert", "2", "--data", copy.dir])).code).toBe(0);
    expect((await run(["revert", "1", "--data", copy.dir, "--reason", "not a real cell"])).out).toMatch(/revision 4 applied/);
    const after = await loadData(copy.dir);
    expect(after.ok && before.ok && after.dataset.dataVersion).toBe(before.ok && before.dataset.dataVersion);
  });

  it("should refuse an invalid claims file listing every bad cell, changing nothing", async () => {
    const copy = await copyData();
    cleanups.push(copy.remove);
    const claims = path.join(copy.dir, "..", "bad.csv");
    await writeFile(claims, "subject,relation,object,source,locator,claim\nAlpha Frnt,allied-with,Beta Movement,S1,P2,c\nAF,allied-with,BM,S1,P99,c\n");
    await expect(run(["import-claims", claims, "--data", copy.dir, "--reason", "r"])).rejects.toThrow(/line 2 subject: no actor is called "Alpha Frnt"/);
    await expect(run(["import-claims", claims.replace("bad", "missing"), "--data", copy.dir])).rejects.toThrow(/--reason is required/);
    expect((await run(["history", "--data", copy.dir])).out).toBe("no edits logged");
  });
});
