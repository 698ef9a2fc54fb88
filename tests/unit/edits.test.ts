// The edit domain: ops validated like the loader, all-or-nothing, stable file formatting, audit log, revert and crash recovery.
import { afterEach, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { appendFile, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadData } from "../../server/graph/io/load.js";
import { EditService } from "../../server/graph/edits/service.js";
import { parseEditRequest } from "../../server/graph/edits/ops.js";
import { formatJson } from "../../server/graph/edits/workspace.js";
import { claimsToOps } from "../../server/graph/edits/claims.js";
import { copyData, curatedData, evidence, nodeAttributes, openEdits } from "../fixtures/edit-data.js";
import type { AppError } from "../../server/errors.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
});

async function fresh(source?: string) {
  const copy = await copyData(source);
  cleanups.push(copy.remove);
  return { dir: copy.dir, ...(await openEdits(copy.dir)) };
}

async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const sub of ["", "nodes", "edges"]) {
    for (const name of (await readdir(path.join(dir, sub))).filter((n) => n.endsWith(".json")))
      out[path.join(sub, name)] = await readFile(path.join(dir, sub, name), "utf8");
  }
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a rejection");
}

const addActorWithRelation = {
  reason: "a new cell appears in a report",
  author: "tester",
  ops: [
    { op: "add-node", key: "new-cell", attributes: nodeAttributes("New Cell") },
    { op: "add-edge", source: "new-cell", target: "alpha", attributes: { relation: "allied-with", confidence: "assessed", evidence: evidence("Allied, for a test.") } },
  ],
};

