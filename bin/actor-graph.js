#!/usr/bin/env node
// Installed command: runs the TypeScript CLI through tsx so the domain code is shared without a build step.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../server/cli.ts");
const tsx = require.resolve("tsx/cli");
const result = spawnSync(process.execPath, [tsx, cli, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
