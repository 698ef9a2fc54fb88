// Applies edits all-or-nothing: validate against the data plus earlier ops, build a new graph, journal, write files atomically, log, then swap.
import { stat, unlink, readFile, truncate } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";
import { fsyncDir, removeInterruptedWrites, writeFileAtomic } from "../io/atomic-write.js";
import type { Dataset } from "../model/types.js";
import { appendAuditEntry, auditLogName, queryHistory, readAuditLog, repairTail, type AuditEntry, type HistoryQuery } from "./audit-log.js";
import { editInvalid, type AnyOp, type EditProblem, type EditRequest, type RestoreOp } from "./ops.js";
import { Workspace } from "./workspace.js";

/** What the service swaps the next dataset into (the store); the domain never sees HTTP. */
export interface DatasetHolder {
  readonly dataset: Dataset;
  replaceDataset(next: Dataset): void;
}

export interface EditResult {
  revision: number;
  dataVersion: string;
  entry: AuditEntry;
}

export interface StartupCheck {
  editable: boolean;
  revision: number;
  /** True when the data files hash to the data version the last logged edit produced (or nothing is logged). */
  consistent: boolean;
  /** One line for the server log: recovered, consistent or not, and why. */
  message: string;
}

const journalName = ".edit-journal.json";

interface Journal {
  entry: AuditEntry;
  files: { relative: string; after: string }[];
}

