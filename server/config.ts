// Parses env and flags once, failing fast with a message that names the bad setting.
import path from "node:path";
import { curatedDataDir } from "./graph/load.js";

export interface Config {
  port: number;
  host: string;
  dataPath: string;
  snapshotDir: string;
}

export class ConfigError extends Error {}

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  let dataPath = curatedDataDir;
  let snapshotDir = env.SNAPSHOT_DIR ? path.resolve(env.SNAPSHOT_DIR) : path.resolve(".snapshots");
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
    else throw new ConfigError(`unknown argument "${arg}" (expected --data DIR, --snapshots DIR)`);
  }
  const portText = env.PORT ?? "8080";
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${portText}"`);
  const host = env.HOST ?? "127.0.0.1";
  if (!host.trim()) throw new ConfigError("HOST must not be empty");
  return { port: Number(portText), host, dataPath, snapshotDir };
}
