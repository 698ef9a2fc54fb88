// Builds the viewer (vite build) when client/dist is missing or older than any file under client/.
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const clientDir = path.join(repoRoot, "client");
const distDir = path.join(clientDir, "dist");
const builtMarker = path.join(distDir, "index.html");

/** Newest modification time (ms) of the viewer's sources: every file under client/ except dist/. */
async function newestSource(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === distDir || entry.name === "node_modules") continue;
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(full));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or null when client/dist is up to date. */
export async function staleReason() {
  const built = await stat(builtMarker).catch(() => null);
  if (!built) return "client/dist is missing";
  const newest = await newestSource(clientDir);
  return newest > built.mtimeMs ? "client/ changed since the last build" : null;
}

/** Runs `npx vite build --config client/vite.config.ts` from the repository root. */
export function buildClient() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === "win32" ? "npx.cmd" : "npx", ["vite", "build", "--config", "client/vite.config.ts"], {
      cwd: repoRoot,
      stdio: ["ignore", "inherit", "inherit"],
      shell: process.platform === "win32",
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`))));
  });
}

/** Builds the viewer if needed; resolves to true when it built. */
export async function ensureClient({ quiet = false } = {}) {
  const reason = await staleReason();
  if (!reason) {
    if (!quiet) console.log("viewer is up to date (client/dist)");
    return false;
  }
  console.log(`building the viewer: ${reason}`);
  await buildClient();
  return true;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  ensureClient().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
