// Status surfaces: the error/info banner and the graph overlay for loading, empty and failed states.
import { ApiError } from "../api.js";
import { byId, el, replaceChildren } from "../dom.js";

/** A readable sentence for any failure, naming the service's stable error code when there is one. */
export function describeError(error: unknown, context?: string): string {
  const prefix = context ? `${context}: ` : "";
  if (error instanceof ApiError) return `${prefix}${error.message} (${error.code})`;
  if (error instanceof Error) return `${prefix}${error.message}`;
  return `${prefix}${String(error)}`;
}

export function showBanner(message: string, tone: "error" | "info" = "error"): void {
  const banner = byId("banner");
  banner.dataset.tone = tone;
  banner.setAttribute("role", tone === "error" ? "alert" : "status");
  replaceChildren(banner, [
    el("span", { class: "banner-text", text: message }),
    el("button", { class: "banner-close", text: "Dismiss", attrs: { type: "button" }, on: { click: () => hideBanner() } }),
  ]);
  banner.hidden = false;
}

export function hideBanner(): void {
  const banner = byId("banner");
  banner.hidden = true;
  banner.replaceChildren();
}

export type OverlayState =
  | { kind: "loading"; text: string }
  | { kind: "empty"; text: string; action?: { label: string; run: () => void } }
  | { kind: "error"; text: string; action?: { label: string; run: () => void } }
  | null;

export function setOverlay(state: OverlayState): void {
  const overlay = byId("graph-overlay");
  if (!state) {
    overlay.hidden = true;
    overlay.replaceChildren();
    delete overlay.dataset.kind;
    return;
  }
  overlay.dataset.kind = state.kind;
  overlay.hidden = false;
  const action = state.kind !== "loading" ? state.action : undefined;
  replaceChildren(overlay, [
    el("div", { class: "overlay-card" }, [
      state.kind === "loading" ? el("span", { class: "spinner", attrs: { "aria-hidden": "true" } }) : null,
      el("p", { text: state.text }),
      action ? el("button", { class: "btn", text: action.label, attrs: { type: "button" }, on: { click: action.run } }) : null,
    ]),
  ]);
}
