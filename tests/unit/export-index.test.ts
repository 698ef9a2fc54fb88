// Export registry: every format wired, unknown formats refused as BAD_PARAM, safe file names, pure exporters.
import { describe, expect, it } from "vitest";
import { AppError } from "../../server/errors.js";
import { exportExtensions, exportFileName, exporters, exportView } from "../../server/graph/io/export/index.js";
import { exportFormats } from "../../server/graph/io/export/types.js";
import { stripForbidden, xmlAttr, xmlText } from "../../server/graph/io/export/shared.js";
import { fixtureView } from "../fixtures/export/view.js";

describe("export registry", () => {
  it("should have an exporter for every format, agreeing with the known extension", () => {
    expect(Object.keys(exporters).sort()).toEqual([...exportFormats].sort());
    for (const format of exportFormats) {
      const file = exportView(fixtureView(), format);
      expect(file.extension, format).toBe(exportExtensions[format]);
      expect(file.contentType, format).toMatch(/^[a-z]+\/[a-z0-9.+-]+/);
      expect(file.body.length, format).toBeGreaterThan(0);
    }
  });

  it("should refuse an unknown format with BAD_PARAM naming format, including Object built-in names", () => {
    for (const format of ["pdf", "constructor", "__proto__", "toString", ""]) {
      let error: unknown;
      try {
        exportView(fixtureView(), format);
      } catch (e) {
        error = e;
      }
      expect(error, format).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("BAD_PARAM");
      expect((error as AppError).message).toContain("format");
      expect((error as AppError).details).toMatchObject({ param: "format" });
    }
  });

  it("should be pure: same view, same output, and the view left untouched", () => {
    for (const format of exportFormats) {
      const view = fixtureView();
      const before = JSON.stringify(view.graph.export());
      const a = exportView(view, format).body;
      const b = exportView(view, format).body;
      expect(JSON.stringify(view.graph.export()), format).toBe(before);
      expect(Buffer.from(a).equals(Buffer.from(b)), format).toBe(true);
    }
  });
});

describe("exportFileName", () => {
  it("should name files actor-graph-<dataVersion>[-<snapshotId>].<extension>", () => {
    expect(exportFileName(fixtureView(), "gexf")).toBe("actor-graph-0123456789abcdef-snap-42.gexf");
    expect(exportFileName(fixtureView({ snapshotId: undefined }), "csv")).toBe("actor-graph-0123456789abcdef.zip");
  });

  it("should keep names plain ASCII whatever the version and snapshot hold", () => {
    const name = exportFileName({ dataVersion: '../"evil"\r\n;x', snapshotId: "snap \u{1F6A9}/..\\x" }, "svg");
    expect(name).toMatch(/^actor-graph-[A-Za-z0-9_-]+(-[A-Za-z0-9_-]+)?\.svg$/);
    expect(exportFileName({ dataVersion: "\u00e9\u00e9" }, "json")).toBe("actor-graph-unversioned.json");
  });

  it("should refuse an unknown format", () => {
    expect(() => exportFileName(fixtureView(), "exe")).toThrow(AppError);
  });
});

describe("export text helpers", () => {
  it("should strip what XML 1.0 forbids and keep everything it allows", () => {
    expect(stripForbidden("a\u0000\u0001\u0008\u000b\u000c\u000e\u001fb")).toBe("ab");
    expect(stripForbidden("\t\n\r")).toBe("\t\n\r");
    expect(stripForbidden("x\uFFFE\uFFFFy")).toBe("xy");
    expect(stripForbidden("lone \uD800 \uDC00 pair \u{1F6A9}")).toBe("lone   pair \u{1F6A9}");
    expect(stripForbidden("\u0085\u00a0\u202e")).toBe("\u0085\u00a0\u202e");
  });

  it("should escape markup characters, and whitespace inside attributes", () => {
    expect(xmlText(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    expect(xmlAttr("a\tb\nc\rd")).toBe("a&#9;b&#10;c&#13;d");
    expect(xmlText("a\nb")).toBe("a\nb");
  });
});
