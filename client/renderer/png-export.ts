// PNG of the current view: the sigma 4 stage canvas (nodes, edges and WebGL labels) over a white background.
import type { ActorSigma } from "./create-renderer.js";

/**
 * Draws the current view into a PNG. Sigma 4 renders everything into one WebGL stage canvas without
 * preserveDrawingBuffer, so the copy happens right after a synchronous render, in the same task.
 * (@sigma/export-image 3.x targets sigma 3's layered canvases and does not work with sigma 4.)
 */
export async function renderPng(renderer: ActorSigma, legend?: { label: string; color: string }[]): Promise<Blob> {
  const stage = renderer.getStageCanvas();
  const out = document.createElement("canvas");
  out.width = stage.width;
  out.height = stage.height;
  const ctx = out.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw a 2D canvas");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  renderer.refresh();
  ctx.drawImage(stage, 0, 0);
  if (legend?.length) drawLegend(ctx, legend, stage.width / Math.max(1, stage.clientWidth));
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The image could not be encoded");
  return blob;
}

function drawLegend(ctx: CanvasRenderingContext2D, items: { label: string; color: string }[], scale: number): void {
  const line = 16 * scale;
  const pad = 8 * scale;
  ctx.font = `${11 * scale}px system-ui, sans-serif`;
  const width = Math.max(...items.map((i) => ctx.measureText(i.label).width)) + 3 * pad + 10 * scale;
  const height = items.length * line + pad;
  ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
  ctx.fillRect(pad, pad, width, height);
  items.forEach((item, i) => {
    const y = pad + pad / 2 + i * line + line / 2;
    ctx.fillStyle = item.color;
    ctx.beginPath();
    ctx.arc(2 * pad, y, 5 * scale, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = "#1f2430";
    ctx.textBaseline = "middle";
    ctx.fillText(item.label, 3 * pad + 4 * scale, y);
  });
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
