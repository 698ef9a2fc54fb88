// PNG of the current view for a report: a header band (title, filters, date), the graph, a legend band and the sources line.
import type { ActorSigma } from "./create-renderer.js";

export interface PngCaption {
  title: string;
  /** One line describing the filters, as-of date and focus. */
  filters: string;
  /** Export date, data version and counts. */
  stamp: string;
  kinds: { label: string; color: string }[];
  relations: { label: string; color: string }[];
  /** Short references of the sources behind what is shown. */
  sources: string[];
}

/** Heights in image pixels of each band, top to bottom (for checks and for the caller's information). */
export interface PngLayout {
  width: number;
  header: number;
  graph: number;
  legend: number;
  sources: number;
}

const INK = "#1f2430";
const MUTED = "#5b6270";
const FONT = "system-ui, 'Segoe UI', sans-serif";

/** Lays out `items` in rows (chip, gap, label) within `width`, returning each item's position and the total height. */
function flow(ctx: CanvasRenderingContext2D, labels: string[], width: number, pad: number, line: number, chip: number) {
  let x = pad;
  let y = 0;
  const places = labels.map((label) => {
    const w = chip + pad / 2 + ctx.measureText(label).width + pad * 1.5;
    if (x + w > width - pad && x > pad) {
      x = pad;
      y += line;
    }
    const place = { x, y };
    x += w;
    return place;
  });
  return { places, height: labels.length ? y + line : 0 };
}

/** Splits text into lines that fit `width`, at most `max` lines (the last one ends with … when cut). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number, max: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    const next = current ? `${current} ${word}` : word;
    if (ctx.measureText(next).width > width && current) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current) lines.push(current);
  if (lines.length > max) {
    lines.length = max;
    lines[max - 1] = `${lines[max - 1]} …`;
  }
  return lines;
}

/**
 * Draws the view into a PNG. Sigma 4 renders everything into one WebGL stage canvas without preserveDrawingBuffer,
 * so the copy happens right after a synchronous render, in the same task. The legend has its own band below the
 * graph, so it never covers labels.
 */
export async function renderPng(renderer: ActorSigma, caption: PngCaption): Promise<{ blob: Blob; layout: PngLayout }> {
  const stage = renderer.getStageCanvas();
  const scale = stage.width / Math.max(1, stage.clientWidth);
  const width = stage.width;
  const pad = 12 * scale;
  const measure = document.createElement("canvas").getContext("2d");
  if (!measure) throw new Error("This browser cannot draw a 2D canvas");

  measure.font = `${11 * scale}px ${FONT}`;
  const legendLabels = [...caption.kinds, ...caption.relations].map((i) => i.label);
  const legendFlow = flow(measure, legendLabels, width, pad, 18 * scale, 12 * scale);
  measure.font = `${10.5 * scale}px ${FONT}`;
  const sourceLines = caption.sources.length ? wrap(measure, `Sources: ${caption.sources.join("; ")}`, width - 2 * pad, 4) : [];

  const layout: PngLayout = {
    width,
    header: Math.round(64 * scale),
    graph: stage.height,
    legend: Math.round(legendFlow.height + (legendFlow.height ? 2 * pad : 0)),
    sources: Math.round(sourceLines.length * 14 * scale + (sourceLines.length ? pad : 0)),
  };
  const out = document.createElement("canvas");
  out.width = width;
  out.height = layout.header + layout.graph + layout.legend + layout.sources;
  const ctx = out.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw a 2D canvas");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.textBaseline = "top";

  // Header band.
  ctx.fillStyle = INK;
  ctx.font = `600 ${16 * scale}px ${FONT}`;
  ctx.fillText(caption.title, pad, pad, width - 2 * pad);
  ctx.font = `${11 * scale}px ${FONT}`;
  ctx.fillStyle = MUTED;
  ctx.fillText(caption.filters, pad, pad + 22 * scale, width - 2 * pad);
  ctx.fillText(caption.stamp, pad, pad + 37 * scale, width - 2 * pad);
  ctx.fillStyle = "#e3e6ea";
  ctx.fillRect(0, layout.header - scale, width, scale);

  // The graph.
  renderer.refresh();
  ctx.drawImage(stage, 0, layout.header);

  // Legend band.
  let y = layout.header + layout.graph;
  ctx.fillStyle = "#e3e6ea";
  ctx.fillRect(0, y, width, scale);
  ctx.font = `${11 * scale}px ${FONT}`;
  ctx.textBaseline = "middle";
  const items = [...caption.kinds.map((k) => ({ ...k, dot: true })), ...caption.relations.map((r) => ({ ...r, dot: false }))];
  items.forEach((item, i) => {
    const { x, y: row } = legendFlow.places[i];
    const cy = y + pad + row + 9 * scale;
    ctx.fillStyle = item.color;
    if (item.dot) {
      ctx.beginPath();
      ctx.arc(x + 6 * scale, cy, 5 * scale, 0, Math.PI * 2);
      ctx.fill();
    } else ctx.fillRect(x, cy - 1.5 * scale, 12 * scale, 3 * scale);
    ctx.fillStyle = INK;
    ctx.fillText(item.label, x + 12 * scale + pad / 2, cy);
  });

  // Sources line.
  y += layout.legend;
  ctx.textBaseline = "top";
  ctx.font = `${10.5 * scale}px ${FONT}`;
  ctx.fillStyle = MUTED;
  sourceLines.forEach((line, i) => ctx.fillText(line, pad, y + i * 14 * scale));

  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The image could not be encoded");
  return { blob, layout };
}

/** Saves a blob through a temporary download link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
