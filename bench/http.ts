// HTTP throughput and tail latency of the real app (createApp over a generated graph, in this process, on
// 127.0.0.1) for node details and path queries, measured with autocannon from a worker thread, beside a bare
// node:http server on the same loopback returning a fixed node-details body (the ceiling of the HTTP stack).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { startApp } from "./app-under-test.js";
import { runStep } from "./child.js";
import { describeSpec, ensureNodeSample, ensurePairs, readKeys, readPairs, type CachedGraph } from "./graphs.js";
import { median } from "./stats.js";
import { ms, perSecond, type Row } from "./table.js";

export interface HttpPlan {
  graph: CachedGraph;
  /** Seconds per autocannon run. */
  duration: number;
  repeats: number;
  connections: number;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

interface HttpResult {
  storeMs: number;
  details: Run[];
  paths: Run[];
  bare: Run[];
}

async function cannon(url: string, paths: string[], c: { duration: number; connections: number }): Promise<Run> {
  // The load generator runs in its own worker thread, so it does not share the app's event loop.
  const result = await autocannon({
    url,
    connections: c.connections,
    duration: c.duration,
    workers: 1,
    requests: paths.map((path) => ({ method: "GET", path })),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result["2xx"] + result.non2xx,
  };
}

/** Child step: starts the app and the bare server, then runs every endpoint `repeats` times, alternating. */
export async function measure(c: { dataDir: string; nodesFile: string; pairsFile: string; duration: number; repeats: number; connections: number }): Promise<HttpResult> {
  const app = await startApp(c.dataDir);
  const nodes = readKeys(c.nodesFile);
  const detailPaths = nodes.map((id) => `/api/nodes/${encodeURIComponent(id)}`);
  const pathPaths = readPairs(c.pairsFile).map(([from, to]) => `/api/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);

  // The bare peer answers with one real node-details body, so both send comparable bytes.
  const sample = await fetch(`${app.url}${detailPaths[0]}`);
  const body = Buffer.from(await sample.arrayBuffer());
  const bare: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

  const result: HttpResult = { storeMs: app.storeMs, details: [], paths: [], bare: [] };
  try {
    // A short warm-up so that JIT and per-graph indexes are not part of the first measured run.
    await cannon(app.url, detailPaths.slice(0, 50), { duration: 1, connections: c.connections });
    await cannon(app.url, pathPaths.slice(0, 50), { duration: 1, connections: c.connections });
    for (let r = 0; r < c.repeats; r++) {
      result.details.push(await cannon(app.url, detailPaths, c));
      result.paths.push(await cannon(app.url, pathPaths, c));
      result.bare.push(await cannon(bareUrl, detailPaths, c));
    }
  } finally {
    await app.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
  return result;
}

export async function run(plan: HttpPlan, log: (s: string) => void): Promise<Row[]> {
  const label = describeSpec(plan.graph.spec);
  log(`http: ${label}: node details, paths and bare node:http, ${plan.repeats} × ${plan.duration} s each, ${plan.connections} connections`);
  const r = await runStep<HttpResult>(
    "http#measure",
    {
      dataDir: plan.graph.dataDir,
      nodesFile: ensureNodeSample(plan.graph, 1000, 78),
      pairsFile: ensurePairs(plan.graph, "random", 1000, 97),
      duration: plan.duration,
      repeats: plan.repeats,
      connections: plan.connections,
    },
    { heapMb: 8_000 },
  );
  const rows: Row[] = [];
  const section = "HTTP (autocannon, loopback)";
  const peer = "bare node:http, fixed node-details body";
  const problems = (runs: Run[]) => runs.reduce((s, x) => s + x.errors + x.non2xx, 0);
  const bareRps = perSecond(median(r.bare.map((x) => x.rps)), r.bare.length);
  const bareP99 = ms(median(r.bare.map((x) => x.p99)), r.bare.length);
  for (const [name, runs] of [
    ["GET /api/nodes/:id", r.details],
    ["GET /api/paths (k=3, maxLength 6: API defaults)", r.paths],
  ] as const) {
    const failures = problems(runs);
    rows.push({
      section,
      metric: `${name} throughput (median of ${runs.length})`,
      graph: label,
      ours: perSecond(median(runs.map((x) => x.rps)), runs.length),
      peer,
      peerValue: bareRps,
      better: "higher",
      note: `${plan.connections} connections, ${plan.duration} s per run, ${runs.reduce((s, x) => s + x.total, 0).toLocaleString("en-US")} requests, ${failures} errors or non-2xx; store built in ${(r.storeMs / 1000).toFixed(1)} s before the runs`,
    });
    rows.push({
      section,
      metric: `${name} p99 latency (median of ${runs.length})`,
      graph: label,
      ours: ms(median(runs.map((x) => x.p99)), runs.length),
      peer,
      peerValue: bareP99,
      better: "lower",
    });
  }
  return rows;
}
