// The export registry: format name to exporter, one checked entry point, and the download file name.
import { AppError } from "../../../errors.js";
import { exportCsv } from "./csv.js";
import { exportCypher } from "./cypher.js";
import { exportGexf } from "./gexf.js";
import { exportGraphmlPortable } from "./graphml.js";
import { exportJson } from "./json.js";
import { exportNeo4jAdmin } from "./neo4j-admin.js";
import { exportStix } from "./stix.js";
import { exportSvg } from "./svg.js";
import { exportFormats, type ExportFile, type ExportFormat, type Exporter, type ExportOptions, type ExportView } from "./types.js";

export const exporters: Record<ExportFormat, Exporter> = {
  json: exportJson,
  gexf: exportGexf,
  graphml: exportGraphmlPortable,
  csv: exportCsv,
  cypher: exportCypher,
  "neo4j-admin": exportNeo4jAdmin,
  stix: exportStix,
  svg: exportSvg,
};

/** File extension per format, known without running the exporter (for headers and file names). */
export const exportExtensions: Record<ExportFormat, string> = {
  json: "json",
  gexf: "gexf",
  graphml: "graphml",
  csv: "zip",
  cypher: "cypher",
  // Two-part extensions keep these apart from the csv zip and the graphology JSON.
  "neo4j-admin": "neo4j-admin.zip",
  stix: "stix.json",
  svg: "svg",
};

// A membership test, not `format in exporters`: "constructor" or "__proto__" must not pass as a format.
function checkFormat(format: string): ExportFormat {
  if ((exportFormats as readonly string[]).includes(format)) return format as ExportFormat;
  throw new AppError("BAD_PARAM", `format: unknown export format "${format}"; expected one of ${exportFormats.join(", ")}`, {
    param: "format",
    value: format,
  });
}

export function exportView(view: ExportView, format: string, options: ExportOptions = {}): ExportFile {
  const checked = checkFormat(format);
  if (options.gexfVersion !== undefined && checked !== "gexf")
    throw new AppError("BAD_PARAM", `gexfVersion: only applies to format=gexf, not ${checked}`, { param: "gexfVersion" });
  return exporters[checked](view, options);
}

/** Reduces a value to what is safe inside a quoted Content-Disposition file name on any OS. */
function slug(value: string, max: number): string {
  return value
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
}

/** `actor-graph-<dataVersion>[-<snapshotId>].<ext>`, ASCII only. */
export function exportFileName(view: Pick<ExportView, "dataVersion" | "snapshotId">, format: string): string {
  const extension = exportExtensions[checkFormat(format)];
  const version = slug(view.dataVersion, 40) || "unversioned";
  const snapshot = view.snapshotId ? slug(view.snapshotId, 40) : "";
  return `actor-graph-${version}${snapshot ? `-${snapshot}` : ""}.${extension}`;
}