describe("edits", () => {
  it("should apply an actor with a relation and evidence, swap the dataset and log who, why, before and after", async () => {
    const { dir, edits, holder } = await fresh();
    const before = holder.dataset;
    const result = await edits.apply(parseEditRequest(addActorWithRelation), before.dataVersion);
    expect(result.revision).toBe(1);
    expect(holder.dataset).not.toBe(before);
    expect(holder.dataset.graph).not.toBe(before.graph);
    expect(before.graph.hasNode("new-cell")).toBe(false);
    expect(holder.dataset.graph.hasNode("new-cell")).toBe(true);
    expect(holder.dataset.graph.hasEdge("e-new-cell-alpha-allied-with")).toBe(true);
    // Undirected follows the vocabulary when omitted.
    expect(holder.dataset.graph.isUndirected("e-new-cell-alpha-allied-with")).toBe(true);

    const reloaded = await loadData(dir);
    expect(reloaded.ok && reloaded.dataset.dataVersion).toBe(result.dataVersion);
    const [entry] = edits.history({ node: "new-cell" });
    expect(entry).toMatchObject({ revision: 1, author: "tester", reason: "a new cell appears in a report", baseVersion: before.dataVersion, dataVersion: result.dataVersion });
    expect(entry.changes.map((c) => [c.type, c.key, c.before, c.after === null])).toEqual([
      ["node", "new-cell", null, false],
      ["edge", "e-new-cell-alpha-allied-with", null, false],
    ]);
    const logged = (await readFile(path.join(dir, "history.jsonl"), "utf8")).trim().split("\n");
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]).revision).toBe(1);
  });

  it("should write only the changed files, formatted so that a diff shows exactly the change", async () => {
    const { dir, edits, holder } = await fresh(curatedData);
    const original = await snapshotFiles(dir);
    await edits.apply(
      parseEditRequest({ reason: "r", ops: [{ op: "update-edge", key: "e-imu-iskp-allied-with", attributes: { since: "2015" } }] }),
      holder.dataset.dataVersion,
    );
    const after = await snapshotFiles(dir);
    const changed = Object.keys(after).filter((f) => after[f] !== original[f]);
    expect(changed).toEqual([path.join("edges", "alliances-rivalries.json")]);
    const originalFile = path.join(dir, "original.txt");
    await writeFile(originalFile, original[changed[0]]);
    const diff = (() => {
      try {
        return execFileSync("diff", ["-u", originalFile, path.join(dir, changed[0])]).toString();
      } catch (error) {
        return String((error as { stdout: Buffer }).stdout);
      }
    })();
    const lines = diff.split("\n").filter((l) => /^[-+][^-+]/.test(l));
    expect(lines).toEqual(['-        "since": "2014",', '+        "since": "2015",']);
    expect(after[changed[0]]).toBe(formatJson(JSON.parse(after[changed[0]])));
  });

  it("should refuse a bad op naming ops[i] and its JSON path, and apply nothing at all", async () => {
    const { dir, edits, holder } = await fresh();
    const original = await snapshotFiles(dir);
    const version = holder.dataset.dataVersion;
    const error = await rejection(
      edits.apply(
        parseEditRequest({
          reason: "r",
          ops: [
            { op: "add-node", key: "fine", attributes: nodeAttributes("Fine") },
            { op: "add-edge", source: "fine", target: "alpha", attributes: { relation: "befriends", confidence: "reported", evidence: evidence() } },
            { op: "update-node", key: "beta", attributes: { kind: "warlord" } },
          ],
        }),
        version,
      ),
    );
    expect(error.code).toBe("EDIT_INVALID");
    expect(error.message).toMatch(/ops\[1\]\.attributes\.relation: unknown relation "befriends"/);
    expect(error.message).toMatch(/ops\[2\]\.attributes\.kind: unknown kind "warlord"/);
    expect((error.details as { param: string }).param).toBe("ops[2].attributes.kind");
    expect(await snapshotFiles(dir)).toEqual(original);
    expect(holder.dataset.dataVersion).toBe(version);
    expect(edits.history({})).toEqual([]);
  });

  it("should validate each op against the data plus the ops before it", async () => {
    const { edits, holder } = await fresh();
    const error = await rejection(
      edits.apply(
        parseEditRequest({
          reason: "r",
          ops: [
            { op: "remove-node", key: "beta", cascade: true },
            { op: "add-edge", source: "beta", target: "alpha", attributes: { relation: "allied-with", confidence: "reported", evidence: evidence() } },
            { op: "add-node", key: "alpha", attributes: nodeAttributes("Again") },
          ],
        }),
        holder.dataset.dataVersion,
      ),
    );
    expect(error.message).toMatch(/ops\[1\]\.source: no node has key "beta"/);
    expect(error.message).toMatch(/ops\[2\]\.key: a node "alpha" already exists/);
  });

  it("should refuse to remove a node with relations unless cascade is set", async () => {
    const { edits, holder } = await fresh();
    const refused = await rejection(edits.apply(parseEditRequest({ reason: "r", ops: [{ op: "remove-node", key: "gamma" }] }), holder.dataset.dataVersion));
    expect(refused.message).toMatch(/ops\[0\]\.key: node "gamma" still has 2 relation\(s\)/);
    await edits.apply(parseEditRequest({ reason: "r", ops: [{ op: "remove-node", key: "gamma", cascade: true }] }), holder.dataset.dataVersion);
    expect(holder.dataset.graph.hasNode("gamma")).toBe(false);
    expect(holder.dataset.graph.size).toBe(3);
  });

  it("should refuse a stale If-Match with the current version and never overwrite", async () => {
    const { edits, holder } = await fresh();
    const stale = holder.dataset.dataVersion;
    await edits.apply(parseEditRequest(addActorWithRelation), stale);
    const error = await rejection(edits.apply(parseEditRequest({ reason: "r", ops: [{ op: "update-node", key: "alpha", attributes: { label: "X" } }] }), stale));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toContain(holder.dataset.dataVersion);
    expect(holder.dataset.graph.getNodeAttribute("alpha", "label")).toBe("Alpha Front");
  });

  it("should revert an edit back to the same bytes, and refuse when a later edit touched the same items", async () => {
    const { dir, edits, holder } = await fresh(curatedData);
    const original = await snapshotFiles(dir);
    const v0 = holder.dataset.dataVersion;
    const toIskp = structuredClone(addActorWithRelation);
    (toIskp.ops[1] as { target: string }).target = "iskp";
    await edits.apply(parseEditRequest(toIskp), v0);
    await edits.apply(parseEditRequest({ reason: "rename", ops: [{ op: "update-node", key: "new-cell", attributes: { label: "Renamed" } }] }), holder.dataset.dataVersion);
    const blocked = await rejection(edits.revert(1, {}, holder.dataset.dataVersion));
    expect(blocked.code).toBe("PRECONDITION_FAILED");
    expect(blocked.message).toMatch(/revision 2 later changed node "new-cell"/);
    await edits.revert(2, { author: "a" }, holder.dataset.dataVersion);
    const undone = await edits.revert(1, { reason: "wrong cell" }, holder.dataset.dataVersion);
    expect(undone.entry).toMatchObject({ revision: 4, revertOf: 1, reason: "wrong cell" });
    expect(holder.dataset.dataVersion).toBe(v0);
    expect(await snapshotFiles(dir)).toEqual(original);
    expect((await rejection(edits.revert(9, {}, v0))).code).toBe("REVISION_NOT_FOUND");
  });

  it("should be read-only for data from a single file", async () => {
    const edits = await EditService.open(path.join(curatedData, "sources.json"));
    expect(edits.check.editable).toBe(false);
    const holder = { dataset: (await openEdits((await fresh()).dir)).holder.dataset, replaceDataset() {} };
    edits.attach(holder);
    expect((await rejection(edits.apply(parseEditRequest(addActorWithRelation), holder.dataset.dataVersion))).code).toBe("READ_ONLY_DATA");
  });
});

