// Time to first frame in headless Chromium: from navigation start to the end of the first WebGL frame drawn
// after the whole-graph response arrived. Ours is the viewer (client/dist, served by createApp at `/`); the peer
// is a minimal sigma page (bench/pages: fetch row JSON, Graph.from, new Sigma) served by the same app and store.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { defaultClientDir } from "../server/app.js";
import { startApp, type RunningApp } from "./app-under-test.js";
import { runStep } from "./child.js";
import { fetchRaw } from "./transfer.js";
import { benchDir, describeSpec, outDir, type CachedGraph } from "./graphs.js";
import { median } from "./stats.js";
import { ms, type Measure, type Row } from "./table.js";
import { chromiumArgs } from "../scripts/chromium-args.js";

export const chromiumPath = process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium";

const pagesDir = path.join(benchDir, "pages");
const pagesDist = path.join(outDir, "pages-dist");

export interface FirstFramePlan {
  graphs: CachedGraph[];
  repeats: number;
  timeoutMs: number;
}

interface FrameTiming {
  /** Navigation start → end of the first frame drawn after the graph response (ms). */
  frameEnd: number;
  graphResponseEnd: number;
  /** Which whole-graph request the page made, and its size on the wire. */
  graphUrl: string;
  graphBytes: number;
}

interface FirstFrameResult {
  browser: string;
  storeMs: number;
  viewer: FrameTiming[] | string;
  bare: FrameTiming[] | string;
}

/**
 * Runs in the page before any of its scripts: wraps WebGL draw calls. The first draw after the resource entry
 * for /api/graph exists marks a frame start; a microtask queued there runs when the renderer's synchronous
 * frame (all of its draw calls) has been issued, and records the frame's end. Plain JavaScript in a string:
 * a function would be serialized with the TypeScript transpiler's helpers, which do not exist in the page.
 */
const instrument = `(() => {
  const state = { armed: true };
  window.__benchFrame = state;
  const graphArrived = () => {
    for (const entry of performance.getEntriesByType("resource"))
      if (/\\/api\\/graph(\\?|$)/.test(entry.name) && entry.responseEnd > 0) return entry;
    return undefined;
  };
  const patch = (proto) => {
    if (!proto) return;
    for (const name of ["drawArrays", "drawElements", "drawArraysInstanced", "drawElementsInstanced"]) {
      const original = proto[name];
      if (typeof original !== "function") continue;
      proto[name] = function (...args) {
        if (state.armed) {
          const arrived = graphArrived();
          if (arrived !== undefined) {
            state.armed = false;
            state.graphResponseEnd = arrived.responseEnd;
            state.graphUrl = arrived.name;
            state.graphBytes = arrived.encodedBodySize;
            queueMicrotask(() => (state.frameEnd = performance.now()));
          }
        }
        return original.apply(this, args);
      };
    }
  };
  patch(window.WebGLRenderingContext && WebGLRenderingContext.prototype);
  patch(window.WebGL2RenderingContext && WebGL2RenderingContext.prototype);
})();`;

async function timeFirstFrame(browser: Browser, url: string, timeoutMs: number): Promise<FrameTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: instrument });
    await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
    await page.waitForFunction(() => (window as unknown as { __benchFrame?: { frameEnd?: number } }).__benchFrame?.frameEnd !== undefined, null, {
      timeout: timeoutMs,
      polling: 25,
    });
    return await page.evaluate(() => {
      const s = (window as unknown as { __benchFrame: { frameEnd: number; graphResponseEnd: number; graphUrl: string; graphBytes: number } }).__benchFrame;
      return { frameEnd: s.frameEnd, graphResponseEnd: s.graphResponseEnd, graphUrl: new URL(s.graphUrl).pathname + new URL(s.graphUrl).search, graphBytes: s.graphBytes };
    });
  } finally {
    await context.close();
  }
}

