import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const fixture = (name: string) => path.join(root, "tests/fixtures/data", name);

function startServer(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "server/index.ts", ...args], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, listening, exited, output: () => ({ out, err }) };
}

describe("server entry", () => {
  it("should print its address once ready, serve the API, and exit cleanly on SIGTERM", async () => {
    const snapshots = await mkdtemp(path.join(tmpdir(), "ag-entry-"));
    const server = startServer(["--data", fixture("valid"), "--snapshots", snapshots]);
    const url = await server.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await (await fetch(`${url}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", nodes: 5, edges: 5 });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("should refuse to start on invalid data and list every problem with file and path", async () => {
    const server = startServer(["--data", fixture("broken")]);
    await expect(server.listening).rejects.toThrow();
    expect(await server.exited).toBe(1);
    const { err } = server.output();
    expect(err).toMatch(/refusing to start/);
    expect(err).toMatch(/nodes\/actors\.json \$\.nodes\[1\]\.attributes\.kind: unknown kind "warlord"/);
    expect(err).toMatch(/edges\/relations\.json \$\.edges\[5\]\.attributes\.until: reversed dates/);
  });

  it("should name a bad setting and stop", async () => {
    const server = startServer(["--colour", "red"]);
    await expect(server.listening).rejects.toThrow();
    expect(server.output().err).toMatch(/unknown argument "--colour"/);
  });

  it("should pass HOST and ALLOWED_HOSTS to the DNS-rebinding guard", async () => {
    const snapshots = await mkdtemp(path.join(tmpdir(), "ag-entry-"));
    const server = startServer(["--data", fixture("valid"), "--snapshots", snapshots], { ALLOWED_HOSTS: "graph.internal" });
    const url = new URL(await server.listening);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ hostname: url.hostname, port: url.port, path: "/api/health", headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await status("evil.example")).toBe(421);
    expect(await status(`graph.internal:${url.port}`)).toBe(200);
    expect(await status(`localhost:${url.port}`)).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
