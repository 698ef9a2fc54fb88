// Routes that turn the current filtered view, or a snapshot, into a downloadable file.
import { Router, type Response } from "express";
import { z } from "zod";
import { AppError } from "../errors.js";
import { exportFileName, exportView } from "../graph/io/export/index.js";
import { exportFormats, gexfVersions, type ExportFormat, type ExportOptions, type ExportView } from "../graph/io/export/types.js";
import { makeExportView, snapshotExportView } from "../graph/io/export-view.js";
import type { Store } from "../store.js";
import { isPlainView, shownView } from "../graph/query/shown-view.js";
import { maxNeighborhoodDepth } from "../graph/query/neighborhood.js";
import { boolParam, filterShape, filtersOf, intParam, once, parseQuery } from "./params.js";

export const formatParam = once(z.enum(exportFormats, { message: `expected one of ${exportFormats.join(", ")}` }));

/** What the viewer shows beyond the filters (see server/graph/query/shown-view.ts), so a download matches the screen. */
const shownShape = {
  focus: once(z.string().min(1, "expected a node id")).optional(),
  depth: intParam(1, maxNeighborhoodDepth).optional(),
  hideUndated: boolParam.optional(),
  hideIsolated: boolParam.optional(),
};

export const gexfVersionParam = once(z.enum(gexfVersions, { message: `expected one of ${gexfVersions.join(", ")}` })).optional();

export function sendExport(res: Response, view: ExportView, format: ExportFormat, options: ExportOptions = {}): void {
  const file = exportView(view, format, options);
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Disposition", `attachment; filename="${exportFileName(view, format)}"`);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.send(typeof file.body === "string" ? file.body : Buffer.from(file.body));
}

export function exportRoutes(store: Store): Router {
  const router = Router();
  router.get("/export", (req, res) => {
    const q = parseQuery({ ...filterShape, ...shownShape, format: formatParam, gexfVersion: gexfVersionParam }, req.query);
    // As snapshots do: a depth without a focus would be silently ignored, and the file would not be the view asked for.
    if (q.depth !== undefined && q.focus === undefined) throw new AppError("BAD_PARAM", "depth: only meaningful with focus", { param: "depth" });
    const filters = filtersOf(q);
    const shown = { focus: q.focus, depth: q.depth, hideUndated: q.hideUndated, hideIsolated: q.hideIsolated };
    const view = isPlainView(shown) ? store.view(filters) : shownView(store.view(filters), shown);
    sendExport(res, makeExportView(store.dataset, view, filters), q.format, { gexfVersion: q.gexfVersion });
  });
  router.get("/snapshots/:id/export", async (req, res) => {
    const q = parseQuery({ format: formatParam, gexfVersion: gexfVersionParam }, req.query);
    const snapshot = await store.snapshots.get(req.params.id);
    sendExport(res, snapshotExportView(store.dataset, snapshot), q.format, { gexfVersion: q.gexfVersion });
  });
  return router;
}
