// Runs bench steps in a fresh Node process (own heap, --expose-gc) and hands their JSON results back.
//
//   node --expose-gc --import tsx bench/child.ts STEPS.json RESULT.json
//
// STEPS.json holds [{ target: "module#export", config }]; each export is awaited in order and its result stored.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const tmpDir = path.join(here, "out", "tmp");

export interface Step {
  /** `module#export`, the module being a file in bench/ without extension. */
  target: string;
  config: unknown;
}

export interface ChildOptions {
  /** V8 old-space limit in MB. */
  heapMb?: number;
  timeoutMs?: number;
}

let counter = 0;

/** Spawns a child that runs the steps in order; resolves with their results, rejects on crash or timeout. */
export function runSteps(steps: Step[], options: ChildOptions = {}): Promise<unknown[]> {
  mkdirSync(tmpDir, { recursive: true });
  const id = `${process.pid}-${Date.now()}-${counter++}`;
  const stepsFile = path.join(tmpDir, `steps-${id}.json`);
  const resultFile = path.join(tmpDir, `result-${id}.json`);
  writeFileSync(stepsFile, JSON.stringify(steps));
  const args = ["--expose-gc", `--max-old-space-size=${options.heapMb ?? 4096}`, "--import", "tsx", fileURLToPath(import.meta.url), stepsFile, resultFile];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], cwd: path.resolve(here, "..") });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${steps.map((s) => s.target).join(", ")}: timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 30 * 60_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      rmSync(stepsFile, { force: true });
      try {
        if (code !== 0) throw new Error(`${steps.map((s) => s.target).join(", ")}: child exited with ${signal ?? `code ${code}`}`);
        resolve(JSON.parse(readFileSync(resultFile, "utf8")) as unknown[]);
      } catch (error) {
        reject(error);
      } finally {
        rmSync(resultFile, { force: true });
      }
    });
  });
}

export async function runStep<T>(target: string, config: unknown, options?: ChildOptions): Promise<T> {
  const [result] = await runSteps([{ target, config }], options);
  return result as T;
}

async function main(stepsFile: string, resultFile: string): Promise<void> {
  const steps = JSON.parse(readFileSync(stepsFile, "utf8")) as Step[];
  const results: unknown[] = [];
  for (const step of steps) {
    const [module, name] = step.target.split("#");
    const loaded = (await import(pathToFileURL(path.join(here, `${module}.ts`)).href)) as Record<string, (config: unknown) => unknown>;
    if (typeof loaded[name] !== "function") throw new Error(`bench/${module}.ts has no export ${name}`);
    results.push(await loaded[name](step.config));
  }
  writeFileSync(resultFile, JSON.stringify(results));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2], process.argv[3]).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
