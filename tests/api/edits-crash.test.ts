// kill -9 of the real server during 200 edits: no partial file, log and data agree on restart, every answered edit is there.
import { describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadData } from "../../server/graph/io/load.js";
import { readAuditLog } from "../../server/graph/edits/audit-log.js";
import { copyData, nodeAttributes, repoRoot } from "../fixtures/edit-data.js";

const token = "crash-test-token-0b7e55c1d2";

interface Running {
  child: ChildProcess;
  url: string;
  output(): string;
}

async function startServer(dataDir: string, snapshots: string): Promise<Running> {
  // `node --import tsx` runs the server in this very process (the tsx CLI would fork a child that SIGKILL misses).
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts", "--data", dataDir, "--snapshots", snapshots, "--no-cache"], {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ACTOR_GRAPH_TOKEN: token, EDITS_PER_MINUTE: "100000" },
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url, output: () => out };
}

async function kill9(server: Running): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGKILL");
  await exited;
  // The process that served the edits is gone: nothing else can still be writing the files.
  expect(() => process.kill(server.child.pid as number, 0)).toThrow();
  await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
}

async function edit(url: string, i: number): Promise<number> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { dataVersion: string };
  const res = await fetch(`${url}/api/edits`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "If-Match": `"${health.dataVersion}"`, "Content-Type": "application/json" },
    body: JSON.stringify({ reason: `edit ${i}`, author: "crash-test", ops: [{ op: "add-node", key: `k-${i}`, attributes: nodeAttributes(`Node ${i}`) }] }),
  });
  await res.body?.cancel();
  return res.status;
}

/** Right after the kill: every data file parses whole (writes are atomic renames); temporary files may remain. */
async function expectNoPartialFiles(dir: string): Promise<void> {
  for (const sub of ["", "nodes", "edges"])
    for (const name of await readdir(path.join(dir, sub))) if (name.endsWith(".json")) JSON.parse(await readFile(path.join(dir, sub, name), "utf8"));
}

/** After a restart: no temporary file is left, the data loads, and the log's last version is the files' version. */
async function expectConsistent(dir: string, answered: Set<number>): Promise<void> {
  await expectNoPartialFiles(dir);
  for (const sub of ["", "nodes", "edges"])
    for (const name of await readdir(path.join(dir, sub))) expect(name, `${sub}/${name}`).not.toMatch(/\.tmp$/);
  const loaded = await loadData(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const log = await readAuditLog(path.join(dir, "history.jsonl"));
  expect(log.tornBytes).toBe(0);
  expect(log.entries.at(-1)?.dataVersion).toBe(loaded.dataset.dataVersion);
  expect(log.entries.map((e) => e.revision)).toEqual(log.entries.map((_e, i) => i + 1));
  // Every logged edit is in the data and every node in the data was logged; every answered edit is among them.
  const logged = new Set(log.entries.map((e) => e.changes[0].key));
  const inData = new Set(loaded.dataset.graph.nodes().filter((n) => n.startsWith("k-")));
  expect([...inData].sort()).toEqual([...logged].sort());
  for (const i of answered) expect(inData.has(`k-${i}`), `answered edit ${i}`).toBe(true);
}

describe("edits and kill -9", () => {
  it("should keep files and log in agreement and every answered edit after kill -9 mid-stream", async () => {
    const copy = await copyData();
    const snapshots = await mkdtemp(path.join(tmpdir(), "ag-crash-snap-"));
    const answered = new Set<number>();
    const killAt = [40 + Math.floor(Math.random() * 30), 120 + Math.floor(Math.random() * 30)];
    let server = await startServer(copy.dir, snapshots);
    try {
      let i = 0;
      while (i < 200) {
        if (killAt.length && i === killAt[0]) {
          killAt.shift();
          // Kill while edit i is in flight: somewhere in validation, the journal, the file writes or the log append.
          const inFlight = edit(server.url, i).catch(() => 0);
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60));
          await kill9(server);
          if ((await inFlight) === 201) answered.add(i);
          await expectNoPartialFiles(copy.dir);
          server = await startServer(copy.dir, snapshots);
          expect(server.output()).toMatch(/files and edit log agree at revision \d+/);
          await expectConsistent(copy.dir, answered);
          // The in-flight edit is either wholly there or wholly absent; retry it only if absent.
          const present = (await fetch(`${server.url}/api/nodes/k-${i}`)).status === 200;
          if (present) answered.add(i);
          i++;
          if (present) continue;
          i--;
        }
        const status = await edit(server.url, i);
        expect(status, `edit ${i}`).toBe(201);
        answered.add(i);
        i++;
      }
      expect(answered.size).toBe(200);
      const history = (await (await fetch(`${server.url}/api/history?limit=500`)).json()) as { revision: number; entries: unknown[] };
      expect(history.revision).toBe(200);
      expect(server.output()).not.toContain(token);
    } finally {
      await kill9(server).catch(() => undefined);
    }
    await expectConsistent(copy.dir, answered);
    await copy.remove();
    await rm(snapshots, { recursive: true, force: true });
  }, 300_000);
});
