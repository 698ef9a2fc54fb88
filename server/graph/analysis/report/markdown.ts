// Renders a brief as CommonMark (with GFM pipe tables): every data text escaped, footnotes as a numbered list.
import { stripForbidden } from "../../io/export/shared.js";
import type { Block, Inline, ReportDocument } from "./document.js";

/**
 * Escapes text so that no data can become markup: every ASCII punctuation with a Markdown meaning gets a
 * backslash (CommonMark allows one before any ASCII punctuation; brackets are escaped, so parentheses cannot form
 * a link), line breaks become spaces, and a line that would start a list or heading is defused.
 */
export function mdText(value: string): string {
  return stripForbidden(value)
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

function inline(runs: Inline, opensLine = true): string {
  const body = runs
    .map((r) => {
      const t = mdText(r.text);
      const marked = r.strong && t.trim() ? `**${t}**` : t;
      return marked + (r.notes ?? []).map((n) => `[${n}]`).join("");
    })
    .join("");
  // A data text that opens a line could otherwise read as a list item ("1. …", "- …") or a thematic break.
  if (!opensLine) return body;
  return body.replace(/^(\d+)([.)])/, "$1\\$2").replace(/^([-=+#])/, "\\$1");
}

// mdText already escapes every "|", which is also how a GFM table cell carries one.
const cell = (runs: Inline) => inline(runs, false) || " ";

function block(b: Block): string {
  switch (b.type) {
    case "paragraph":
      return inline(b.content);
    case "list":
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : "-"} ${inline(item)}`).join("\n");
    case "table":
      return [
        `| ${b.head.map(mdText).join(" | ")} |`,
        `|${b.head.map(() => "---").join("|")}|`,
        ...b.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
      ].join("\n");
    case "figure":
      return `${inline(b.caption)} The picture itself is in the HTML brief (format html).`;
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${mdText(doc.title)}`, doc.meta.map(([k, v]) => `- ${mdText(k)}: ${mdText(v)}`).join("\n")];
  for (const section of doc.sections) {
    out.push(`## ${mdText(section.title)}`);
    for (const b of section.blocks) out.push(block(b));
  }
  out.push("## Notes");
  out.push(
    doc.notes.length
      ? doc.notes.map((n) => `${n.number}. ${mdText(n.source)}, ${mdText(n.locator)}: ${mdText(n.claim)}`).join("\n")
      : "No evidence is cited: the view holds nothing about this actor.",
  );
  out.push("## Bibliography");
  out.push(
    doc.bibliography.length
      ? doc.bibliography
          .map((b) => {
            const s = b.entry;
            if (!s) return `${b.number}. **${mdText(b.id)}** (not in the source registry)`;
            const parts = [s.author, `*${mdText(s.title)}*`, s.venue, s.date].filter(Boolean).map((p, i) => (i === 1 ? p! : mdText(p!)));
            return `${b.number}. **${mdText(s.id)}** ${parts.join(", ")}${s.via ? `, cited in ${mdText(s.via)}` : ""}${s.url && /^https?:\/\//.test(s.url) ? ` <${encodeURI(s.url)}>` : ""}`;
          })
          .join("\n")
      : "No source is cited.",
  );
  return out.join("\n\n") + "\n";
}
