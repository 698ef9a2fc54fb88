// Route for the analyst's brief on one actor, as Markdown or as a standalone printable HTML page.
import { Router } from "express";
import { z } from "zod";
import { renderReport, reportContentSecurityPolicy, reportFormats } from "../graph/analysis/report/index.js";
import type { Store } from "../store.js";
import { filterShape, filtersOf, once, parseQuery } from "./params.js";

const dateParam = once(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected a date YYYY, YYYY-MM or YYYY-MM-DD"));

export function reportRoutes(store: Store): Router {
  const router = Router();
  router.get("/report", async (req, res) => {
    const q = parseQuery(
      {
        ...filterShape,
        focus: once(z.string().min(1, "a node id is required")),
        format: once(z.enum(reportFormats, { message: `expected one of ${reportFormats.join(", ")}` })).optional(),
        from: dateParam.optional(),
        to: dateParam.optional(),
      },
      req.query,
    );
    const format = q.format ?? "md";
    const report = await renderReport(store.dataset, { ...filtersOf(q), focus: q.focus, from: q.from, to: q.to }, format);
    res.setHeader("Content-Type", report.contentType);
    res.setHeader("Content-Disposition", `inline; filename="${report.fileName}"`);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Report-Truncated", String(report.truncated));
    // The brief allows only its own stylesheet (by hash): stricter than the viewer's policy, and no script at all.
    if (format === "html") res.setHeader("Content-Security-Policy", reportContentSecurityPolicy + "; frame-ancestors 'none'");
    res.send(report.body);
  });
  return router;
}