describe("edits after a crash", () => {
  it("should finish an edit from its journal when the crash came after the journal, so files and log agree", async () => {
    // Run the edit in one copy to learn its journal, then replay a crash in another copy: journal written, one of
    // two files written, no log line.
    const { dir: doneDir, edits: doneEdits, holder } = await fresh();
    const result = await doneEdits.apply(parseEditRequest(addActorWithRelation), holder.dataset.dataVersion);
    const entry = JSON.parse((await readFile(path.join(doneDir, "history.jsonl"), "utf8")).trim());
    const files = await Promise.all(
      [...new Set(entry.changes.map((c: { file: string }) => c.file))].map(async (f) => ({ relative: f as string, after: await readFile(path.join(doneDir, f as string), "utf8") })),
    );
    const { dir } = await fresh();
    await writeFile(path.join(dir, ".edit-journal.json"), JSON.stringify({ entry, files }));
    await writeFile(path.join(dir, files[0].relative), files[0].after);
    // Temporary files as writeFileAtomic names them: one of the killed server (a pid no longer alive), one of the
    // older naming, and one of a live writer (this test's parent process), which must stay.
    const deadPid = execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const dead = `.actors.json.${deadPid}-0123456789ab.tmp`;
    const old = ".relations.json.0123456789ab.tmp";
    const live = `.actors.json.${process.ppid}-ba9876543210.tmp`;
    await writeFile(path.join(dir, "nodes", dead), "{ half a fi");
    await writeFile(path.join(dir, "edges", old), "[ half");
    await writeFile(path.join(dir, "nodes", live), "{ still being written");

    const reopened = await EditService.open(dir);
    expect(reopened.check).toMatchObject({ consistent: true, revision: 1 });
    expect(reopened.check.message).toMatch(/finished revision 1.*removed 2 stray.*agree at revision 1/);
    const loaded = await loadData(dir);
    expect(loaded.ok && loaded.dataset.dataVersion).toBe(result.dataVersion);
    expect(await readdir(path.join(dir, "nodes"))).not.toContain(dead);
    expect(await readdir(path.join(dir, "edges"))).not.toContain(old);
    expect(await readdir(path.join(dir, "nodes"))).toContain(live);
  });

  it("should cut a torn last log line and say when files and log disagree", async () => {
    const { dir, edits, holder } = await fresh();
    await edits.apply(parseEditRequest(addActorWithRelation), holder.dataset.dataVersion);
    await appendFile(path.join(dir, "history.jsonl"), '{"revision":2,"time":"20');
    const reopened = await EditService.open(dir);
    expect(reopened.check).toMatchObject({ consistent: true, revision: 1 });
    expect(reopened.check.message).toMatch(/cut 24 bytes/);
    expect((await readFile(path.join(dir, "history.jsonl"), "utf8")).endsWith("}\n")).toBe(true);

    await writeFile(path.join(dir, "nodes", "actors.json"), (await readFile(path.join(dir, "nodes", "actors.json"), "utf8")).replace("Alpha Front", "Alpha Front (hand edit)"));
    const handEdited = await EditService.open(dir);
    expect(handEdited.check.consistent).toBe(false);
    expect(handEdited.check.message).toMatch(/changed outside the edit API/);
  });
});

