// The analyst's brief in one call: gather the facts, compose the footnoted document, render Markdown or HTML.
import type { Dataset } from "../../model/types.js";
import { composeReport } from "./document.js";
import { gatherReport, type ReportQuery } from "./facts.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";

export const reportFormats = ["md", "html"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportContentTypes: Record<ReportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

export { reportContentSecurityPolicy } from "./html.js";
export { reportBounds, type ReportQuery } from "./facts.js";

export interface RenderedReport {
  body: string;
  contentType: string;
  /** A file name naming the focus, safe for a Content-Disposition header. */
  fileName: string;
  truncated: boolean;
}

export async function renderReport(
  dataset: Pick<Dataset, "graph" | "vocabulary" | "sources" | "dataVersion">,
  query: ReportQuery,
  format: ReportFormat,
  now: () => number = Date.now,
): Promise<RenderedReport> {
  const facts = await gatherReport(dataset, query, now);
  const doc = composeReport(facts);
  return {
    body: format === "html" ? renderHtml(doc) : renderMarkdown(doc),
    contentType: reportContentTypes[format],
    fileName: `brief-${query.focus.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80)}.${format}`,
    truncated: facts.truncated,
  };
}
