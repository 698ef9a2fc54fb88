// Crash-safe file writes for every store (snapshots, the layout cache, edits): temp file, fsync, rename or link, no leftovers.
import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";

/** The file-system calls the writer uses; tests pass a shim to simulate a full or read-only disk. */
export type AtomicFs = Pick<typeof nodeFs, "mkdir" | "open" | "link" | "rename" | "unlink" | "readdir">;

export interface AtomicWriteOptions {
  /** true (default): rename over an existing file. false: link, which never replaces one (content-addressed stores). */
  replace?: boolean;
  /** Permissions of the new file (default 0o644; the edit token's file is 0o600). */
  mode?: number;
  fs?: AtomicFs;
}

/** Temporary files are `.<target name>.<pid>-<12 hex>.tmp` (older releases wrote `.<name>.<12 hex>.tmp`). */
const tempPattern = /^\..+\.(?:(\d+)-)?[0-9a-f]{12}\.tmp$/;

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Writes `file` so that readers see either nothing (or the old content) or the whole new content, even after a
 * crash: a temporary file in the same directory, fsync, then rename (or link) onto the target, then fsync of the
 * directory. On any failure the temporary file is removed before the error is rethrown. Returns false when
 * `replace` is false and the target already existed (nothing was changed).
 */
export async function writeFileAtomic(file: string, chunks: string | Uint8Array | Uint8Array[], options: AtomicWriteOptions = {}): Promise<boolean> {
  const fs = options.fs ?? nodeFs;
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = tempName(file);
  const handle = await fs.open(temp, "wx", options.mode ?? 0o644);
  const discard = async (error: unknown): Promise<never> => {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  };
  try {
    for (const chunk of typeof chunks === "string" ? [Buffer.from(chunks, "utf8")] : Array.isArray(chunks) ? chunks : [chunks]) {
      // FileHandle.write may write less than asked (it does not loop like writeFile): write the rest.
      for (let done = 0; done < chunk.byteLength; ) done += (await handle.write(chunk, done, chunk.byteLength - done)).bytesWritten;
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    return discard(error);
  }
  await handle.close().catch(discard);
  let written = true;
  try {
    if (options.replace === false) await fs.link(temp, file);
    else await fs.rename(temp, file);
  } catch (error) {
    if (options.replace !== false || (error as NodeJS.ErrnoException).code !== "EEXIST") return discard(error);
    written = false;
  }
  if (options.replace === false) await fs.unlink(temp).catch(() => undefined);
  await fsyncDir(dir, fs);
  return written;
}

/** Makes a directory's entries (a rename, link or unlink in it) durable; best effort where directories cannot be opened. */
export async function fsyncDir(dir: string, fs: Pick<AtomicFs, "open"> = nodeFs): Promise<void> {
  const handle = await fs.open(dir, "r").catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Removes the temporary files interrupted writes left in `dir` (a crash between open and rename), except those of
 * another live process that may still be writing. Run at start-up; a missing directory is fine. Returns the names.
 */
export async function removeInterruptedWrites(dir: string, fs: AtomicFs = nodeFs): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = tempPattern.exec(name);
    if (!match) continue;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    if (pid !== undefined && pid !== process.pid && isAlive(pid)) continue;
    if (await fs.unlink(path.join(dir, name)).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}

const fullCodes = new Set(["ENOSPC", "EDQUOT", "EFBIG"]);
const reasons: Record<string, string> = {
  ENOSPC: "no space left on the disk",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large for the file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "its directory is not a directory",
  EISDIR: "a directory is in the way",
  ENOENT: "its directory is missing",
  EIO: "input/output error",
  EEXIST: "a file is in the way of its directory",
  EMFILE: "too many open files",
};

/**
 * A file-system error of a store as the catalogue's STORE_FULL (507) or STORE_UNWRITABLE / STORE_UNREADABLE (503):
 * it names the store and the reason, never the path. Errors that are not file-system errors pass through.
 */
export function storeError(error: unknown, store: string, action: "write" | "read"): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  const reason = reasons[code] ?? `error ${code}`;
  if (action === "write" && fullCodes.has(code)) return new AppError("STORE_FULL", `the ${store} is full (${reason}); nothing was saved`, { store });
  if (action === "write") return new AppError("STORE_UNWRITABLE", `the ${store} cannot be written (${reason}); nothing was saved`, { store });
  return new AppError("STORE_UNREADABLE", `the ${store} cannot be read (${reason})`, { store });
}
