// Vite build of the bench's minimal sigma page into bench/out/pages-dist (served by createApp as its client dir).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../out/pages-dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 4000,
    // The service's CSP forbids inline script.
    modulePreload: { polyfill: false },
  },
});
