// Test helper: serves the built viewer and the API over a data directory on a random local port.
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../server/app.js";
import { openStore } from "../../server/store.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const fixtureDataDir = path.join(repoRoot, "tests/fixtures/browser-data");
export const curatedDataDir = path.join(repoRoot, "graph-data");
export const clientDir = path.join(repoRoot, "client/dist");

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the service over `dataDir` (curated data when omitted) with a throwaway snapshot directory. */
export async function startServer(dataDir?: string): Promise<TestServer> {
  const snapshotDir = await mkdtemp(path.join(os.tmpdir(), "actor-graph-browser-"));
  const store = await openStore({ dataDir, snapshotDir });
  const app = createApp(store, { clientDir, writesPerMinute: 1000 });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(snapshotDir, { recursive: true, force: true });
    },
  };
}