describe("hostile edit values", () => {
  it("should refuse control characters, __proto__ keys, huge strings and deep nesting, naming where", () => {
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 20; i++) at = (at.x = {}) as Record<string, unknown>;
    const cases: [unknown, RegExp][] = [
      [{ op: "add-node", key: "a", attributes: { ...nodeAttributes("A"), description: "bell\u0007" } }, /ops\[0\]\.attributes\.description: contains a control/],
      [{ op: "add-node", key: "a", attributes: JSON.parse('{"__proto__": {"polluted": true}}') }, /ops\[0\]\.attributes\.__proto__: key "__proto__"/],
      [{ op: "add-node", key: "a", attributes: { ...nodeAttributes("A"), label: "x".repeat(1_000_000) } }, /ops\[0\]\.attributes\.label: text longer than/],
      [{ op: "add-node", key: "a", attributes: deep }, /nested deeper than/],
      [{ op: "add-node", key: "a", attributes: { ...nodeAttributes("A"), label: "\u202Egnp.exe" } }, /bidi/],
    ];
    for (const [op, message] of cases) {
      let thrown: AppError | undefined;
      try {
        parseEditRequest({ reason: "r", ops: [op] });
      } catch (error) {
        thrown = error as AppError;
      }
      expect(thrown?.code).toBe("EDIT_INVALID");
      expect(thrown?.message).toMatch(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("should store markup as inert text", async () => {
    const { edits, holder } = await fresh();
    const label = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await edits.apply(parseEditRequest({ reason: "r", ops: [{ op: "update-node", key: "alpha", attributes: { label } }] }), holder.dataset.dataVersion);
    expect(holder.dataset.graph.getNodeAttribute("alpha", "label")).toBe(label);
  });
});

describe("claim import", () => {
  const header = "subject,relation,object,source,locator,claim,confidence,credibility,since,until";

  it("should add evidence to a matching relation and a new relation otherwise, by name or alias", async () => {
    const { edits, holder } = await fresh();
    const csv = [header, 'AF,allied-with,Beta Movement,S1,P20,"Allied again, a test.",,2,,', "Alpha Front,targets,Gammaland,S1,P21,Targets it.,assessed,,2020,2021"].join("\n");
    const { ops } = claimsToOps(csv, holder.dataset);
    expect(ops.map((o) => o.op)).toEqual(["update-edge", "add-edge"]);
    await edits.apply({ reason: "coding sheet", ops }, holder.dataset.dataVersion);
    const { graph } = holder.dataset;
    expect(graph.getEdgeAttribute("e-alpha-beta-allied-with", "evidence")).toHaveLength(2);
    expect(graph.getEdgeAttribute("e-alpha-beta-allied-with", "evidence")[1]).toEqual({ source: "S1", locator: "P20", claim: "Allied again, a test.", credibility: 2 });
    expect(graph.getEdgeAttributes("e-alpha-gamma-targets")).toMatchObject({ relation: "targets", confidence: "assessed", since: "2020", until: "2021" });
  });

  it("should list every bad row and cell with suggestions and apply nothing", async () => {
    const { holder } = await fresh();
    const csv = [header, "Alpha Frnt,allied-with,Beta Movement,S1,P20,c,,,,", "Alpha Front,befriends,Beta Movement,nowhere,P20,c,sure,7,20x,", "Alpha Front,allied-with,,S1,P2,,,,,"].join("\n");
    let error: AppError | undefined;
    try {
      claimsToOps(csv, holder.dataset);
    } catch (e) {
      error = e as AppError;
    }
    const paths = (error?.details as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(["line 2 subject", "line 3 relation", "line 3 source", "line 3 confidence", "line 3 credibility", "line 3 since", "line 4 object", "line 4 claim"].sort((a, b) => paths.indexOf(a) - paths.indexOf(b)));
    expect(error?.message).toMatch(/no actor is called "Alpha Frnt"; did you mean Alpha Front \(alpha\)/);
  });
});
