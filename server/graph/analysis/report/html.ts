// Renders a brief as one standalone HTML document: escaped text, inline ego-network SVG, a print stylesheet for A4.
import { createHash } from "node:crypto";
import { stripForbidden } from "../../io/export/shared.js";
import type { Block, Inline, ReportDocument } from "./document.js";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or attribute value: nothing from the data ever becomes markup. */
export function htmlText(value: string): string {
  return stripForbidden(value).replace(/[&<>"']/g, (c) => escapes[c]);
}

/** The whole stylesheet; its hash is what the Content-Security-Policy allows (no other style, no script). */
export const reportStyle = `
:root { color-scheme: light; }
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #bbb; margin-top: 2rem; padding-bottom: 0.2rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; font-size: 0.9rem; color: #444; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
nav ol { columns: 2; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; margin: 0.8rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
sup.note a { text-decoration: none; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 0.85rem; color: #444; }
ol.notes, ol.bibliography { font-size: 0.85rem; }
ol.notes li:target { background: #fff3b0; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, tr, figure, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  figure svg { max-height: 24cm; }
}
`;

/** What a served brief may load: its own stylesheet (by hash) and data: images, nothing else; no script at all. */
export const reportContentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(reportStyle).digest("base64")}'`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function inline(runs: Inline): string {
  return runs
    .map((r) => {
      const t = htmlText(r.text);
      const marked = r.strong ? `<strong>${t}</strong>` : t;
      const notes = (r.notes ?? []).map((n) => `<sup class="note"><a href="#note-${n}">[${n}]</a></sup>`).join("");
      return marked + notes;
    })
    .join("");
}

function block(b: Block): string {
  switch (b.type) {
    case "paragraph":
      return `<p>${inline(b.content)}</p>`;
    case "list": {
      const tag = b.ordered ? "ol" : "ul";
      return `<${tag}>${b.items.map((item) => `<li>${inline(item)}</li>`).join("")}</${tag}>`;
    }
    case "table":
      return (
        `<table><thead><tr>${b.head.map((h) => `<th>${htmlText(h)}</th>`).join("")}</tr></thead><tbody>` +
        b.rows.map((row) => `<tr>${row.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`).join("\n") +
        "</tbody></table>"
      );
    case "figure":
      // The SVG comes from the SVG exporter, which escapes every text and attribute it writes.
      return `<figure>${b.svg}<figcaption>${inline(b.caption)}</figcaption></figure>`;
  }
}

export function renderHtml(doc: ReportDocument): string {
  const sections = [...doc.sections, { id: "notes", title: "Notes" }, { id: "bibliography", title: "Bibliography" }];
  const notes = doc.notes
    .map((n) => `<li id="note-${n.number}">${htmlText(n.source)}, ${htmlText(n.locator)}: ${htmlText(n.claim)}</li>`)
    .join("\n");
  const bibliography = doc.bibliography
    .map((b) => {
      const s = b.entry;
      if (!s) return `<li id="source-${b.number}"><strong>${htmlText(b.id)}</strong> (not in the source registry)</li>`;
      const parts = [htmlText(s.author), `<cite>${htmlText(s.title)}</cite>`, s.venue && htmlText(s.venue), s.date && htmlText(s.date)].filter(Boolean);
      return `<li id="source-${b.number}"><strong>${htmlText(s.id)}</strong> ${parts.join(", ")}${s.via ? `, cited in ${htmlText(s.via)}` : ""}</li>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${htmlText(reportContentSecurityPolicy)}">
<link rel="icon" href="data:,">
<title>${htmlText(doc.title)}</title>
<style>${reportStyle}</style>
</head>
<body>
<header>
<h1>${htmlText(doc.title)}</h1>
<dl class="meta">${doc.meta.map(([k, v]) => `<dt>${htmlText(k)}</dt><dd>${htmlText(v)}</dd>`).join("")}</dl>
</header>
<nav aria-label="Contents"><ol>${sections.map((s) => `<li><a href="#${s.id}">${htmlText(s.title)}</a></li>`).join("")}</ol></nav>
<main>
${doc.sections.map((s) => `<section id="${s.id}">\n<h2>${htmlText(s.title)}</h2>\n${s.blocks.map(block).join("\n")}\n</section>`).join("\n")}
<section id="notes">
<h2>Notes</h2>
${doc.notes.length ? `<ol class="notes">\n${notes}\n</ol>` : "<p>No evidence is cited: the view holds nothing about this actor.</p>"}
</section>
<section id="bibliography">
<h2>Bibliography</h2>
${doc.bibliography.length ? `<ol class="bibliography">\n${bibliography}\n</ol>` : "<p>No source is cited.</p>"}
</section>
</main>
</body>
</html>
`;
}
