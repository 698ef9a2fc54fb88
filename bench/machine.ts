// A description of the machine and software a run used, printed above the table and written into the doc.
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { benchDir } from "./graphs.js";
import { peerLibraries, type Peers } from "./peers.js";

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memory: string;
  os: string;
  node: string;
  python: string[];
  peers: string[];
  browser?: string;
  commit: string;
  /** 1-minute load average when the run started: other work on the machine skews every number. */
  loadAtStart: number;
}

function gitCommit(): string {
  try {
    const cwd = path.resolve(benchDir, "..");
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, encoding: "utf8" }).trim() !== "";
    return `${sha}${dirty ? " + uncommitted changes" : ""}`;
  } catch {
    return "unknown";
  }
}

export function describeMachine(peers: Peers, loadAtStart: number): Machine {
  const python = new Set<string>();
  const list: string[] = [];
  for (const library of peerLibraries) {
    const status = peers[library];
    if (status.available) {
      python.add(`Python ${status.info.python} (${status.info.executable})`);
      list.push(`${status.info.label} (Python ${status.info.python})`);
    } else list.push(`${library}: unavailable (${status.reason})`);
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    python: [...python],
    peers: list,
    commit: gitCommit(),
    loadAtStart,
  };
}

export function renderMachine(m: Machine): string {
  return [
    `- Date: ${m.date}`,
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memory}; ${m.os}; load average ${m.loadAtStart.toFixed(2)} when the run started`,
    `- Node ${m.node}; ${m.python.length ? m.python.join("; ") : "no Python peers"}`,
    `- Peers: ${m.peers.join("; ")}; graphology-shortest-path and ngraph.path in-process${m.browser ? `; ${m.browser}` : ""}`,
    `- Code: ${m.commit}`,
  ].join("\n");
}