/** Child step: the viewer and the minimal page over the same store, alternating, in one browser. */
export async function measure(c: { dataDir: string; repeats: number; timeoutMs: number; viewer: string | null }): Promise<FirstFrameResult> {
  const apps: RunningApp[] = [];
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const bareApp = await startApp(c.dataDir, pagesDist);
    apps.push(bareApp);
    const viewerApp = c.viewer ? null : await startApp(c.dataDir, defaultClientDir);
    if (viewerApp) apps.push(viewerApp);
    // The first /api/graph serializes and gzips the whole graph once; warm it so pages measure the client side.
    await fetchRaw(`${bareApp.url}/api/graph`);
    const viewer: FrameTiming[] = [];
    const bare: FrameTiming[] = [];
    for (let r = 0; r < c.repeats; r++) {
      const order = r % 2 === 0 ? (["bare", "viewer"] as const) : (["viewer", "bare"] as const);
      for (const which of order) {
        if (which === "viewer" && viewerApp) viewer.push(await timeFirstFrame(browser, `${viewerApp.url}/`, c.timeoutMs));
        if (which === "bare") bare.push(await timeFirstFrame(browser, `${bareApp.url}/`, c.timeoutMs));
      }
    }
    return { browser: `Chromium ${browser.version()}`, storeMs: bareApp.storeMs, viewer: c.viewer ?? viewer, bare };
  } finally {
    for (const app of apps) await app.close();
    await browser.close();
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds bench/pages with vite when its output is missing or older than its sources. */
export async function buildPages(log: (s: string) => void): Promise<void> {
  const marker = path.join(pagesDist, "index.html");
  if (existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(pagesDir)) return;
  log("first frame: building the minimal sigma page (vite)");
  const { build } = await import("vite");
  await build({ configFile: path.join(pagesDir, "vite.config.ts"), logLevel: "warn" });
}

/** Builds the viewer with the project's own script if it is stale; null when usable, else why not. */
async function ensureViewer(log: (s: string) => void): Promise<string | null> {
  if (!existsSync(path.join(benchDir, "../client/index.html"))) return "viewer not in this checkout";
  try {
    const script = pathToFileURL(path.join(benchDir, "../scripts/ensure-client.mjs")).href;
    const mod = (await import(script)) as { ensureClient?: (o: { quiet: boolean }) => Promise<boolean> };
    if (mod.ensureClient && (await mod.ensureClient({ quiet: true }))) log("first frame: built the viewer (client/dist)");
  } catch (error) {
    log(`first frame: the viewer could not be built: ${(error as Error).message}`);
  }
  return existsSync(path.join(defaultClientDir, "index.html")) ? null : "viewer not built";
}

export async function run(plan: FirstFramePlan, log: (s: string) => void): Promise<{ rows: Row[]; browser?: string }> {
  const rows: Row[] = [];
  if (!existsSync(chromiumPath)) {
    for (const graph of plan.graphs)
      rows.push({ section: "Time to first frame", metric: "first frame", graph: describeSpec(graph.spec), ours: `browser unavailable (${chromiumPath})`, peer: "minimal sigma page", peerValue: "n/a", better: "lower" });
    return { rows };
  }
  const viewer = await ensureViewer(log);
  await buildPages(log);
  let browser: string | undefined;
  for (const graph of plan.graphs) {
    const label = describeSpec(graph.spec);
    log(`first frame: ${label}: ${viewer ? "minimal page only" : "viewer and minimal page"} × ${plan.repeats}`);
    const r = await runStep<FirstFrameResult>("first-frame#measure", { dataDir: graph.dataDir, repeats: plan.repeats, timeoutMs: plan.timeoutMs, viewer }, { heapMb: 8_000 });
    browser = r.browser;
    const cell = (timings: FrameTiming[] | string): Measure | string => (typeof timings === "string" ? timings : ms(median(timings.map((t) => t.frameEnd)), timings.length));
    const responseEnd = (timings: FrameTiming[] | string) => (typeof timings === "string" ? undefined : median(timings.map((t) => t.graphResponseEnd)));
    const viewerResponse = responseEnd(r.viewer);
    const bareResponse = responseEnd(r.bare);
    const fetched = (timings: FrameTiming[] | string) =>
      typeof timings === "string" || !timings.length ? "" : `${timings[0].graphUrl}, ${(timings[0].graphBytes / 2 ** 20).toFixed(2)} MiB`;
    rows.push({
      section: "Time to first frame (headless Chromium, SwiftShader)",
      metric: `navigation → first frame with the graph (median of ${plan.repeats})`,
      graph: label,
      ours: typeof r.viewer === "string" ? `${r.viewer}: see peer` : cell(r.viewer),
      peer: "minimal sigma page (row JSON, Graph.from, new Sigma)",
      peerValue: cell(r.bare),
      better: "lower",
      note: `graph response complete at ${viewerResponse !== undefined ? `${viewerResponse.toFixed(0)} ms (viewer: ${fetched(r.viewer)}), ` : ""}${bareResponse?.toFixed(0)} ms (minimal page: ${fetched(r.bare)}); ${r.browser}, 1280×800`,
    });
  }
  return { rows, browser };
}
