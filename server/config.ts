// Parses env and flags once, failing fast with a message that names the bad setting.
import path from "node:path";
import { curatedDataDir } from "./graph/io/load.js";
import { parseAllowedHosts } from "./host-guard.js";

export interface Config {
  port: number;
  host: string;
  /** ALLOWED_HOSTS: host names answered besides localhost, 127.0.0.1 and [::1] (`*`: any). */
  allowedHosts: string[];
  /** A graph-data directory or a graph file (graphology JSON, GEXF, GraphML). */
  dataPath: string;
  snapshotDir: string;
  /** Where layout and metrics are cached by data version; null when caching is off (`--no-cache`). */
  cacheDir: string | null;
  /** Where the generated edit token is kept (mode 0600) when ACTOR_GRAPH_TOKEN is unset. */
  tokenFile: string;
  /** Edits accepted per client per minute. */
  editsPerMinute: number;
}

export class ConfigError extends Error {}

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  let dataPath = curatedDataDir;
  let snapshotDir = env.SNAPSHOT_DIR ? path.resolve(env.SNAPSHOT_DIR) : path.resolve(".snapshots");
  let cacheDir: string | null = env.CACHE_DIR ? path.resolve(env.CACHE_DIR) : path.resolve(".cache");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new ConfigError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--data") dataPath = path.resolve(value());
    else if (arg.startsWith("--data=")) dataPath = path.resolve(arg.slice(7));
    else if (arg === "--snapshots") snapshotDir = path.resolve(value());
    else if (arg.startsWith("--snapshots=")) snapshotDir = path.resolve(arg.slice(12));
    else if (arg === "--cache") cacheDir = path.resolve(value());
    else if (arg.startsWith("--cache=")) cacheDir = path.resolve(arg.slice(8));
    else if (arg === "--no-cache") cacheDir = null;
    else throw new ConfigError(`unknown argument "${arg}" (expected --data DIR|FILE, --snapshots DIR, --cache DIR, --no-cache)`);
  }
  const portText = env.PORT ?? "8080";
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${portText}"`);
  const host = env.HOST ?? "127.0.0.1";
  if (!host.trim()) throw new ConfigError("HOST must not be empty");
  const allowedHosts = parseAllowedHosts(env.ALLOWED_HOSTS);
  for (const name of allowedHosts)
    if (name !== "*" && !/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/.test(name)) throw new ConfigError(`ALLOWED_HOSTS: "${name}" is not a host name`);
  const tokenFile = path.resolve(env.TOKEN_FILE ?? ".actor-graph-token");
  const editsText = env.EDITS_PER_MINUTE ?? "60";
  if (!/^\d+$/.test(editsText) || Number(editsText) < 1) throw new ConfigError(`EDITS_PER_MINUTE must be a positive integer, got "${editsText}"`);
  return { port: Number(portText), host, allowedHosts, dataPath, snapshotDir, cacheDir, tokenFile, editsPerMinute: Number(editsText) };
}
