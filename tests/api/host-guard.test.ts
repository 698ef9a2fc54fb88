// DNS-rebinding guard: a loopback-bound service answers only loopback names and ALLOWED_HOSTS, whatever the path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { routesDataset } from "../fixtures/graphs.js";
import { startApp, type RunningApp } from "./_app.js";
import { hostAllowed, hostName, parseAllowedHosts } from "../../server/host-guard.js";
import { parseConfig } from "../../server/config.js";

/** A raw request with a chosen Host header (fetch forbids setting it). */
function getWithHost(url: string, path: string, host: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET", headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("host guard on a loopback-bound app", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(routesDataset(), { bindHost: "127.0.0.1", allowedHosts: ["graph.internal"] });
  });
  afterAll(() => app.close());

  it.each(["/api/health", "/api/graph", "/api/export?format=json", "/", "/api/nope"])(
    "should refuse Host: evil.example on %s with 421 and the JSON error shape",
    async (path) => {
      const res = await getWithHost(app.url, path, "evil.example");
      expect(res.status).toBe(421);
      expect(res.type).toMatch(/application\/json/);
      const body = JSON.parse(res.body);
      expect(body.error.code).toBe("HOST_NOT_ALLOWED");
      expect(body.error.message).toContain("evil.example");
      expect(res.body).not.toContain("nodes");
    },
  );

  it("should refuse a rebound name that carries the right port or a loopback-looking prefix", async () => {
    const { port } = new URL(app.url);
    expect((await getWithHost(app.url, "/api/health", `evil.example:${port}`)).status).toBe(421);
    expect((await getWithHost(app.url, "/api/health", `127.0.0.1.evil.example:${port}`)).status).toBe(421);
    expect((await getWithHost(app.url, "/api/health", `localhost.:${port}`)).status).toBe(200);
  });

  it.each(["localhost", "LOCALHOST:8080", "127.0.0.1:1234", "[::1]:80", "[::1]", "graph.internal", "Graph.Internal:443"])(
    "should answer Host: %s",
    async (host) => {
      const res = await getWithHost(app.url, "/api/health", host);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).status).toBe("ok");
    },
  );
});

describe("host guard on other interfaces", () => {
  it("should answer any Host when bound elsewhere without ALLOWED_HOSTS", () => {
    expect(hostAllowed({ bindHost: "0.0.0.0", allowedHosts: [] }, "evil.example")).toBe(true);
  });

  it("should let ALLOWED_HOSTS decide when bound elsewhere, loopback names still answered", () => {
    const policy = { bindHost: "0.0.0.0", allowedHosts: parseAllowedHosts("graph.example.org, 10.0.0.5:8080") };
    expect(hostAllowed(policy, "graph.example.org:8080")).toBe(true);
    expect(hostAllowed(policy, "10.0.0.5")).toBe(true);
    expect(hostAllowed(policy, "localhost:8080")).toBe(true);
    expect(hostAllowed(policy, "evil.example")).toBe(false);
    expect(hostAllowed({ bindHost: "127.0.0.1", allowedHosts: ["*"] }, "evil.example")).toBe(true);
  });

  it("should treat every loopback bind address as loopback", () => {
    for (const bindHost of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])
      expect(hostAllowed({ bindHost, allowedHosts: [] }, "evil.example"), bindHost).toBe(false);
  });

  it("should parse Host headers strictly", () => {
    expect(hostName("Example.ORG.:80")).toBe("example.org");
    expect(hostName("[::1]:8080")).toBe("[::1]");
    expect(hostName("a b")).toBeUndefined();
    expect(hostName("evil.example@localhost")).toBeUndefined();
  });

  it("should read ALLOWED_HOSTS from the environment and name a bad entry", () => {
    expect(parseConfig([], { ALLOWED_HOSTS: "a.example,b.example:81" }).allowedHosts).toEqual(["a.example", "b.example"]);
    expect(() => parseConfig([], { ALLOWED_HOSTS: "a.example,bad/name" })).toThrow(/ALLOWED_HOSTS: "bad\/name"/);
  });
});
