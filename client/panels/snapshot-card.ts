// The card a reopened snapshot shows over the graph: its title, its note and when it was saved.
import type { Snapshot } from "../api-types.js";
import { el, replaceChildren } from "../dom.js";

export function mountSnapshotCard(container: HTMLElement, snapshot: Snapshot | null): void {
  if (!snapshot) return;
  const saved = new Date(snapshot.createdAt);
  replaceChildren(container, [
    el("div", { class: "snapshot-card-text" }, [
      el("p", { class: "snapshot-card-kicker muted small", text: `Snapshot ${snapshot.id.slice(0, 10)} · saved ${Number.isNaN(saved.getTime()) ? snapshot.createdAt : saved.toISOString().slice(0, 10)}` }),
      el("h2", { class: "snapshot-card-title", text: snapshot.title || "Untitled snapshot" }),
      snapshot.note ? el("p", { class: "snapshot-card-note", text: snapshot.note }) : null,
    ]),
    el("button", {
      class: "icon-btn",
      text: "×",
      attrs: { type: "button", "aria-label": "Hide the snapshot card", title: "Hide" },
      on: { click: () => (container.hidden = true) },
    }),
  ]);
  container.hidden = false;
}
