// The real service for the HTTP-level benchmarks: openStore + createApp on a generated graph, listening on
// 127.0.0.1 with an ephemeral port. One store per data directory per process, shared by the steps that need it.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { createApp } from "../server/app.js";
import { openStore, type Store } from "../server/store.js";
import { outDir } from "./graphs.js";
import { now } from "./stats.js";

export interface RunningApp {
  store: Store;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Wall time of openStore (load, validation, metrics, layout) for this data. */
  storeMs: number;
  close(): Promise<void>;
}

const stores = new Map<string, Promise<{ store: Store; storeMs: number }>>();

function storeFor(dataDir: string): Promise<{ store: Store; storeMs: number }> {
  let entry = stores.get(dataDir);
  if (!entry) {
    const t = now();
    entry = openStore({ dataDir, snapshotDir: path.join(outDir, "snapshots") }).then((store) => ({ store, storeMs: now() - t }));
    stores.set(dataDir, entry);
  }
  return entry;
}

/** Starts the app over `dataDir`'s store; `clientDir` picks the page served at `/` (default: client/dist). */
export async function startApp(dataDir: string, clientDir?: string): Promise<RunningApp> {
  const { store, storeMs } = await storeFor(dataDir);
  const app = createApp(store, { clientDir, logError: (error) => console.error(error) });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    store,
    url: `http://127.0.0.1:${port}`,
    storeMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
