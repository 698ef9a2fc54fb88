// Vite build of the viewer: root client/, output client/dist/, dev proxy of /api to the local service.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
// The viewer shares pure domain modules (dates, data-model types) with server/graph, so the dev server may read the repo.
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  publicDir: "public",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // No inline module-preload polyfill: the service's CSP forbids inline script.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
    fs: { allow: [repoRoot] },
  },
});
