// Starts the app in-process over a throwaway copy of a data directory with edits enabled (token, edit service), port 0.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApp } from "../../server/app.js";
import { openStore, type Store } from "../../server/store.js";
import { EditService } from "../../server/graph/edits/service.js";
import { copyData } from "../fixtures/edit-data.js";

export const testToken = "test-token-5f0c2a9e7b1d4c3a8e6f";

export interface EditableApp {
  url: string;
  dir: string;
  store: Store;
  errors: unknown[];
  /** Headers for a write: the token, If-Match with the current data version, JSON. */
  headers(extra?: Record<string, string>): Promise<Record<string, string>>;
  version(): Promise<string>;
  close(): Promise<void>;
}

export async function startEditableApp(source?: string, options: { editsPerMinute?: number; dataPath?: string; clientDir?: string } = {}): Promise<EditableApp> {
  const copy = await copyData(source);
  const dataPath = options.dataPath ?? copy.dir;
  const snapshotDir = await mkdtemp(path.join(tmpdir(), "ag-edit-snapshots-"));
  const edits = await EditService.open(dataPath);
  const store = await openStore({ dataDir: dataPath, snapshotDir });
  const errors: unknown[] = [];
  const app = createApp(store, { clientDir: options.clientDir ?? "/nonexistent", edits, token: testToken, editsPerMinute: options.editsPerMinute ?? 1000, logError: (e) => errors.push(e) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const version = async () => ((await (await fetch(`${url}/api/health`)).json()) as { dataVersion: string }).dataVersion;
  return {
    url,
    dir: copy.dir,
    store,
    errors,
    version,
    async headers(extra = {}) {
      return { Authorization: `Bearer ${testToken}`, "If-Match": `"${await version()}"`, "Content-Type": "application/json", ...extra };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await copy.remove();
      await rm(snapshotDir, { recursive: true, force: true });
    },
  };
}
