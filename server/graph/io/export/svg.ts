// SVG exporter: a self-contained picture of the view for reports, with legend, sources and provenance.
import type { Exporter, ExportView } from "./types.js";
import type { Confidence, NodeKind, Relation } from "../../model/types.js";
import { describeFilters, lookup, nodeSizer, provenanceLine, round, sourceLine, xmlAttr, xmlText } from "./shared.js";

const width = 1200;
const height = 900;
const plot = { left: 40, top: 96, right: 920, bottom: 876 };
const legendX = 945;
const font = "Helvetica, Arial, sans-serif";

interface Point {
  x: number;
  y: number;
}

/** Code-point-safe truncation, so an emoji is never cut in half. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max - 1).join("") + "\u2026" : text;
}

/** Greedy word wrap by character count: no font metrics on the server, so the limit is conservative. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = "";
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function finitePoint(a: Record<string, unknown>): Point | null {
  const { x, y } = a;
  return typeof x === "number" && typeof y === "number" && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

/**
 * Screen positions inside the plot area. Layout coordinates are scaled uniformly to fit; y is flipped
 * because sigma, like Gephi, draws y upwards while SVG counts it downwards. Nodes without a position
 * go on a circle in graph order, around the laid-out ones if there are any.
 */
export function placeNodes(view: ExportView): Map<string, Point> {
  const { graph } = view;
  const positioned: [string, Point][] = [];
  const missing: string[] = [];
  graph.forEachNode((key, a) => {
    const p = finitePoint(a);
    if (p) positioned.push([key, p]);
    else missing.push(key);
  });
  const cx = (plot.left + plot.right) / 2;
  const cy = (plot.top + plot.bottom) / 2;
  const radius = Math.min(plot.right - plot.left, plot.bottom - plot.top) / 2 - 30;
  const placed = new Map<string, Point>();

  if (positioned.length) {
    const halfW = missing.length ? radius * 0.65 : (plot.right - plot.left) / 2 - 20;
    const halfH = missing.length ? radius * 0.65 : (plot.bottom - plot.top) / 2 - 20;
    // A loop, not Math.min(...xs): spreading a large view overflows the argument limit.
    let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const [, p] of positioned) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
    const spanX = maxX - minX;
    const spanY = maxY - minY;
    const scale = Math.min(spanX > 0 ? (2 * halfW) / spanX : Infinity, spanY > 0 ? (2 * halfH) / spanY : Infinity);
    const s = Number.isFinite(scale) ? scale : 0;
    for (const [key, p] of positioned)
      placed.set(key, { x: cx + (p.x - (minX + maxX) / 2) * s, y: cy - (p.y - (minY + maxY) / 2) * s });
  }
  missing.forEach((key, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / missing.length;
    const r = missing.length === 1 && !positioned.length ? 0 : radius;
    placed.set(key, { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) });
  });
  return placed;
}

const strokeWidth: Record<Confidence, number> = { reported: 2, assessed: 1.2, speculative: 1.2 };
const dash = (confidence: Confidence) => (confidence === "speculative" ? ' stroke-dasharray="6 4"' : "");

function inOrder<T extends { id: string }>(vocabulary: T[], present: Set<string>, make: (id: string) => T): T[] {
  const known = vocabulary.filter((v) => present.has(v.id));
  const knownIds = new Set(known.map((v) => v.id));
  return [...known, ...[...present].filter((id) => !knownIds.has(id)).map(make)];
}

