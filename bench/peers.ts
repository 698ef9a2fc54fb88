// The Python peers (networkx, igraph): find an interpreter that has each library, run its script, parse its JSON.
// A missing interpreter or library is a result ("peer unavailable"), never a crash.
import { spawn } from "node:child_process";
import path from "node:path";
import { benchDir } from "./graphs.js";

export const peerLibraries = ["networkx", "igraph"] as const;
export type PeerLibrary = (typeof peerLibraries)[number];

export interface PeerInfo {
  library: PeerLibrary;
  version: string;
  python: string;
  executable: string;
  /** e.g. "networkx 3.6.1". */
  label: string;
}

export type PeerStatus = { available: true; info: PeerInfo } | { available: false; library: PeerLibrary; reason: string };
export type Peers = Record<PeerLibrary, PeerStatus>;

const scriptOf = (library: PeerLibrary) => path.join(benchDir, "peers", `${library}_peer.py`);

/** $BENCH_PYTHON alone when set; else python3 on PATH, then the system one (Debian's packages live there). */
function candidates(): string[] {
  if (process.env.BENCH_PYTHON) return [process.env.BENCH_PYTHON];
  return ["python3", "/usr/bin/python3", "python"];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

function run(command: string, args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    // No __pycache__ next to the peer scripts in the working tree.
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, error });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function detectPeers(): Promise<Peers> {
  const result = {} as Peers;
  for (const library of peerLibraries) {
    const reasons: string[] = [];
    for (const python of candidates()) {
      const r = await run(python, [scriptOf(library), "probe"], 30_000);
      if (r.code === 0) {
        try {
          const probe = JSON.parse(r.stdout.trim().split("\n").pop() as string) as Omit<PeerInfo, "label" | "library">;
          result[library] = { available: true, info: { ...probe, library, label: `${library} ${probe.version}` } };
          break;
        } catch {
          reasons.push(`${python}: unreadable probe output`);
        }
      } else if (r.error) reasons.push(`${python}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`);
      else reasons.push(`${python}: ${/ModuleNotFoundError: (.*)/.exec(r.stderr)?.[1] ?? `exit ${r.code}`}`);
    }
    result[library] ??= { available: false, library, reason: reasons.join("; ") || "no python3 found" };
  }
  return result;
}

/** Runs one peer command and parses its single JSON line; throws with the peer's stderr on failure. */
export async function runPeer<T>(info: PeerInfo, args: string[], timeoutMs = 15 * 60_000): Promise<T> {
  const r = await run(info.executable, [scriptOf(info.library), ...args], timeoutMs);
  if (r.code !== 0) throw new Error(`${info.label} ${args[0]} failed (${r.error?.message ?? `exit ${r.code}`}): ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as T;
}

export function availablePeers(peers: Peers): PeerInfo[] {
  return peerLibraries.flatMap((l) => (peers[l].available ? [(peers[l] as { info: PeerInfo }).info] : []));
}
