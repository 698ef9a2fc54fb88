import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { request } from "node:http";
import { connect } from "node:net";
import { routesDataset } from "../fixtures/graphs.js";
import { expectError, startApp, type RunningApp } from "./_app.js";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(routesDataset());
});
afterAll(() => app.close());

const get = (path: string, init?: RequestInit) => fetch(`${app.url}${path}`, init);

/** Sends raw bytes on a new connection and resolves with everything the server wrote before closing it. */
function raw(bytes: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let out = "";
    socket.on("data", (d) => (out += d));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head, ...rest] = out.split("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body: rest.join("\r\n\r\n") });
    });
  });
}

async function expectRawError(bytes: string, status: number, code: string) {
  const res = await raw(bytes);
  expect(res.status).toBe(status);
  expect(res.headers).toMatch(/content-type: application\/json/i);
  expect(JSON.parse(res.body).error.code).toBe(code);
}

describe("GET /api/health", () => {
  it("should report counts and the data version", async () => {
    expect(await (await get("/api/health")).json()).toEqual({ status: "ok", nodes: 7, edges: 7, dataVersion: "fixture0000000000" });
  });
});

describe("GET /api/schema", () => {
  it("should list node kinds and relations with labels, colours and direction", async () => {
    const body = await (await get("/api/schema")).json();
    expect(body.nodeKinds.find((k: { id: string }) => k.id === "group")).toMatchObject({ label: expect.any(String), color: expect.stringMatching(/^#/) });
    expect(body.relations.find((r: { id: string }) => r.id === "allied-with")).toMatchObject({ directed: false });
    expect(body.relations.find((r: { id: string }) => r.id === "targets")).toMatchObject({ directed: true });
  });
});

describe("GET /api/graph", () => {
  it("should serve the graph with layout, metrics and communities on every node", async () => {
    const body = await (await get("/api/graph")).json();
    expect(body.nodes).toHaveLength(7);
    expect(body.edges).toHaveLength(7);
    for (const n of body.nodes) {
      expect(n.attributes).toMatchObject({ x: expect.any(Number), y: expect.any(Number), community: expect.any(Number), pagerank: expect.any(Number), degree: expect.any(Number), betweenness: expect.any(Number) });
      expect(n.attributes.type).toBeUndefined();
    }
    expect(body.edges.find((e: { key: string }) => e.key === "ab").undirected).toBe(true);
  });

  it("should never add rendering attributes to the curated graph", async () => {
    await get("/api/graph");
    expect(app.store.dataset.graph.getNodeAttribute("a", "x")).toBeUndefined();
  });

  it("should apply the shared filters", async () => {
    const body = await (await get("/api/graph?relations=allied-with&asOf=2015")).json();
    expect(body.edges.map((e: { key: string }) => e.key)).toEqual(["ab", "cd"]);
  });

  it("should answer 304 to a matching If-None-Match and gzip when asked", async () => {
    const first = await get("/api/graph");
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect((await get("/api/graph", { headers: { "if-none-match": etag! } })).status).toBe(304);
    const other = await get("/api/graph?kinds=group");
    expect(other.headers.get("etag")).not.toBe(etag);
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      const req = request(`${app.url}/api/graph`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(raw.encoding).toBe("gzip");
    expect(JSON.parse(gunzipSync(raw.body).toString()).nodes).toHaveLength(7);
  });

  it("should refuse unknown, repeated and malformed filter values naming the parameter", async () => {
    await expectError(await get("/api/graph?kinds=warlord"), 400, "BAD_PARAM", /kinds/);
    await expectError(await get("/api/graph?relations=befriends"), 400, "BAD_PARAM", /relations/);
    await expectError(await get("/api/graph?minConfidence=sure"), 400, "BAD_PARAM", /minConfidence/);
    await expectError(await get("/api/graph?asOf=yesterday"), 400, "BAD_PARAM", /asOf/);
    await expectError(await get("/api/graph?asOf=2014&asOf=2015"), 400, "BAD_PARAM", /asOf: given more than once/);
    await expectError(await get("/api/graph?colour=red"), 400, "BAD_PARAM", /unknown parameter.*colour/);
  });
});

describe("GET /api/nodes", () => {
  it("should search labels best first", async () => {
    const body = await (await get("/api/nodes?q=a&limit=3")).json();
    expect(body.results[0]).toEqual({ id: "a", label: "A", kind: "group", aliases: [] });
    expect(body.results.length).toBeLessThanOrEqual(3);
  });

  it("should refuse a missing q and an out-of-range limit", async () => {
    await expectError(await get("/api/nodes"), 400, "BAD_PARAM", /q/);
    await expectError(await get("/api/nodes?q=a&limit=1000"), 400, "BAD_PARAM", /limit/);
  });
});

describe("GET /api/nodes/:id", () => {
  it("should list every incident relation with the other end, direction and evidence", async () => {
    const body = await (await get("/api/nodes/a")).json();
    expect(body.node.id).toBe("a");
    expect(body.relations).toHaveLength(3);
    expect(body.relations.find((r: { edge: string }) => r.edge === "ae")).toMatchObject({
      relation: "targets",
      direction: "out",
      other: { id: "e", label: "E", kind: "group" },
      confidence: "speculative",
      evidence: [{ source: "S1", locator: "P2" }],
    });
    expect(body.relations.find((r: { edge: string }) => r.edge === "ab")).toMatchObject({ direction: "undirected", since: "2014" });
  });

  it("should answer NODE_NOT_FOUND naming the id, also for built-in names and encoded slashes", async () => {
    await expectError(await get("/api/nodes/nobody"), 404, "NODE_NOT_FOUND", /nobody/);
    await expectError(await get("/api/nodes/constructor"), 404, "NODE_NOT_FOUND");
    await expectError(await get("/api/nodes/__proto__"), 404, "NODE_NOT_FOUND");
    await expectError(await get("/api/nodes/a%2Fb"), 404, "NODE_NOT_FOUND");
  });
});

describe("GET /api/nodes/:id/neighborhood", () => {
  it("should return the ego subgraph within depth hops", async () => {
    const one = await (await get("/api/nodes/a/neighborhood")).json();
    expect(one.nodes.map((n: { key: string }) => n.key).sort()).toEqual(["a", "b", "e"]);
    const two = await (await get("/api/nodes/a/neighborhood?depth=2")).json();
    expect(two.nodes.map((n: { key: string }) => n.key).sort()).toEqual(["a", "b", "c", "d", "e"]);
    const filtered = await (await get("/api/nodes/a/neighborhood?depth=2&relations=allied-with")).json();
    expect(filtered.nodes.map((n: { key: string }) => n.key).sort()).toEqual(["a", "b", "c"]);
  });

  it("should refuse a depth outside 1..3", async () => {
    await expectError(await get("/api/nodes/a/neighborhood?depth=4"), 400, "BAD_PARAM", /depth/);
  });
});

describe("GET /api/paths", () => {
  it("should return the k best paths with evidence on each hop", async () => {
    const body = await (await get("/api/paths?from=a&to=d&k=3")).json();
    expect(body.paths.map((p: { nodes: string[] }) => p.nodes.join(""))).toEqual(["aed", "abcd"]);
    expect(body.paths[1].edges[0]).toMatchObject({ id: "ab", source: "a", target: "b", relation: "allied-with", confidence: "reported", since: "2014" });
    expect(body.paths[1]).toMatchObject({ length: 3, cost: 3 });
  });

  it("should honour weighted, direction and filters", async () => {
    expect((await (await get("/api/paths?from=a&to=d&weighted=true&k=1")).json()).paths[0].nodes).toEqual(["a", "b", "c", "d"]);
    expect((await (await get("/api/paths?from=d&to=a&direction=forward")).json()).paths.map((p: { nodes: string[] }) => p.nodes.join(""))).toEqual(["dcba"]);
    expect((await (await get("/api/paths?from=a&to=d&minConfidence=reported")).json()).paths).toHaveLength(1);
  });

  it("should answer an empty list when no path exists", async () => {
    expect(await (await get("/api/paths?from=a&to=y")).json()).toEqual({ paths: [], truncated: false });
  });

  it("should refuse bad bounds and unknown endpoints with stable codes", async () => {
    await expectError(await get("/api/paths?from=a&to=d&k=11"), 400, "BAD_PARAM", /k/);
    await expectError(await get("/api/paths?from=a&to=d&maxLength=50"), 400, "BAD_PARAM", /maxLength/);
    await expectError(await get("/api/paths?from=a&to=d&direction=backward"), 400, "BAD_PARAM", /direction/);
    await expectError(await get("/api/paths?from=a"), 400, "BAD_PARAM", /to/);
    await expectError(await get("/api/paths?from=a&to=nobody"), 404, "NODE_NOT_FOUND", /nobody/);
  });
});

describe("the API surface", () => {
  it("should answer unknown routes with JSON 404 and writes elsewhere with 405", async () => {
    await expectError(await get("/api/nope"), 404, "ROUTE_NOT_FOUND");
    await expectError(await get("/api/graph", { method: "DELETE" }), 405, "METHOD_NOT_ALLOWED");
    await expectError(await get("/api/nodes/a", { method: "PUT", body: "{}", headers: { "content-type": "application/json" } }), 405, "METHOD_NOT_ALLOWED");
  });

  it("should send security headers and a strict CSP without X-Powered-By", async () => {
    const res = await get("/api/health");
    expect(res.headers.get("x-powered-by")).toBeNull();
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("should describe itself in OpenAPI 3 with every error code", async () => {
    const doc = await (await get("/api/openapi.json")).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/graph", "/api/paths", "/api/snapshots", "/api/snapshots/{id}/export"]));
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain("NODE_NOT_FOUND");
  });

  it("should answer malformed percent-encodings in a path with 400 MALFORMED_URI, not 500", async () => {
    await expectError(await get("/api/nodes/%ZZ"), 400, "MALFORMED_URI");
    await expectError(await get("/api/nodes/%C0%AF"), 400, "MALFORMED_URI");
    await expectError(await get("/api/snapshots/%E0%A4%A"), 400, "MALFORMED_URI");
  });

  it("should answer an oversized header with JSON 431, not Node's bare status line", async () => {
    await expectRawError(`GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "HEADERS_TOO_LARGE");
  });

  it("should answer a request the HTTP parser rejects with JSON 400", async () => {
    await expectRawError("GET /api/health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n", 400, "BAD_REQUEST");
  });

  it("should answer an HTTP/1.1 request without Host and an unknown Expect with JSON errors", async () => {
    await expectRawError("GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "BAD_REQUEST");
    await expectRawError("GET /api/health HTTP/1.1\r\nHost: localhost\r\nExpect: telepathy\r\nConnection: close\r\n\r\n", 417, "EXPECTATION_FAILED");
  });

  it("should hide internal errors behind INTERNAL without a stack", async () => {
    const broken = app.store.search;
    app.store.search = { ...broken, search: () => { throw new Error("boom at /work/secret.ts:12"); } };
    try {
      const body = await expectError(await get("/api/nodes?q=a"), 500, "INTERNAL");
      expect(body.error.message).toBe("internal error");
      expect(app.errors.length).toBeGreaterThan(0);
    } finally {
      app.store.search = broken;
    }
  });
});
