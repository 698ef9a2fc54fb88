// The append-only audit log (history.jsonl in the data directory): one fsynced JSON line per accepted edit.
import { open, readFile, truncate } from "node:fs/promises";
import type { AnyOp } from "./ops.js";
import type { Change } from "./workspace.js";

export const auditLogName = "history.jsonl";

export interface AuditEntry {
  revision: number;
  time: string;
  author: string;
  reason: string;
  /** Data version before and after the edit (the loader's hash of every data file). */
  baseVersion: string;
  dataVersion: string;
  /** Set when this edit reverts an earlier revision. */
  revertOf?: number;
  ops: AnyOp[];
  /** What each op touched, with its value before and after (null: did not exist / was removed). */
  changes: Change[];
}

export interface LogRead {
  entries: AuditEntry[];
  /** Bytes of an incomplete last line (a crash during an append), removed by `repairTail`. */
  tornBytes: number;
  goodBytes: number;
}

export async function readAuditLog(file: string): Promise<LogRead> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const entries: AuditEntry[] = [];
  let offset = 0;
  let goodBytes = 0;
  while (offset < text.length) {
    const end = text.indexOf("\n", offset);
    if (end < 0) break;
    const line = text.slice(offset, end);
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      break;
    }
    offset = end + 1;
    goodBytes = Buffer.byteLength(text.slice(0, offset));
  }
  return { entries, tornBytes: Buffer.byteLength(text) - goodBytes, goodBytes };
}

/** Cuts an incomplete last line left by a crash mid-append, so the next append starts on a fresh line. */
export async function repairTail(file: string, read: LogRead): Promise<void> {
  if (read.tornBytes > 0) await truncate(file, read.goodBytes);
}

/** Appends one entry as one line and fsyncs before returning: once this resolves the entry survives a crash. */
export async function appendAuditEntry(file: string, entry: AuditEntry): Promise<void> {
  const handle = await open(file, "a", 0o644);
  try {
    await handle.write(`${JSON.stringify(entry)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface HistoryQuery {
  node?: string;
  edge?: string;
  limit?: number;
}

/** Entries newest first; `node` also matches edits of the relations that touch it. */
export function queryHistory(entries: readonly AuditEntry[], query: HistoryQuery): AuditEntry[] {
  const touches = (entry: AuditEntry) =>
    entry.changes.some((c) => {
      if (query.edge !== undefined) return c.type === "edge" && c.key === query.edge;
      if (query.node !== undefined) {
        if (c.type === "node") return c.key === query.node;
        if (c.type === "edge") return [c.before, c.after].some((v) => v && (v.source === query.node || v.target === query.node));
        return false;
      }
      return true;
    });
  const out: AuditEntry[] = [];
  for (let i = entries.length - 1; i >= 0 && out.length < (query.limit ?? 50); i--) if (touches(entries[i])) out.push(entries[i]);
  return out;
}