/** Serialises async work: edits apply one at a time, in arrival order. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export class EditService {
  private entries: AuditEntry[] = [];
  private holder: DatasetHolder | null = null;
  private readonly mutex = new Mutex();

  private constructor(
    /** The data directory, or null when the data came from a single file (read-only). */
    readonly dir: string | null,
    readonly check: StartupCheck,
  ) {}

  /** A service that refuses every edit with READ_ONLY_DATA: data from a single file, or a store built in memory. */
  static readOnly(reason = "the data was loaded from a single file (read-only)"): EditService {
    return new EditService(null, { editable: false, revision: 0, consistent: true, message: `edits disabled: ${reason}` });
  }

  get logFile(): string | null {
    return this.dir && path.join(this.dir, auditLogName);
  }

  get revision(): number {
    return this.entries.at(-1)?.revision ?? 0;
  }

  /**
   * Opens the edit log of a data directory before the data is loaded: finishes an edit a crash interrupted (from its
   * journal), cuts a torn last log line, removes stray temporary files, then checks that files and log agree.
   */
  static async open(dataPath: string): Promise<EditService> {
    const info = await stat(dataPath).catch(() => null);
    if (!info?.isDirectory())
      return new EditService(null, { editable: false, revision: 0, consistent: true, message: "edits disabled: the data was loaded from a single file (read-only)" });
    const dir = dataPath;
    const logFile = path.join(dir, auditLogName);
    const notes: string[] = [];
    let read = await readAuditLog(logFile);
    if (read.tornBytes) {
      await repairTail(logFile, read);
      notes.push(`cut ${read.tornBytes} bytes of an incomplete last log line`);
    }
    const journal = await readFile(path.join(dir, journalName), "utf8").then((t) => JSON.parse(t) as Journal, () => null);
    if (journal) {
      for (const f of journal.files) await writeFileAtomic(path.join(dir, f.relative), Buffer.from(f.after));
      if ((read.entries.at(-1)?.revision ?? 0) < journal.entry.revision) await appendAuditEntry(logFile, journal.entry);
      await unlink(path.join(dir, journalName));
      await fsyncDir(dir);
      notes.push(`finished revision ${journal.entry.revision}, which a crash had interrupted`);
      read = await readAuditLog(logFile);
    }
    const stray = await removeStrayTemps(dir);
    if (stray) notes.push(`removed ${stray} stray temporary file(s)`);
    const entries = read.entries;
    const last = entries.at(-1);
    const version = (await Workspace.read(dir)).version();
    const consistent = !last || last.dataVersion === version;
    const state = !last
      ? `no edits logged yet (data ${version})`
      : consistent
        ? `files and edit log agree at revision ${last.revision} (data ${version})`
        : `the data files (${version}) differ from the last logged edit, revision ${last.revision} (${last.dataVersion}): they were changed outside the edit API; later edits are logged against the files as they are`;
    const service = new EditService(dir, { editable: true, revision: last?.revision ?? 0, consistent, message: [...notes, state].join("; ") });
    service.entries = entries;
    return service;
  }

  attach(holder: DatasetHolder): void {
    this.holder = holder;
  }

  history(query: HistoryQuery): AuditEntry[] {
    return queryHistory(this.entries, query);
  }

  entry(revision: number): AuditEntry | undefined {
    return this.entries.find((e) => e.revision === revision);
  }

  /** Applies an edit if `ifMatch` is the current data version; all or nothing. */
  apply(request: EditRequest, ifMatch: string): Promise<EditResult> {
    // Checked again inside the queue; refusing a stale version here spares it the wait behind other edits.
    try {
      this.precheck(ifMatch);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.mutex.run(() => this.commit(request.ops, { reason: request.reason, author: request.author }, ifMatch));
  }

  /** Applies the inverse of `revision` as a new edit; refused when a later edit touched the same items. */
  revert(revision: number, meta: { reason?: string; author?: string }, ifMatch: string): Promise<EditResult> {
    return this.mutex.run(async () => {
      const target = this.entry(revision);
      if (!target) throw new AppError("REVISION_NOT_FOUND", `no logged edit has revision ${revision}`, { param: "revision" });
      // A later edit of the same item blocks the revert, unless later edits put it back exactly as this one left it
      // (e.g. they were reverted themselves): then undoing this one loses nothing.
      const finalOf = new Map(target.changes.map((c) => [`${c.type}\0${c.key}`, c.after]));
      const lastLater = new Map<string, { revision: number; after: unknown }>();
      for (const later of this.entries.filter((e) => e.revision > revision))
        for (const c of later.changes) if (finalOf.has(`${c.type}\0${c.key}`)) lastLater.set(`${c.type}\0${c.key}`, { revision: later.revision, after: c.after });
      for (const [id, later] of lastLater) {
        if (JSON.stringify(later.after) === JSON.stringify(finalOf.get(id))) continue;
        const [type, key] = id.split("\0");
        throw new AppError(
          "PRECONDITION_FAILED",
          `revision ${revision} cannot be reverted: revision ${later.revision} later changed ${type} "${key}"; revert that first or edit by hand`,
          { param: "revision", dataVersion: this.current().dataVersion },
        );
      }
      const ops: RestoreOp[] = [...target.changes].reverse().map((c) => ({ op: "restore", type: c.type, key: c.key, file: c.file, value: c.before }));
      const reason = meta.reason?.trim() || `revert revision ${revision}: ${target.reason}`;
      return this.commit(ops, { reason, author: meta.author, revertOf: revision }, ifMatch);
    });
  }

  private current(): Dataset {
    if (!this.holder) throw new AppError("INTERNAL", "edit service used before a store was attached");
    return this.holder.dataset;
  }

  /** Read-only data and a stale If-Match are refused before anything is read. */
  private precheck(ifMatch: string): { dir: string; live: Dataset } {
    if (!this.dir) throw new AppError("READ_ONLY_DATA", "the data was loaded from a single graph file and is read-only; start the server on a graph-data directory to edit");
    const live = this.current();
    if (ifMatch !== live.dataVersion)
      throw new AppError("PRECONDITION_FAILED", `the data changed since version ${ifMatch}: the current version is ${live.dataVersion}; reload, check the changes and retry`, {
        param: "If-Match",
        dataVersion: live.dataVersion,
      });
    return { dir: this.dir, live };
  }

  private async commit(ops: AnyOp[], meta: { reason: string; author?: string; revertOf?: number }, ifMatch: string): Promise<EditResult> {
    const { dir, live } = this.precheck(ifMatch);
    const ws = await Workspace.read(dir);
    if (ws.version() !== live.dataVersion)
      throw new AppError("DATA_CHANGED_ON_DISK", "the data files changed on disk since the server loaded them; restart the server to load them, then edit");
    const problems: EditProblem[] = [];
    ops.forEach((op, i) => ws.apply(op, i, problems));
    if (problems.length) throw editInvalid(problems);
    const next = ws.build(live.origin);
    if (next.dataVersion === live.dataVersion) throw editInvalid([{ path: "ops", message: "the edit changes nothing" }]);
    const entry: AuditEntry = {
      revision: this.revision + 1,
      time: new Date().toISOString(),
      author: meta.author ?? "anonymous",
      reason: meta.reason,
      baseVersion: live.dataVersion,
      dataVersion: next.dataVersion,
      ...(meta.revertOf !== undefined ? { revertOf: meta.revertOf } : {}),
      ops,
      changes: ws.changes,
    };
    await this.durablyWrite(dir, ws, entry);
    this.entries.push(entry);
    this.holder?.replaceDataset(next);
    return { revision: entry.revision, dataVersion: next.dataVersion, entry };
  }

  /**
   * Journal first (the whole new content of every changed file plus the log entry), then each file by atomic rename,
   * then the fsynced log line, then the journal goes. A crash before the journal lands changes nothing; after it,
   * the next start finishes the edit from the journal. So files and log always agree after a restart.
   */
  private async durablyWrite(dir: string, ws: Workspace, entry: AuditEntry): Promise<void> {
    const files = ws.changedFiles();
    const journal: Journal = { entry, files: files.map((f) => ({ relative: f.relative, after: f.after })) };
    const journalFile = path.join(dir, journalName);
    const logFile = path.join(dir, auditLogName);
    const logSize = (await stat(logFile).catch(() => null))?.size ?? 0;
    await writeFileAtomic(journalFile, Buffer.from(JSON.stringify(journal)));
    try {
      for (const f of files) await writeFileAtomic(path.join(dir, f.relative), Buffer.from(f.after));
      await appendAuditEntry(logFile, entry);
    } catch (error) {
      await truncate(logFile, logSize).catch(() => undefined);
      // A failure (disk full, permissions) rather than a crash: put every file back and drop the journal, so the
      // files stay as they were, as the live graph does.
      for (const f of files) {
        const target = path.join(dir, f.relative);
        if (f.before === null) await unlink(target).catch(() => undefined);
        else await writeFileAtomic(target, Buffer.from(f.before)).catch(() => undefined);
      }
      await unlink(journalFile).catch(() => undefined);
      throw error;
    }
    // The log line is fsynced: the edit is durable. A journal left here only replays the same content on the next start.
    await unlink(journalFile).catch(() => undefined);
    await fsyncDir(dir);
  }
}

/** Temporary files of writeFileAtomic that a crash left in the data folders (those of a live writer stay). */
async function removeStrayTemps(dir: string): Promise<number> {
  let removed = 0;
  for (const sub of ["", "nodes", "edges"]) removed += (await removeInterruptedWrites(path.join(dir, sub))).length;
  return removed;
}