export function writeSvg(view: ExportView): string {
  const { graph } = view;
  const vocab = lookup(view);
  const placed = placeNodes(view);
  const radius = nodeSizer(view, 5, 16);

  const kindsPresent = new Set<string>();
  graph.forEachNode((_k, a) => void kindsPresent.add(a.kind));
  const relationsPresent = new Set<string>();
  const confidencesPresent = new Set<Confidence>();
  const directedRelations = new Set<string>();
  graph.forEachEdge((_e, a, _s, _t, _sa, _ta, undirected) => {
    relationsPresent.add(a.relation);
    confidencesPresent.add(a.confidence);
    if (!undirected) directedRelations.add(a.relation);
  });
  const kinds: NodeKind[] = inOrder(view.vocabulary.nodeKinds, kindsPresent, vocab.kind);
  const relations: Relation[] = inOrder(view.vocabulary.relations, relationsPresent, vocab.relation);

  // One arrowhead per colour: SVG 1.1 markers cannot take the colour of the line that uses them.
  const markerIds = new Map<string, string>();
  for (const r of relations) if (directedRelations.has(r.id) && !markerIds.has(r.color)) markerIds.set(r.color, `arrow-${markerIds.size}`);

  const footerLines = wrap(
    `Sources: ${view.sources.length ? view.sources.map((s) => `[${s.id}] ${sourceLine(s)}`).join("; ") : "none cited in this view"}`,
    190,
  );
  const totalHeight = height + 24 + footerLines.length * 15 + 22;

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${totalHeight}" viewBox="0 0 ${width} ${totalHeight}" font-family="${font}" role="img">`,
    `  <title>${xmlText(view.title)}</title>`,
    `  <desc>${xmlText(`${provenanceLine(view)}. Filters: ${describeFilters(view.filters)}.`)}</desc>`,
    "  <defs>",
    ...[...markerIds].map(
      ([color, id]) =>
        `    <marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${xmlAttr(color)}"/></marker>`,
    ),
    "  </defs>",
    `  <rect x="0" y="0" width="${width}" height="${totalHeight}" fill="#ffffff"/>`,
    `  <text x="${plot.left}" y="44" font-size="22" font-weight="bold" fill="#222">${xmlText(clip(view.title, 90))}</text>`,
    `  <text x="${plot.left}" y="68" font-size="12" fill="#555">${xmlText(
      clip(`${graph.order} nodes, ${graph.size} relations · filters: ${describeFilters(view.filters)}`, 150),
    )}</text>`,
    '  <g id="edges" fill="none" stroke-linecap="round">',
  ];

  // Parallel edges between one pair are bent apart symmetrically so none hides another.
  const pairs = new Map<string, string[]>();
  graph.forEachEdge((edge, _a, s, t) => {
    const pair = s < t ? `${s}\u0000${t}` : `${t}\u0000${s}`;
    pairs.set(pair, [...(pairs.get(pair) ?? []), edge]);
  });
  graph.forEachEdge((edge, a, s, t, sa, ta, undirected) => {
    const relation = vocab.relation(a.relation);
    const p0 = placed.get(s)!;
    const p2 = placed.get(t)!;
    const siblings = pairs.get(s < t ? `${s}\u0000${t}` : `${t}\u0000${s}`)!;
    const offset = (siblings.indexOf(edge) - (siblings.length - 1) / 2) * 26;
    let d: string;
    if (s === t) {
      d = `M${round(p0.x)},${round(p0.y)} c40,-50 70,10 0,0`;
    } else {
      // The normal follows the pair's canonical order, so opposite-direction siblings still spread apart.
      const [from, to] = s < t ? [p0, p2] : [p2, p0];
      const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
      const normal = { x: -(to.y - from.y) / len, y: (to.x - from.x) / len };
      const control = { x: (p0.x + p2.x) / 2 + normal.x * offset, y: (p0.y + p2.y) / 2 + normal.y * offset };
      let end = p2;
      if (!undirected) {
        // Stop at the target's rim so the arrowhead is not hidden under the circle.
        const back = Math.hypot(p2.x - control.x, p2.y - control.y) || 1;
        const r = radius(t) + 1.5;
        end = { x: p2.x - ((p2.x - control.x) / back) * r, y: p2.y - ((p2.y - control.y) / back) * r };
      }
      d = `M${round(p0.x)},${round(p0.y)} Q${round(control.x)},${round(control.y)} ${round(end.x)},${round(end.y)}`;
    }
    const marker = undirected ? "" : ` marker-end="url(#${markerIds.get(relation.color)})"`;
    const dates = [a.since && `since ${a.since}`, a.until && `until ${a.until}`].filter(Boolean).join(", ");
    const tooltip = `${sa.label} ${undirected ? "\u2014" : "\u2192"} ${relation.label} ${undirected ? "\u2014" : "\u2192"} ${ta.label} (${a.confidence}${dates ? `, ${dates}` : ""})`;
    out.push(
      `    <path d="${d}" stroke="${xmlAttr(relation.color)}" stroke-width="${strokeWidth[a.confidence] ?? 1.2}" stroke-opacity="0.85"${dash(a.confidence)}${marker}><title>${xmlText(tooltip)}</title></path>`,
    );
  });
  out.push("  </g>", '  <g id="nodes">');
  graph.forEachNode((key, a) => {
    const p = placed.get(key)!;
    const r = round(radius(key));
    const kind = vocab.kind(a.kind);
    out.push(
      `    <g><circle cx="${round(p.x)}" cy="${round(p.y)}" r="${r}" fill="${xmlAttr(kind.color)}" stroke="#ffffff" stroke-width="1.5"><title>${xmlText(`${a.label} (${kind.label})`)}</title></circle>` +
        `<text x="${round(p.x + r + 4)}" y="${round(p.y + 4)}" font-size="11" fill="#222" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${xmlText(clip(a.label ?? key, 48))}</text></g>`,
    );
  });
  out.push("  </g>");

  // Legend: only what the picture shows.
  const legend: string[] = [];
  const confidences = (["reported", "assessed", "speculative"] as const).filter((c) => confidencesPresent.has(c));
  // Rows tighten when a large view would otherwise push the legend into the footer.
  const rows = kinds.length + relations.length + confidences.length;
  const step = Math.max(12, Math.min(17, (plot.bottom - plot.top - 3 * 26) / Math.max(1, rows)));
  let y = plot.top + 4;
  const heading = (text: string) => {
    legend.push(`    <text x="${legendX}" y="${y}" font-size="12" font-weight="bold" fill="#222">${xmlText(text)}</text>`);
    y += 18;
  };
  if (kinds.length) heading("Kinds");
  for (const k of kinds) {
    legend.push(
      `    <g class="legend-kind"><circle cx="${legendX + 6}" cy="${y - 4}" r="6" fill="${xmlAttr(k.color)}"/><text x="${legendX + 20}" y="${y}" font-size="11" fill="#222">${xmlText(clip(k.label, 34))}</text></g>`,
    );
    y += step;
  }
  if (relations.length) {
    y += 8;
    heading("Relations");
  }
  for (const r of relations) {
    const marker = directedRelations.has(r.id) ? ` marker-end="url(#${markerIds.get(r.color)})"` : "";
    legend.push(
      `    <g class="legend-relation"><path d="M${legendX},${y - 4} L${legendX + 26},${y - 4}" stroke="${xmlAttr(r.color)}" stroke-width="2"${marker}/><text x="${legendX + 34}" y="${y}" font-size="11" fill="#222">${xmlText(clip(r.label, 30))}</text></g>`,
    );
    y += step;
  }
  if (confidences.length) {
    y += 8;
    heading("Confidence");
  }
  for (const c of confidences) {
    legend.push(
      `    <g class="legend-confidence"><path d="M${legendX},${y - 4} L${legendX + 26},${y - 4}" stroke="#555" stroke-width="${strokeWidth[c]}"${dash(c)}/><text x="${legendX + 34}" y="${y}" font-size="11" fill="#222">${c}</text></g>`,
    );
    y += step;
  }
  out.push('  <g id="legend">', ...legend, "  </g>");

  let fy = height + 20;
  out.push(
    '  <g id="footer" font-size="11" fill="#444">',
    `    <line x1="${plot.left}" y1="${height}" x2="${width - plot.left}" y2="${height}" stroke="#cccccc"/>`,
  );
  for (const line of footerLines) {
    out.push(`    <text x="${plot.left}" y="${fy}">${xmlText(line)}</text>`);
    fy += 15;
  }
  out.push(`    <text x="${plot.left}" y="${fy + 4}" fill="#777">${xmlText(`${provenanceLine(view)} · actor-graph`)}</text>`, "  </g>");
  out.push("</svg>", "");
  return out.join("\n");
}

export const exportSvg: Exporter = (view) => ({
  body: writeSvg(view),
  contentType: "image/svg+xml; charset=utf-8",
  extension: "svg",
});
