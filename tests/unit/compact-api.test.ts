import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { decodeCompact, toGraph } from "../../client/compact-decode.js";
import { startApp, type RunningApp } from "../api/_app.js";
import { routesDataset } from "../fixtures/graphs.js";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(routesDataset());
});
afterAll(() => app.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });

/** Raw bytes and headers, without fetch's transparent gunzip. */
function raw(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("GET /api/graph?encoding=compact", () => {
  it("should send the compact body as application/octet-stream that decodes to the graph", async () => {
    const res = await get("/api/graph?encoding=compact");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/octet-stream/);
    const graph = toGraph(decodeCompact(await res.arrayBuffer()));
    expect([graph.order, graph.size]).toEqual([7, 7]);
    expect(graph.getEdgeAttribute("ab", "relation")).toBe("allied-with");
  });

  it("should answer 304 to its ETag, which differs from the row JSON's and from other filters'", async () => {
    const first = await get("/api/graph?encoding=compact");
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[0-9a-f]{20}"$/);
    expect((await get("/api/graph?encoding=compact", { "if-none-match": etag })).status).toBe(304);
    expect((await get("/api/graph?encoding=compact", { "if-none-match": `W/${etag}, "other"` })).status).toBe(304);
    expect((await get("/api/graph")).headers.get("etag")).not.toBe(etag);
    expect((await get("/api/graph?encoding=compact&asOf=2015")).headers.get("etag")).not.toBe(etag);
    expect((await get("/api/graph?encoding=compact&asOf=2015", { "if-none-match": etag })).status).toBe(200);
  });

  it("should gzip when asked and apply the filters", async () => {
    const res = await raw("/api/graph?encoding=compact&relations=allied-with", { "accept-encoding": "gzip" });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    const decoded = decodeCompact(gunzipSync(res.body));
    expect(decoded.header.filters).toEqual({ relations: ["allied-with"] });
    expect(decoded.edgeCount).toBe(3);
    const plain = await raw("/api/graph?encoding=compact", {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(decodeCompact(plain.body).nodeCount).toBe(7);
  });

  it("should keep the row JSON as the default and refuse an unknown encoding", async () => {
    const rows = await (await get("/api/graph")).json();
    expect(rows).toMatchObject({ options: { type: "mixed" }, nodes: expect.any(Array), edges: expect.any(Array) });
    expect((await get("/api/graph?encoding=json")).headers.get("content-type")).toMatch(/^application\/json/);
    const bad = await get("/api/graph?encoding=protobuf");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_PARAM", param: "encoding" } });
  });
});
