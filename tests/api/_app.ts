// Starts the app in-process on a fixture store (port 0, loopback) and gives tests a base URL.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApp, type AppOptions } from "../../server/app.js";
import { createHttpServer } from "../../server/http-server.js";
import { createStore, type Store } from "../../server/store.js";
import { expect } from "vitest";
import type { Dataset } from "../../server/graph/model/types.js";

export interface RunningApp {
  url: string;
  store: Store;
  snapshotDir: string;
  errors: unknown[];
  close(): Promise<void>;
  restart(): Promise<RunningApp>;
}

export async function startApp(dataset: Dataset, options: AppOptions & { snapshotDir?: string } = {}): Promise<RunningApp> {
  const snapshotDir = options.snapshotDir ?? (await mkdtemp(path.join(tmpdir(), "actor-graph-snapshots-")));
  const ownsDir = !options.snapshotDir;
  const store = createStore(dataset, snapshotDir);
  const errors: unknown[] = [];
  const app = createApp(store, { clientDir: "/nonexistent", logError: (e) => errors.push(e), ...options });
  const server: Server = await new Promise((resolve) => {
    const s = createHttpServer(app).listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    snapshotDir,
    errors,
    async close() {
      await close();
      if (ownsDir) await rm(snapshotDir, { recursive: true, force: true });
    },
    async restart() {
      await close();
      return startApp(dataset, { ...options, snapshotDir });
    },
  };
}

/** Asserts the JSON error shape: status, stable code, optional wording, and no stack trace or file path. */
export async function expectError(res: Response, status: number, code: string, mention?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = await res.json();
  expect(body.error.code).toBe(code);
  if (mention) expect(body.error.message).toMatch(mention);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+|\/work\/|node_modules/);
  return body;
}
