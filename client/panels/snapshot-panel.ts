// Save snapshot: POSTs the view (filters, as-of, what is shown, selection, path, camera, custom positions) and shows its permalink.
import { api, type SnapshotRequest } from "../api.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren, uniqueId } from "../dom.js";
import { readCamera } from "../renderer/camera.js";
import { currentPositions } from "../renderer/graph-model.js";
import { permalinkFor, serializeViewState } from "../state.js";
import { describeError } from "./status-panel.js";
import { shownParams } from "../view-description.js";
import { exportFormatLabels } from "./export-panel.js";

export function mountSnapshotPanel(container: HTMLElement, ctx: AppContext, isCustomLayout: () => boolean): void {
  const titleId = uniqueId("snapshot-title");
  const title = el("input", { attrs: { id: titleId, type: "text", maxlength: 200, placeholder: "Optional title" } });
  const noteId = uniqueId("snapshot-note");
  const note = el("textarea", { attrs: { id: noteId, rows: 2, maxlength: 2000, placeholder: "Optional note: what this view shows and why" } });
  const save = el("button", { class: "btn btn-primary", text: "Save snapshot", attrs: { type: "submit", id: "save-snapshot" } });
  const result = el("div", { class: "snapshot-result", attrs: { "aria-live": "polite" } });
  const form = el("form", { class: "snapshot-form" }, [
    el("label", { class: "field-label", text: "Snapshot title", attrs: { for: titleId } }),
    el("div", { class: "inline-row" }, [title, save]),
    el("label", { class: "field-label", text: "Note", attrs: { for: noteId } }),
    note,
  ]);
  container.append(form, result);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    replaceChildren(result, [el("p", { class: "muted", text: "Saving…" })]);
    try {
      const state = { ...ctx.store.get(), camera: readCamera(ctx.renderer), snapshot: null };
      const body: SnapshotRequest = {
        view: {
          query: serializeViewState(state),
          selection: state.selected,
          ego: state.ego,
          path: state.path,
          camera: state.camera,
          sizeBy: state.sizeBy,
        },
      };
      if (title.value.trim()) body.title = title.value.trim();
      if (note.value.trim()) body.note = note.value.trim();
      if (state.kinds.length) body.kinds = state.kinds;
      if (state.relations.length) body.relations = state.relations;
      if (state.minConfidence) body.minConfidence = state.minConfidence;
      if (state.asOf) body.asOf = state.asOf;
      // The frozen graph is what the screen shows: ego focus, hidden undated relations and unconnected actors.
      const shown = shownParams(ctx, state);
      if (shown.focus) [body.focus, body.depth] = [shown.focus, shown.depth];
      if (shown.hideUndated) body.hideUndated = true;
      if (shown.hideIsolated) body.hideIsolated = true;
      if (isCustomLayout()) body.positions = currentPositions(ctx.model.graph);
      const created = await api.createSnapshot(body);
      ctx.store.update({ snapshot: created.id, camera: state.camera }, "replace");
      showPermalink(created.id);
    } catch (error) {
      replaceChildren(result, [el("p", { class: "error-text", attrs: { role: "alert" }, text: describeError(error, "Snapshot not saved") })]);
    } finally {
      save.disabled = false;
    }
  });

  function showPermalink(id: string) {
    const url = permalinkFor(id);
    const linkId = uniqueId("permalink");
    const field = el("input", { attrs: { id: linkId, type: "text", readonly: true, value: url }, dataset: { snapshot: id } });
    field.value = url;
    const copy = el("button", { class: "btn btn-small", text: "Copy", attrs: { type: "button" } });
    copy.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(url);
        copy.textContent = "Copied";
      } catch {
        copy.textContent = "Press Ctrl+C";
      }
      setTimeout(() => (copy.textContent = "Copy"), 1600);
    });
    const exports = exportFormatLabels.map(({ format, label }) =>
      el("a", { class: "chip-link", text: label, attrs: { href: api.snapshotExportUrl(id, format), download: true }, dataset: { format } }),
    );
    replaceChildren(result, [
      el("label", { class: "field-label", text: "Permalink", attrs: { for: linkId } }),
      el("div", { class: "inline-row" }, [field, copy]),
      el("div", { class: "chip-row", attrs: { role: "group", "aria-label": "Snapshot downloads" } }, exports),
    ]);
  }

  const current = ctx.store.get().snapshot;
  if (current) showPermalink(current);
}
